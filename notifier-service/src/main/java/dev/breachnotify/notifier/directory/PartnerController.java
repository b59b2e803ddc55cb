package dev.breachnotify.notifier.directory;

import dev.breachnotify.platform.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
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

/**
 * The IT service partners: {@code POST /api/partners/import} (CSV or JSON, all or nothing),
 * {@code GET /api/partners} (paged, with how many practices each looks after) and {@code GET /api/partners/{id}}
 * (with its practices, paged).
 */
@Controller("/api/partners")
@Secured({Roles.COMMUNICATIONS, Roles.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class PartnerController {

    private final PartnerImporter importer;
    private final DirectoryViews views;

    public PartnerController(PartnerImporter importer, DirectoryViews views) {
        this.importer = importer;
        this.views = views;
    }

    /** 200 with the report when applied (or a dry run), 422 when a row had a problem, 400 when unreadable. */
    @Post(
            uri = "/import",
            consumes = {"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON
            })
    public HttpResponse<?> importFile(
            @Body InputStream body,
            HttpRequest<?> request,
            @QueryValue(defaultValue = "upload") String source,
            @QueryValue(defaultValue = "false") boolean dryRun) {
        return DirectoryController.answer(
                () -> importer.importFile(body, DirectoryController.format(request), source, dryRun), source, dryRun);
    }

    @Get
    public HttpResponse<?> list(@Nullable @QueryValue String after, @Nullable @QueryValue Integer limit) {
        Integer checked = DirectoryController.limit(limit);
        return checked == null ? DirectoryController.badLimit() : HttpResponse.ok(views.partners(after, checked));
    }

    @Get("/{partnerId}")
    public HttpResponse<?> partner(
            String partnerId, @Nullable @QueryValue String after, @Nullable @QueryValue Integer limit) {
        Integer checked = DirectoryController.limit(limit);
        if (checked == null) {
            return DirectoryController.badLimit();
        }
        return views.partner(partnerId, after, checked)
                .<HttpResponse<?>>map(HttpResponse::ok)
                .orElseGet(() -> DirectoryController.notFound("partner", partnerId));
    }
}
