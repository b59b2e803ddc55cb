package dev.breachnotify.console.web;

import dev.breachnotify.console.services.Service;
import dev.breachnotify.console.services.ServiceClient;
import dev.breachnotify.console.services.ServiceResponse;
import dev.breachnotify.console.session.Session;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The directory's views, read from notifier-service's API: a practice with its contacts and IT service partners, the
 * partners (paged) with how many practices each looks after, and a partner with its practices (paged).
 */
@Controller("/directory")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DirectoryPages {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int PAGE = 50;

    private final ServiceClient services;

    public DirectoryPages(ServiceClient services) {
        this.services = services;
    }

    /** A practice by id ({@code ?id=P-00001}, the search form of the partners page). */
    @Get("/practice")
    public HttpResponse<?> practice(HttpRequest<?> request, @Nullable @QueryValue String id) {
        Session session = Pages.session(request);
        if (id == null || id.isBlank()) {
            return Pages.redirect("/directory/partners");
        }
        String practiceId = checked(id.strip(), "a practice id");
        Map<String, Object> model = Pages.model(session, "practiceTitle");
        ServiceResponse practice = services.get(Service.NOTIFIER, "/api/practices/" + practiceId, session);
        if (!practice.ok()) {
            model.put(
                    "message",
                    practice.status() == 404
                            ? Texts.of(session.language()).get("practiceUnknown") + " " + practiceId
                            : practice.problem());
            model.put("back", "/directory/partners");
            return Pages.render(HttpStatus.valueOf(practice.status()), "message", model);
        }
        Map<String, Object> shown = practice.object();
        @SuppressWarnings("unchecked")
        Map<String, Object> found = (Map<String, Object>) shown.get("practice");
        String all = Texts.of(session.language()).get("allCredentials");
        // the service leaves empty lists out of its JSON
        found.putIfAbsent("contacts", List.of());
        found.put("partners", labelled(found.get("partners"), all));
        model.put("practice", found);
        model.put("partnerNames", shown.getOrDefault("partnerNames", Map.of()));
        return Pages.render("directory-practice", model);
    }

    @Get("/partners")
    public HttpResponse<?> partners(HttpRequest<?> request, @Nullable @QueryValue String after) {
        Session session = Pages.session(request);
        Map<String, Object> model = Pages.model(session, "directoryPartnersTitle");
        ServiceResponse page = services.get(Service.NOTIFIER, "/api/partners?limit=" + PAGE + after(after), session);
        model.put("error", page.ok() ? null : page.problem());
        model.put("page", page.ok() ? page.object() : Map.of("partners", List.of()));
        return Pages.render("directory-partners", model);
    }

    @Get("/partners/{partnerId}")
    public HttpResponse<?> partner(
            HttpRequest<?> request, @PathVariable String partnerId, @Nullable @QueryValue String after) {
        Session session = Pages.session(request);
        String id = checked(partnerId, "a partner id");
        Map<String, Object> model = Pages.model(session, "partnerTitle");
        ServiceResponse partner =
                services.get(Service.NOTIFIER, "/api/partners/" + id + "?limit=" + PAGE + after(after), session);
        if (!partner.ok()) {
            model.put("message", partner.problem());
            model.put("back", "/directory/partners");
            return Pages.render(HttpStatus.valueOf(partner.status()), "message", model);
        }
        Map<String, Object> view = partner.object();
        view.putIfAbsent("practices", List.of()); // the service leaves empty lists out of its JSON
        String all = Texts.of(session.language()).get("allCredentials");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> practices = (List<Map<String, Object>>) view.get("practices");
        for (Map<String, Object> row : practices) {
            @SuppressWarnings("unchecked")
            List<String> credentials = (List<String>) row.get("credentials");
            row.put(
                    "credentialsText",
                    String.join(
                            ", ",
                            credentials.stream()
                                    .map(credential -> credential.equals("*") ? all : credential)
                                    .toList()));
        }
        model.put("view", view);
        return Pages.render("directory-partner", model);
    }

    /** The assignments, each with {@code credentialText}: the credential id, or "all credentials" for {@code *}. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> labelled(Object assignments, String all) {
        if (assignments == null) {
            return List.of();
        }
        List<Map<String, Object>> list = (List<Map<String, Object>>) assignments;
        for (Map<String, Object> assignment : list) {
            Object credential = assignment.get("credentialId");
            assignment.put("credentialText", "*".equals(credential) ? all : credential);
        }
        return list;
    }

    private static String after(String after) {
        return after == null || after.isBlank() ? "" : "&after=" + checked(after, "a page position");
    }

    private static String checked(String id, String what) {
        if (!ID.matcher(id).matches()) {
            throw new Pages.MalformedIdException(what);
        }
        return id;
    }
}
