package dev.breachnotify.audit.export;

import dev.breachnotify.audit.checkpoint.Checkpoints;
import dev.breachnotify.audit.checkpoint.SignedCheckpoint;
import dev.breachnotify.platform.security.Roles;
import dev.breachnotify.verifier.ExportFormat;
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
import io.micronaut.security.authentication.Authentication;
import java.sql.SQLException;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * The audit log for the data-protection officer: the CSV and the verifiable JSON Lines exports, consistency proofs
 * and the head. They read the log; each export also puts itself on the record ({@link ExportRecorder}) first.
 */
@Controller("/api/audit")
@Secured({Roles.DPO, Roles.ADMIN})
public class AuditExportController {

    /** {@code text/csv; charset=UTF-8}. */
    public static final String TEXT_CSV_UTF8 = "text/csv; charset=UTF-8";

    /** {@code application/x-ndjson; charset=UTF-8}: JSON Lines. */
    public static final String JSON_LINES_UTF8 = "application/x-ndjson; charset=UTF-8";

    private final AuditLogReader reader;
    private final JsonlExport jsonl;
    private final Checkpoints checkpoints;
    private final ExportRecorder recorder;

    public AuditExportController(
            AuditLogReader reader, JsonlExport jsonl, Checkpoints checkpoints, ExportRecorder recorder) {
        this.reader = reader;
        this.jsonl = jsonl;
        this.checkpoints = checkpoints;
        this.recorder = recorder;
    }

    /**
     * The entries matching every given filter, in index order, as RFC 4180 CSV with the columns
     * {@link AuditLogReader#COLUMNS}, streamed, cells that a spreadsheet would run as a formula prefixed with
     * {@code '} (platform's {@code CsvWriter}; {@code event_json}, a JSON object, is never touched and still hashes
     * to {@code leaf_hash}). At least one filter, or {@code all=true}.
     *
     * @param advisoryId entries of this advisory
     * @param practiceId entries about this practice
     * @param from       entries that occurred at or after this ISO-8601 instant
     * @param to         entries that occurred before this ISO-8601 instant
     * @param all        {@code true} to allow an export without filters (the whole log)
     */
    @Get(uri = "/export.csv", produces = TEXT_CSV_UTF8)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Publisher<byte[]>> export(
            @Nullable @QueryValue String advisoryId,
            @Nullable @QueryValue String practiceId,
            @Nullable @QueryValue String from,
            @Nullable @QueryValue String to,
            @Nullable @QueryValue String all,
            Authentication user) {
        ExportFilter filter = ExportFilter.parse(advisoryId, practiceId, from, to, all);
        recorder.record(user.getName(), "csv", filter, "true".equals(all), null);
        return HttpResponse.<Publisher<byte[]>>ok(reader.exportCsv(filter))
                .contentType(MediaType.of(TEXT_CSV_UTF8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filter.fileName() + '"')
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    /**
     * The same entries as JSON Lines that verify offline ({@code docs/audit.md}): each with its inclusion proof
     * against a checkpoint signed just before the export (covering the whole log at that moment), then a signed
     * manifest. {@code consistencyFrom} adds a consistency proof from that earlier tree size to the checkpoint.
     */
    @Get(uri = "/export.jsonl", produces = JSON_LINES_UTF8)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Publisher<byte[]>> exportJsonl(
            @Nullable @QueryValue String advisoryId,
            @Nullable @QueryValue String practiceId,
            @Nullable @QueryValue String from,
            @Nullable @QueryValue String to,
            @Nullable @QueryValue String all,
            @Nullable @QueryValue String consistencyFrom,
            Authentication user) {
        ExportFilter filter = ExportFilter.parse(advisoryId, practiceId, from, to, all);
        SignedCheckpoint checkpoint = checkpoints.issueNow();
        Long olderSize = size("consistencyFrom", consistencyFrom);
        if (olderSize != null && olderSize > checkpoint.treeSize()) {
            throw new BadParameterException(
                    "consistencyFrom", "must be at most the checkpoint's tree size " + checkpoint.treeSize());
        }
        boolean everything = "true".equals(all);
        recorder.record(user.getName(), "jsonl", filter, everything, checkpoint.treeSize());
        return HttpResponse.<Publisher<byte[]>>ok(
                        jsonl.export(filter, everything, checkpoint, olderSize, user.getName()))
                .contentType(MediaType.of(JSON_LINES_UTF8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"" + filter.fileName().replaceAll("\\.csv$", ".jsonl") + '"')
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    /**
     * A consistency proof between two tree sizes (RFC 9162 section 2.1.4), as the line the verifier's
     * {@code --consistency} option reads: {@code {"kind":"consistency","fromSize":…,"toSize":…,"proof":[…]}}.
     */
    @Get(uri = "/consistency", produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public String consistency(@Nullable @QueryValue String from, @Nullable @QueryValue String to) {
        Long older = size("from", from);
        Long newer = size("to", to);
        if (older == null || newer == null) {
            throw new BadParameterException(older == null ? "from" : "to", "is required");
        }
        if (older > newer) {
            throw new BadParameterException("from", "must be at most to");
        }
        try {
            return ExportFormat.consistency(older, newer, checkpoints.consistencyProof(older, newer));
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("to", e.getMessage());
        }
    }

    private static Long size(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            long size = Long.parseLong(value.trim());
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new BadParameterException(name, "must be a tree size (a whole number, 0 or more)");
        }
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
                "error", "bad_parameter", "parameter", e.parameter(), "message", e.parameter() + " " + e.getMessage()));
    }
}
