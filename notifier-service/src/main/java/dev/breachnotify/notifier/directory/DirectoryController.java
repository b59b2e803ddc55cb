package dev.breachnotify.notifier.directory;

import dev.breachnotify.platform.security.Roles;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import java.io.InputStream;
import java.util.Map;

/** Imports the practice directory. */
@Controller("/api/practices")
@Secured({Roles.COMMUNICATIONS, Roles.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class DirectoryController {

    private final DirectoryImporter importer;

    public DirectoryController(DirectoryImporter importer) {
        this.importer = importer;
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
        DirectoryImporter.Format format = request.getContentType()
                        .filter(type -> type.getSubtype().equals("json"))
                        .isPresent()
                ? DirectoryImporter.Format.JSON
                : DirectoryImporter.Format.CSV;
        try {
            ImportReport report = importer.importFile(body, format, strict, source, dryRun);
            return report.applied() || dryRun
                    ? HttpResponse.ok(report)
                    : HttpResponse.unprocessableEntity().body(report);
        } catch (DirectoryFileException e) {
            return HttpResponse.badRequest(Map.of(
                    "error", "cannot import " + source + ": " + e.getMessage(), "line", e.line(), "applied", false));
        }
    }
}
