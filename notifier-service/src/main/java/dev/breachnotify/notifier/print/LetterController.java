package dev.breachnotify.notifier.print;

import dev.breachnotify.platform.security.Roles;
import io.micronaut.core.annotation.Nullable;
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
import io.micronaut.transaction.TransactionOperations;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.util.Map;

/** Letters: the print-and-mail service's dispatch report, and counts of letters by state. */
@Controller("/api/letters")
@Secured({Roles.COMMUNICATIONS, Roles.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class LetterController {

    private final DispatchReportImporter importer;
    private final TransactionOperations<Connection> transactions;
    private final PrintStore store;

    public LetterController(
            DispatchReportImporter importer, TransactionOperations<Connection> transactions, PrintStore store) {
        this.importer = importer;
        this.transactions = transactions;
        this.store = store;
    }

    /**
     * Imports a dispatch report (CSV: {@code batch_id, practice_id, posted_date}). 200 with the report (which
     * names every rejected line), 400 when the file cannot be read at all.
     */
    @Post(
            uri = "/dispatch-report",
            consumes = {"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    public HttpResponse<?> dispatchReport(
            @Body InputStream body, @QueryValue(defaultValue = "dispatch-report") String source) throws IOException {
        try {
            return HttpResponse.ok(importer.importReport(body, source));
        } catch (DispatchReportImporter.ReportFileException e) {
            return HttpResponse.badRequest(Map.of("error", "cannot import " + source + ": " + e.getMessage()));
        }
    }

    /** Letters by state (QUEUED, BATCHED, HANDED_OVER, POSTED, SKIPPED), of one advisory or all. */
    @Get("/status")
    public Map<String, Long> status(@Nullable @QueryValue String advisoryId) {
        return transactions.executeRead(status -> store.countsByStatus(status.getConnection(), advisoryId));
    }
}
