package dev.breachnotify.console.web;

import dev.breachnotify.console.services.Service;
import dev.breachnotify.console.services.ServiceClient;
import dev.breachnotify.console.services.ServiceResponse;
import dev.breachnotify.console.session.Role;
import dev.breachnotify.console.session.Session;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;
import java.util.Map;

/** The start page: the advisories, newest first, with where each stands. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class HomeController {

    private final ServiceClient services;

    public HomeController(ServiceClient services) {
        this.services = services;
    }

    @Get
    public HttpResponse<?> home(HttpRequest<?> request) {
        Session session = Pages.session(request);
        if (!session.has(Role.COMMUNICATIONS)) {
            return Pages.redirect("/evidence");
        }
        Map<String, Object> model = Pages.model(session, "homeTitle");
        ServiceResponse advisories = services.get(Service.NOTIFIER, "/api/advisories?limit=100", session);
        model.put("advisories", advisories.ok() ? advisories.list() : List.of());
        model.put("error", advisories.ok() ? null : advisories.problem());
        return Pages.render("home", model);
    }
}
