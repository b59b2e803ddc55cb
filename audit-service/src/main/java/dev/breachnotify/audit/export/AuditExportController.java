package dev.breachnotify.audit.export;

import dev.breachnotify.platform.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import org.reactivestreams.Publisher;

import java.sql.SQLException;
import java.util.Map;

/**
 * The audit log for the data-protection officer: the CSV export and the head. Both only read.
 */
@Controller("/api/audit")
@Secured({Roles.DPO, Roles.ADMIN})
public class AuditExportController {

    /** {@code text/csv; charset=UTF-8}. */
    public static final String TEXT_CSV_UTF8 = "text/csv; charset=UTF-8";

    private final AuditLogReader reader;

    public AuditExportController(AuditLogReader reader) {
        this.reader = reader;
    }

    /**
     * The entries matching every given filter, in index order, as RFC 4180 CSV with the columns
     * {@link AuditLogReader#COLUMNS}, streamed. At least one filter, or {@code all=true}.
     *
     * @param advisoryId entries of this advisory
     * @param practiceId entries about this practice
     * @param from       entries that occurred at or after this ISO-8601 instant
     * @param to         entries that occurred before this ISO-8601 instant
     * @param all        {@code true} to allow an export without filters (the whole log)
     */
    @Get(uri = "/export.csv", produces = TEXT_CSV_UTF8)
    public HttpResponse<Publisher<byte[]>> export(@Nullable @QueryValue String advisoryId,
                                                  @Nullable @QueryValue String practiceId,
                                                  @Nullable @QueryValue String from,
                                                  @Nullable @QueryValue String to,
                                                  @Nullable @QueryValue String all) {
        ExportFilter filter = ExportFilter.parse(advisoryId, practiceId, from, to, all);
        return HttpResponse.<Publisher<byte[]>>ok(reader.exportCsv(filter))
                .contentType(MediaType.of(TEXT_CSV_UTF8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filter.fileName() + '"')
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    /** How long the log is and when it last grew. */
    @Get(uri = "/head", produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public LogHead head() throws SQLException {
        return reader.head();
    }

    @Error(exception = BadParameterException.class)
    HttpResponse<Map<String, String>> badParameter(BadParameterException e) {
        return HttpResponse.badRequest(Map.of(
                "error", "bad_parameter",
                "parameter", e.parameter(),
                "message", e.parameter() + " " + e.getMessage()));
    }
}
