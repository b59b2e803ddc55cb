package dev.breachnotify.notifier.directory;

import dev.breachnotify.platform.security.Roles;
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
     * Imports a CSV file sent as the request body. 200 with the report when the valid rows were applied,
     * 422 when strict mode rejected the file, 400 when the file cannot be read (nothing written either way).
     */
    @Post(uri = "/import", consumes = {"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    public HttpResponse<?> importCsv(@Body InputStream body,
                                     @QueryValue(defaultValue = "false") boolean strict,
                                     @QueryValue(defaultValue = "upload.csv") String source) {
        try {
            ImportReport report = importer.importCsv(body, strict, source);
            return report.applied() ? HttpResponse.ok(report) : HttpResponse.unprocessableEntity().body(report);
        } catch (DirectoryFileException e) {
            return HttpResponse.badRequest(Map.of("error", "cannot import " + source + ": " + e.getMessage(),
                    "line", e.line(), "applied", false));
        }
    }
}
