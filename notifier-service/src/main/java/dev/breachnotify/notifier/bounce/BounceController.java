package dev.breachnotify.notifier.bounce;

import dev.breachnotify.platform.security.Roles;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import java.util.Map;

/**
 * {@code POST /api/bounces}: the body is one raw delivery status notification (RFC 3464, the whole mail as the
 * MTA received it, {@code multipart/report; report-type=delivery-status}), as a mail system's bounce pipe posts
 * it. 200 with what was recorded per recipient (posting the same report again records nothing new); 400 when the
 * body is not such a report, naming the problem; 422 when it names no mail this service sent. For the role
 * MAIL_SYSTEM (a user for the bounce pipe only) and ADMIN.
 */
@Controller("/api/bounces")
@Secured({Roles.MAIL_SYSTEM, Roles.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class BounceController {

    private final BounceReports reports;

    public BounceController(BounceReports reports) {
        this.reports = reports;
    }

    @Post(consumes = {"message/rfc822", "text/plain", "application/octet-stream"})
    public BounceReports.Ingested receive(@Body byte[] report)
            throws DeliveryStatusParser.MalformedReportException, BounceReports.UnknownMailException {
        return reports.ingest(report);
    }

    @Error(exception = DeliveryStatusParser.MalformedReportException.class)
    public HttpResponse<Map<String, Object>> malformed(DeliveryStatusParser.MalformedReportException e) {
        return HttpResponse.<Map<String, Object>>status(HttpStatus.BAD_REQUEST).body(Map.of("error", e.getMessage()));
    }

    @Error(exception = BounceReports.UnknownMailException.class)
    public HttpResponse<Map<String, Object>> unknown(BounceReports.UnknownMailException e) {
        return HttpResponse.<Map<String, Object>>status(HttpStatus.UNPROCESSABLE_ENTITY)
                .body(Map.of("error", e.getMessage()));
    }
}
