package dev.breachnotify.console.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.breachnotify.console.services.Service;
import dev.breachnotify.console.services.ServiceClient;
import dev.breachnotify.console.services.ServiceResponse;
import dev.breachnotify.console.session.Session;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writing an advisory, previewing the mail a chosen practice would get in both languages, a test mail, and
 * publishing with a confirmation that states how many practices will be contacted on which channel.
 */
@Controller("/advisories")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdvisoryPages {

    /** Advisory ids as notifier-service makes them; anything else never reaches a service URL. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceClient services;

    public AdvisoryPages(ServiceClient services) {
        this.services = services;
    }

    @Get("/new")
    public HttpResponse<?> newForm(HttpRequest<?> request) {
        Session session = Pages.session(request);
        Map<String, Object> model = Pages.model(session, "advisoryNewTitle");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("channel_email", "on");
        form.put("channel_letter", "on");
        model.put("form", form);
        return Pages.render("advisory-new", model);
    }

    @Post
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> create(HttpRequest<?> request, @Body Map<String, String> form) {
        Session session = Pages.session(request);
        Pages.requireCsrf(session, form.get("csrf"));
        ServiceResponse created = services.postJson(Service.NOTIFIER, "/api/advisories", draftJson(form), session);
        if (!created.ok()) {
            Map<String, Object> model = Pages.model(session, "advisoryNewTitle");
            model.put("form", form);
            model.put("error", created.problem());
            return Pages.render(HttpStatus.UNPROCESSABLE_ENTITY, "advisory-new", model);
        }
        String id = String.valueOf(created.object().get("advisoryId"));
        Pages.action(session.user(), "advisory-created", id);
        return Pages.redirect("/advisories/" + id);
    }

    /** The advisory, and the mail a chosen practice would get in German and in English. */
    @Get("/{id}")
    public HttpResponse<?> show(HttpRequest<?> request, @PathVariable String id,
                                @Nullable @QueryValue String practice) {
        Session session = Pages.session(request);
        requireId(id);
        ServiceResponse advisory = services.get(Service.NOTIFIER, "/api/advisories/" + id, session);
        if (!advisory.ok()) {
            return notFound(session, advisory);
        }
        Map<String, Object> model = Pages.model(session, "advisoryTitle");
        model.put("advisory", advisory.object());
        model.put("id", id);
        model.put("practice", practice == null ? "" : practice.strip());
        if (practice != null && !practice.isBlank()) {
            String query = "?practiceId=" + URLEncoder.encode(practice.strip(), StandardCharsets.UTF_8);
            Map<String, Object> previews = new LinkedHashMap<>();
            for (String language : Texts.LANGUAGES) {
                ServiceResponse preview = services.get(Service.NOTIFIER, "/api/advisories/" + id + "/preview"
                        + query + "&lang=" + language, session);
                if (!preview.ok()) {
                    model.put("previewError", preview.problem());
                    break;
                }
                previews.put(language, preview.object());
            }
            model.put("previews", previews);
        }
        return Pages.render("advisory", model);
    }

    /** The letter the chosen practice would get, as PDF, in the language asked for. */
    @Get("/{id}/letter.pdf")
    public HttpResponse<?> letter(HttpRequest<?> request, @PathVariable String id, @QueryValue String practice,
                                  @QueryValue String lang) {
        Session session = Pages.session(request);
        requireId(id);
        return Downloads.pass(services, Service.NOTIFIER, "/api/advisories/" + id + "/letter-preview.pdf?practiceId="
                + URLEncoder.encode(practice.strip(), StandardCharsets.UTF_8) + "&lang="
                + Texts.choose(lang, null), session, "letter-preview.pdf");
    }

    @Post("/{id}/test-send")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> testSend(HttpRequest<?> request, @PathVariable String id, @Body Map<String, String> form) {
        Session session = Pages.session(request);
        Pages.requireCsrf(session, form.get("csrf"));
        requireId(id);
        Map<String, String> body = Map.of("practiceId", form.getOrDefault("practice", "").strip(),
                "to", form.getOrDefault("to", "").strip());
        ServiceResponse sent = services.postJson(Service.NOTIFIER, "/api/advisories/" + id + "/test-send",
                json(body), session);
        Pages.action(session.user(), "advisory-test-send", id);
        Map<String, Object> model = Pages.model(session, "advisoryTitle");
        model.put("message", sent.ok() ? Texts.of(session.language()).get("testSent") + " " + body.get("to")
                : sent.problem());
        model.put("back", "/advisories/" + id + "?practice=" + URLEncoder.encode(body.get("practiceId"),
                StandardCharsets.UTF_8));
        return Pages.render(sent.ok() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_ENTITY, "message", model);
    }

    /** The confirmation step: who publishing would reach, by channel, before anything is sent. */
    @Get("/{id}/publish")
    public HttpResponse<?> confirmPublish(HttpRequest<?> request, @PathVariable String id) {
        Session session = Pages.session(request);
        requireId(id);
        ServiceResponse advisory = services.get(Service.NOTIFIER, "/api/advisories/" + id, session);
        if (!advisory.ok()) {
            return notFound(session, advisory);
        }
        ServiceResponse forecast = services.get(Service.NOTIFIER, "/api/advisories/" + id + "/forecast", session);
        Map<String, Object> model = Pages.model(session, "publishTitle");
        model.put("id", id);
        model.put("advisory", advisory.object());
        model.put("forecast", forecast.ok() ? forecast.object() : null);
        model.put("error", forecast.ok() ? null : forecast.problem());
        return Pages.render("publish", model);
    }

    @Post("/{id}/publish")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> publish(HttpRequest<?> request, @PathVariable String id, @Body Map<String, String> form) {
        Session session = Pages.session(request);
        Pages.requireCsrf(session, form.get("csrf"));
        requireId(id);
        ServiceResponse published = services.post(Service.NOTIFIER, "/api/advisories/" + id + "/publish",
                "application/json", new byte[0], session);
        Pages.action(session.user(), "advisory-publish", id + " status=" + published.status());
        if (!published.ok()) {
            Map<String, Object> model = Pages.model(session, "publishTitle");
            model.put("message", published.problem());
            model.put("back", "/advisories/" + id);
            return Pages.render(HttpStatus.UNPROCESSABLE_ENTITY, "message", model);
        }
        return Pages.redirect("/advisories/" + id + "/progress");
    }

    /** The draft as notifier-service's API takes it; empty fields are left out so its defaults apply. */
    static String draftJson(Map<String, String> form) {
        Map<String, Object> draft = new LinkedHashMap<>();
        draft.put("title", form.getOrDefault("title", "").strip());
        String deadline = form.getOrDefault("deadline", "").strip();
        draft.put("deadline", deadline.isEmpty() ? null : deadline);
        Map<String, Object> texts = new LinkedHashMap<>();
        for (String language : Texts.LANGUAGES) {
            Map<String, String> text = new LinkedHashMap<>();
            text.put("subject", form.getOrDefault("subject_" + language, "").strip());
            text.put("body", form.getOrDefault("body_" + language, "").replace("\r\n", "\n").strip());
            texts.put(language, text);
        }
        draft.put("texts", texts);
        List<String> channels = new ArrayList<>();
        if (form.containsKey("channel_email")) {
            channels.add("EMAIL");
        }
        if (form.containsKey("channel_letter")) {
            channels.add("LETTER");
        }
        if (!channels.isEmpty()) {
            draft.put("channels", channels);
        }
        return json(draft);
    }

    static void requireId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new Pages.MalformedIdException("an advisory id");
        }
    }

    private static HttpResponse<?> notFound(Session session, ServiceResponse response) {
        Map<String, Object> model = Pages.model(session, "advisoryTitle");
        model.put("message", response.problem());
        model.put("back", "/");
        return Pages.render(HttpStatus.valueOf(response.status()), "message", model);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
