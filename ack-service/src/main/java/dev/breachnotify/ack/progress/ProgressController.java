package dev.breachnotify.ack.progress;

import dev.breachnotify.platform.csv.CsvWriter;
import dev.breachnotify.platform.security.Roles;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The progress of an advisory, for the communications team. */
@Controller("/api/advisories")
@Secured({Roles.COMMUNICATIONS, Roles.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class ProgressController {

    static final String CSV = "text/csv; charset=utf-8";

    private final ProgressQueries queries;

    public ProgressController(ProgressQueries queries) {
        this.queries = queries;
    }

    /** 200 with the counts, 404 for an advisory that was not published. */
    @Get("/{advisoryId}/progress")
    @Produces(MediaType.APPLICATION_JSON)
    public HttpResponse<AdvisoryProgress> progress(@PathVariable("advisoryId") String advisoryId) {
        return queries.progress(advisoryId)
                .<HttpResponse<AdvisoryProgress>>map(HttpResponse::ok)
                .orElseGet(HttpResponse::notFound);
    }

    /**
     * The targeted practices that have not confirmed everything, one per line with what each is missing; 404 for
     * an advisory that was not published.
     */
    @Get("/{advisoryId}/outstanding.csv")
    @Produces(CSV)
    public HttpResponse<String> outstanding(@PathVariable("advisoryId") String advisoryId) {
        return queries.outstanding(advisoryId)
                .<HttpResponse<String>>map(rows -> HttpResponse.ok(OutstandingCsv.write(rows))
                        .contentType(CSV)
                        .header("Content-Disposition", "attachment; filename=\"outstanding.csv\""))
                .orElseGet(HttpResponse::notFound);
    }

    /** The CSV, written by the one {@link CsvWriter}: RFC 4180, and no cell that a spreadsheet would run. */
    static final class OutstandingCsv {

        static final List<String> HEADER = List.of(
                "practice_id",
                "practice_name",
                "email_status",
                "letter",
                "acknowledged",
                "missing_credentials",
                "partner_ids",
                "partner_names");

        private OutstandingCsv() {}

        static String write(List<AdvisoryProgress.Outstanding> rows) {
            return CsvWriter.write(
                    HEADER,
                    rows.stream()
                            .map(row -> Arrays.<Object>asList(
                                    row.practiceId(),
                                    row.practiceName(),
                                    row.emailStatus(),
                                    row.letter(),
                                    row.acknowledged(),
                                    String.join(" ", row.missingCredentials()),
                                    row.partners().stream()
                                            .map(AdvisoryProgress.PartnerName::partnerId)
                                            .collect(Collectors.joining(" ")),
                                    row.partners().stream()
                                            .map(AdvisoryProgress.PartnerName::name)
                                            .collect(Collectors.joining("; "))))
                            .toList());
        }
    }
}
