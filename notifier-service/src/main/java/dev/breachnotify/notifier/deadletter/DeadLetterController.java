package dev.breachnotify.notifier.deadletter;

import dev.breachnotify.events.DeadLetterReplayed;
import dev.breachnotify.notifier.web.RequestRefused;
import dev.breachnotify.platform.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /api/dead-letters[?all=true]}: the records the notifier set aside (open ones unless {@code all});
 * {@code POST /api/dead-letters/{id}/replay}: put one back on its topic. For operators: ADMIN and COMMUNICATIONS.
 */
@Controller("/api/dead-letters")
@Secured({Roles.ADMIN, Roles.COMMUNICATIONS})
@ExecuteOn(TaskExecutors.BLOCKING)
public class DeadLetterController {

    private static final int MAX_LISTED = 1_000;

    private final DeadLetters deadLetters;

    public DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Get
    public List<DeadLetter> list(@Nullable @QueryValue("all") Boolean all) {
        return deadLetters.list(Boolean.TRUE.equals(all), MAX_LISTED);
    }

    @Post("/{id}/replay")
    public DeadLetterReplayed replay(UUID id, Principal user) {
        return deadLetters.replay(id, user.getName());
    }

    @Error(exception = RequestRefused.class)
    public HttpResponse<Map<String, Object>> failed(RequestRefused e) {
        return e.toResponse();
    }
}
