package dev.breachnotify.audit.report;

import dev.breachnotify.audit.log.IncomingRecord;
import dev.breachnotify.platform.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import java.security.Principal;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.reactivestreams.Publisher;

/**
 * The data-protection officer's evidence of one advisory: the PDF report, and the CSV of the practices still
 * outstanding. Roles {@code DPO} and {@code ADMIN}, like the export. Both only read.
 */
@Controller("/api/audit/advisories")
@Secured({Roles.DPO, Roles.ADMIN})
public class EvidenceReportController {

    /** {@code application/pdf}. */
    public static final String APPLICATION_PDF = "application/pdf";
    /** {@code text/csv; charset=UTF-8}. */
    public static final String TEXT_CSV_UTF8 = "text/csv; charset=UTF-8";

    private final EvidenceQueries queries;
    private final OutstandingCsv outstandingCsv;
    private final AnswersCsv answersCsv;
    private final ReportSettings settings;
    private final AnchorSource anchors;
    private final Clock clock;

    /**
     * @param anchors the signed checkpoints, or {@code null} while the log has none to offer (the report then
     *                says so)
     */
    public EvidenceReportController(
            EvidenceQueries queries,
            OutstandingCsv outstandingCsv,
            AnswersCsv answersCsv,
            ReportSettings settings,
            @Nullable AnchorSource anchors,
            Clock clock) {
        this.queries = queries;
        this.outstandingCsv = outstandingCsv;
        this.answersCsv = answersCsv;
        this.settings = settings;
        this.anchors = anchors;
        this.clock = clock;
    }

    /**
     * The evidence report of an advisory as PDF; 404 if the log holds no {@code advisory.published} entry for it.
     * The checkpoint is read before the log's snapshot, so it never claims more entries than the report covers.
     */
    @Get(
            uri = "/{advisoryId}/evidence.pdf",
            produces = {APPLICATION_PDF, MediaType.APPLICATION_JSON})
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<?> evidence(@PathVariable String advisoryId, @Nullable Principal principal)
            throws SQLException {
        Optional<HttpResponse<?>> bad = badId(advisoryId);
        if (bad.isPresent()) {
            return bad.get();
        }
        Anchor anchor = anchors == null ? null : anchors.latest().orElse(null);
        String user = principal == null ? "unknown" : principal.getName();
        Optional<EvidenceReport> report = queries.report(
                advisoryId, settings.getOutstandingLimit(), settings.getVendorName(), user, anchor, clock.instant());
        if (report.isEmpty()) {
            return notFound(advisoryId);
        }
        return HttpResponse.ok(EvidenceReportRenderer.render(report.get()))
                .contentType(MediaType.of(APPLICATION_PDF))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName(advisoryId, "pdf") + '"')
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    /**
     * Every outstanding practice of an advisory as CSV ({@link OutstandingCsv#COLUMNS}), streamed; 404 if the log
     * holds no {@code advisory.published} entry for it.
     */
    @Get(
            uri = "/{advisoryId}/outstanding.csv",
            produces = {TEXT_CSV_UTF8, MediaType.APPLICATION_JSON})
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<?> outstanding(@PathVariable String advisoryId) throws SQLException {
        Optional<HttpResponse<?>> bad = badId(advisoryId);
        if (bad.isPresent()) {
            return bad.get();
        }
        if (!outstandingCsv.knows(advisoryId)) {
            return notFound(advisoryId);
        }
        Publisher<byte[]> body = outstandingCsv.stream(advisoryId);
        return HttpResponse.ok(body)
                .contentType(MediaType.of(TEXT_CSV_UTF8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"" + fileName(advisoryId, "outstanding.csv") + '"')
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    /**
     * Every acknowledgement, confirmation and partner statement of an advisory with the contact or partner who gave
     * it, as CSV ({@link AnswersCsv#COLUMNS}), streamed; 404 if the log holds no {@code advisory.published} entry
     * for it.
     */
    @Get(
            uri = "/{advisoryId}/answers.csv",
            produces = {TEXT_CSV_UTF8, MediaType.APPLICATION_JSON})
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<?> answers(@PathVariable String advisoryId) throws SQLException {
        Optional<HttpResponse<?>> bad = badId(advisoryId);
        if (bad.isPresent()) {
            return bad.get();
        }
        if (!outstandingCsv.knows(advisoryId)) {
            return notFound(advisoryId);
        }
        Publisher<byte[]> body = answersCsv.stream(advisoryId);
        return HttpResponse.ok(body)
                .contentType(MediaType.of(TEXT_CSV_UTF8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"" + fileName(advisoryId, "answers.csv") + '"')
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private static Optional<HttpResponse<?>> badId(String advisoryId) {
        String problem = null;
        if (advisoryId == null || advisoryId.isBlank()) {
            problem = "advisoryId must not be empty";
        } else if (advisoryId.length() > IncomingRecord.MAX_ID_LENGTH) {
            problem = "advisoryId must be at most " + IncomingRecord.MAX_ID_LENGTH + " characters";
        } else if (advisoryId.chars().anyMatch(Character::isISOControl)) {
            problem = "advisoryId must not contain control characters";
        }
        return problem == null
                ? Optional.empty()
                : Optional.of(HttpResponse.badRequest(
                                Map.of("error", "bad_parameter", "parameter", "advisoryId", "message", problem))
                        .contentType(MediaType.APPLICATION_JSON_TYPE));
    }

    private static HttpResponse<?> notFound(String advisoryId) {
        return HttpResponse.notFound(Map.of(
                        "error",
                        "not_found",
                        "advisoryId",
                        advisoryId,
                        "message",
                        "The audit log holds no advisory.published event for advisory " + advisoryId
                                + "; check the id, or wait until the log has caught up with a recent publication"))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /** {@code evidence-<advisory>.pdf}: only characters that need no quoting in a Content-Disposition header. */
    private static String fileName(String advisoryId, String suffix) {
        String safe = advisoryId.replaceAll("[^A-Za-z0-9._-]", "_");
        return "pdf".equals(suffix) ? "evidence-" + safe + ".pdf" : safe + "-" + suffix;
    }
}
