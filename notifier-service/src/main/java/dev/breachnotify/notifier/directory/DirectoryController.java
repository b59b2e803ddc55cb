package dev.breachnotify.notifier.directory;

import dev.breachnotify.platform.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Supplier;

/** Imports the practice directory and the practices' contacts; shows a practice with its contacts and partners. */
@Controller("/api/practices")
@Secured({Roles.COMMUNICATIONS, Roles.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class DirectoryController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final DirectoryImporter importer;
    private final ContactImporter contacts;
    private final DirectoryViews views;

    public DirectoryController(DirectoryImporter importer, ContactImporter contacts, DirectoryViews views) {
        this.importer = importer;
        this.contacts = contacts;
        this.views = views;
    }

    /**
     * Imports a directory file sent as the request body: CSV ({@code text/csv}) or JSON
     * ({@code application/json}). 200 with the report when the valid rows were applied, 422 when strict mode
     * rejected the file, 400 when the file cannot be read (nothing written either way). With
     * {@code dryRun=true} the file is checked and counted but nothing is written: 200 with the report that an
     * import would give ({@code applied} false, {@code dryRun} true).
     */
    @Post(
            uri = "/import",
            consumes = {"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON
            })
    public HttpResponse<?> importFile(
            @Body InputStream body,
            HttpRequest<?> request,
            @QueryValue(defaultValue = "false") boolean strict,
            @QueryValue(defaultValue = "upload") String source,
            @QueryValue(defaultValue = "false") boolean dryRun) {
        return answer(() -> importer.importFile(body, format(request), strict, source, dryRun), source, dryRun);
    }

    /**
     * Imports a contacts file (one contact per row, linked by practice id): the contacts of each practice it names
     * replace those the practice had. All or nothing: 422 with the report when any row has a problem.
     */
    @Post(
            uri = "/contacts/import",
            consumes = {"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON
            })
    public HttpResponse<?> importContacts(
            @Body InputStream body,
            HttpRequest<?> request,
            @QueryValue(defaultValue = "upload") String source,
            @QueryValue(defaultValue = "false") boolean dryRun) {
        return answer(() -> contacts.importFile(body, format(request), source, dryRun), source, dryRun);
    }

    /** A practice with its contacts, its partner assignments and the partners' names; 404 if unknown. */
    @Get("/{practiceId}")
    public HttpResponse<?> practice(String practiceId) {
        return views.practice(practiceId)
                .<HttpResponse<?>>map(HttpResponse::ok)
                .orElseGet(() -> notFound("practice", practiceId));
    }

    static DirectoryImporter.Format format(HttpRequest<?> request) {
        return request.getContentType()
                        .filter(type -> type.getSubtype().equals("json"))
                        .isPresent()
                ? DirectoryImporter.Format.JSON
                : DirectoryImporter.Format.CSV;
    }

    static HttpResponse<?> answer(Supplier<ImportReport> run, String source, boolean dryRun) {
        try {
            ImportReport report = run.get();
            return report.applied() || dryRun
                    ? HttpResponse.ok(report)
                    : HttpResponse.unprocessableEntity().body(report);
        } catch (DirectoryFileException e) {
            return HttpResponse.badRequest(Map.of(
                    "error", "cannot import " + source + ": " + e.getMessage(), "line", e.line(), "applied", false));
        }
    }

    /** The page size asked for, the default when none, {@code null} when out of range. */
    static Integer limit(@Nullable Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        return limit < 1 || limit > MAX_LIMIT ? null : limit;
    }

    static HttpResponse<?> badLimit() {
        return HttpResponse.badRequest(Map.of("error", "limit must be between 1 and " + MAX_LIMIT));
    }

    static HttpResponse<?> notFound(String what, String id) {
        return HttpResponse.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no " + what + " '" + id + "'"));
    }
}
