package dev.breachnotify.notifier.advisory;

import dev.breachnotify.events.AdvisoryRetracted;
import dev.breachnotify.platform.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import java.security.Principal;
import java.util.Map;

/**
 * {@code POST /api/advisories/{id}/retract} with {@code {"reason": "...", "supersededBy": "ADV-..."}}: withdraws a
 * published advisory (see {@link AdvisoryRetractions}).
 */
@Controller("/api/advisories")
@Secured({Roles.COMMUNICATIONS, Roles.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdvisoryRetractionController {

    private final AdvisoryRetractions retractions;

    public AdvisoryRetractionController(AdvisoryRetractions retractions) {
        this.retractions = retractions;
    }

    @Post("/{advisoryId}/retract")
    public AdvisoryRetracted retract(
            String advisoryId, @Nullable @Body AdvisoryRetractions.Retraction request, Principal user) {
        return retractions.retract(advisoryId, request, user.getName());
    }

    @Error(exception = AdvisoryException.class)
    public HttpResponse<Map<String, Object>> failed(AdvisoryException e) {
        return e.toResponse();
    }
}
