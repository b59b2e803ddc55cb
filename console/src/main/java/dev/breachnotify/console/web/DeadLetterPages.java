package dev.breachnotify.console.web;

import dev.breachnotify.console.services.Service;
import dev.breachnotify.console.services.ServiceClient;
import dev.breachnotify.console.services.ServiceResponse;
import dev.breachnotify.console.session.Session;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The records notifier-service set aside (dead letters), and replaying one once its cause is fixed. */
@Controller("/dead-letters")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DeadLetterPages {

    private final ServiceClient services;

    public DeadLetterPages(ServiceClient services) {
        this.services = services;
    }

    @Get
    public HttpResponse<?> list(HttpRequest<?> request) {
        Session session = Pages.session(request);
        Map<String, Object> model = Pages.model(session, "deadLettersTitle");
        ServiceResponse letters = services.get(Service.NOTIFIER, "/api/dead-letters?all=true", session);
        model.put(
                "letters",
                letters.ok()
                        ? Times.local(letters.list(), session.language(), "deadLetteredAt", "replayedAt")
                        : List.of());
        model.put("error", letters.ok() ? null : letters.problem());
        return Pages.render("dead-letters", model);
    }

    @Post("/{id}/replay")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> replay(HttpRequest<?> request, @PathVariable String id, @Body Map<String, String> form) {
        Session session = Pages.session(request);
        Pages.requireCsrf(session, form.get("csrf"));
        UUID deadLetter;
        try {
            deadLetter = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new Pages.MalformedIdException("a dead letter id");
        }
        ServiceResponse replayed =
                services.postJson(Service.NOTIFIER, "/api/dead-letters/" + deadLetter + "/replay", "{}", session);
        Pages.action(session.user(), "dead-letter-replay", deadLetter + " status=" + replayed.status());
        if (!replayed.ok()) {
            Map<String, Object> model = Pages.model(session, "deadLettersTitle");
            model.put("message", replayed.problem());
            model.put("back", "/dead-letters");
            return Pages.render(io.micronaut.http.HttpStatus.valueOf(replayed.status()), "message", model);
        }
        return Pages.redirect("/dead-letters");
    }
}
