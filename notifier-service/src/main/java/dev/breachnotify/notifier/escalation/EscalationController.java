package dev.breachnotify.notifier.escalation;

import dev.breachnotify.notifier.web.RequestRefused;
import dev.breachnotify.platform.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The escalation of an advisory for the communications team: its state, firing a step early, pause and resume,
 * excluding a practice, and the final list as CSV.
 */
@Controller("/api/advisories/{advisoryId}")
@Secured({Roles.COMMUNICATIONS, Roles.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class EscalationController {

    private final Escalations escalations;

    public EscalationController(Escalations escalations) {
        this.escalations = escalations;
    }

    @Get("/escalation")
    public Escalations.Status status(String advisoryId) {
        return escalations.status(advisoryId);
    }

    /** Fires a step now instead of at its due time ({@code reminder}, {@code letter}, {@code final-list}). */
    @Post("/escalation/steps/{step}/fire")
    public Escalations.Fired fire(String advisoryId, String step, Principal user) {
        return escalations.fire(advisoryId, step, user.getName());
    }

    /** Who firing the step now would reach, by which channel, and the advisory's state; changes nothing. */
    @Get("/escalation/steps/{step}/forecast")
    public Escalations.StepForecast forecast(String advisoryId, String step) {
        return escalations.forecast(advisoryId, step);
    }

    @Post("/escalation/pause")
    public Escalations.Status pause(String advisoryId, @Nullable @Body Reason body, Principal user) {
        return escalations.pause(advisoryId, true, user.getName(), body == null ? null : body.reason());
    }

    @Post("/escalation/resume")
    public Escalations.Status resume(String advisoryId, Principal user) {
        return escalations.pause(advisoryId, false, user.getName(), null);
    }

    /** Takes a practice out of the escalation, e.g. when it confirmed by phone. */
    @Post("/escalation/exclusions")
    public Map<String, Object> exclude(String advisoryId, @Body Exclusion exclusion, Principal user) {
        return escalations.exclude(advisoryId, exclusion.practiceId(), exclusion.reason(), user.getName());
    }

    /**
     * The final list (practice_id, practice_name, acknowledged, missing) as drawn up at the deadline; before it,
     * the list as it stands, marked {@code X-Final-List: provisional}. {@code X-Content-SHA256} is the hash in the
     * {@code advisory.final.list} event.
     */
    @Get(value = "/final-list.csv", produces = "text/csv")
    public HttpResponse<String> finalList(String advisoryId) {
        Escalations.FinalListCsv list = escalations.finalListCsv(advisoryId);
        return HttpResponse.ok(list.csv())
                .contentType(MediaType.of("text/csv; charset=utf-8"))
                .header("X-Final-List", list.provisional() ? "provisional" : "final")
                .header("X-Content-SHA256", list.sha256())
                .header("Content-Disposition", "attachment; filename=\"final-list-" + advisoryId + ".csv\"");
    }

    /** Why an advisory is paused. */
    public record Reason(@Nullable String reason) {}

    /** A practice to exclude and why. */
    public record Exclusion(String practiceId, String reason) {}

    @Error(exception = RequestRefused.class)
    public HttpResponse<Map<String, Object>> failed(RequestRefused e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        return HttpResponse.<Map<String, Object>>status(e.status()).body(body);
    }
}
