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

    /** The credentials notifier-service asks to rotate by default (its DefaultCredentials), pre-ticked. */
    static final Map<String, Map<String, String>> DEFAULT_CREDENTIALS = defaults();

    private final ServiceClient services;

    private static Map<String, Map<String, String>> defaults() {
        Map<String, Map<String, String>> defaults = new LinkedHashMap<>();
        defaults.put(
                "practice-software",
                Map.of("de", "Passwörter der Praxissoftware", "en", "Practice software passwords"));
        defaults.put(
                "windows-workstations",
                Map.of("de", "Windows-Anmeldungen der Arbeitsplätze", "en", "Windows logins of workstations"));
        defaults.put(
                "windows-servers", Map.of("de", "Windows-Anmeldungen der Server", "en", "Windows logins of servers"));
        defaults.put("ti-konnektor", Map.of("de", "Zugang zum TI-Konnektor", "en", "TI connector (Konnektor) access"));
        return defaults;
    }

    /** The contacts' roles an advisory can address, as the notifier's API names them. */
    static final List<String> ROLES = List.of("owner", "doctor", "manager", "data-protection");

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
        form.put("role_owner", "on");
        form.put("role_manager", "on");
        form.put("partners", "on");
        for (String credential : DEFAULT_CREDENTIALS.keySet()) {
            form.put("cred_" + credential, "on");
        }
        form.put("audience", "ALL");
        return newForm(session, form, List.of(), HttpStatus.OK);
    }

    private static HttpResponse<?> newForm(
            Session session, Map<String, String> form, List<String> problems, HttpStatus status) {
        Map<String, Object> model = Pages.model(session, "advisoryNewTitle");
        model.put("form", form);
        model.put(
                "defaultCredentials",
                DEFAULT_CREDENTIALS.entrySet().stream()
                        .map(entry -> Map.of(
                                "id", entry.getKey(), "label", entry.getValue().get(session.language())))
                        .toList());
        model.put("roles", ROLES);
        List<Map<String, String>> fieldProblems = new ArrayList<>();
        for (String problem : problems) {
            fieldProblems.add(Map.of("field", fieldOf(problem), "text", problem));
        }
        model.put("problems", fieldProblems);
        return Pages.render(status, "advisory-new", model);
    }

    @Post
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> create(HttpRequest<?> request, @Body Map<String, String> form) {
        Session session = Pages.session(request);
        Pages.requireCsrf(session, form.get("csrf"));
        Map<String, Object> draft = draft(form);
        if (draft.get("credentials") instanceof List<?> credentials && credentials.isEmpty()) {
            return newForm(
                    session,
                    form,
                    List.of("credentials: " + Texts.of(session.language()).get("credentialsNone")),
                    HttpStatus.UNPROCESSABLE_ENTITY);
        }
        ServiceResponse created = services.postJson(Service.NOTIFIER, "/api/advisories", json(draft), session);
        if (!created.ok()) {
            return newForm(session, form, problems(created), HttpStatus.UNPROCESSABLE_ENTITY);
        }
        String id = String.valueOf(created.object().get("advisoryId"));
        Pages.action(session.user(), "advisory-created", id);
        return Pages.redirect("/advisories/" + id);
    }

    /** The advisory, and the mail a chosen practice would get in German and in English. */
    @Get("/{id}")
    public HttpResponse<?> show(
            HttpRequest<?> request, @PathVariable String id, @Nullable @QueryValue String practice) {
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
                ServiceResponse preview = services.get(
                        Service.NOTIFIER, "/api/advisories/" + id + "/preview" + query + "&lang=" + language, session);
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
    public HttpResponse<?> letter(
            HttpRequest<?> request, @PathVariable String id, @QueryValue String practice, @QueryValue String lang) {
        Session session = Pages.session(request);
        requireId(id);
        return Downloads.pass(
                services,
                Service.NOTIFIER,
                "/api/advisories/" + id + "/letter-preview.pdf?practiceId="
                        + URLEncoder.encode(practice.strip(), StandardCharsets.UTF_8) + "&lang="
                        + Texts.choose(lang, null),
                session,
                "letter-preview.pdf");
    }

    @Post("/{id}/test-send")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> testSend(HttpRequest<?> request, @PathVariable String id, @Body Map<String, String> form) {
        Session session = Pages.session(request);
        Pages.requireCsrf(session, form.get("csrf"));
        requireId(id);
        Map<String, String> body = Map.of(
                "practiceId",
                form.getOrDefault("practice", "").strip(),
                "to",
                form.getOrDefault("to", "").strip());
        ServiceResponse sent =
                services.postJson(Service.NOTIFIER, "/api/advisories/" + id + "/test-send", json(body), session);
        Pages.action(session.user(), "advisory-test-send", id);
        Map<String, Object> model = Pages.model(session, "advisoryTitle");
        model.put(
                "message",
                sent.ok() ? Texts.of(session.language()).get("testSent") + " " + body.get("to") : sent.problem());
        model.put(
                "back",
                "/advisories/" + id + "?practice=" + URLEncoder.encode(body.get("practiceId"), StandardCharsets.UTF_8));
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
        ServiceResponse published = services.post(
                Service.NOTIFIER, "/api/advisories/" + id + "/publish", "application/json", new byte[0], session);
        Pages.action(session.user(), "advisory-publish", id + " status=" + published.status());
        if (!published.ok()) {
            Map<String, Object> model = Pages.model(session, "publishTitle");
            model.put("message", published.problem());
            model.put("back", "/advisories/" + id);
            return Pages.render(HttpStatus.UNPROCESSABLE_ENTITY, "message", model);
        }
        return Pages.redirect("/advisories/" + id + "/progress");
    }

    /** The confirmation step of withdrawing: what stops working, the reason asked for, the replacement offered. */
    @Get("/{id}/withdraw")
    public HttpResponse<?> confirmWithdraw(HttpRequest<?> request, @PathVariable String id) {
        Session session = Pages.session(request);
        requireId(id);
        ServiceResponse advisory = services.get(Service.NOTIFIER, "/api/advisories/" + id, session);
        if (!advisory.ok()) {
            return notFound(session, advisory);
        }
        return withdrawForm(session, id, advisory.object(), Map.of(), List.of(), HttpStatus.OK);
    }

    @Post("/{id}/withdraw")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> withdraw(HttpRequest<?> request, @PathVariable String id, @Body Map<String, String> form) {
        Session session = Pages.session(request);
        Pages.requireCsrf(session, form.get("csrf"));
        requireId(id);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("reason", form.getOrDefault("reason", "").replace("\r\n", "\n").strip());
        String replacement = form.getOrDefault("supersededBy", "").strip();
        if (!replacement.isEmpty()) {
            body.put("supersededBy", replacement);
        }
        ServiceResponse withdrawn =
                services.postJson(Service.NOTIFIER, "/api/advisories/" + id + "/retract", json(body), session);
        Pages.action(session.user(), "advisory-withdraw", id + " status=" + withdrawn.status());
        if (!withdrawn.ok()) {
            ServiceResponse advisory = services.get(Service.NOTIFIER, "/api/advisories/" + id, session);
            if (!advisory.ok()) {
                return notFound(session, advisory);
            }
            return withdrawForm(
                    session, id, advisory.object(), form, problems(withdrawn), HttpStatus.UNPROCESSABLE_ENTITY);
        }
        Map<String, Object> model = Pages.model(session, "withdrawTitle");
        model.put(
                "message",
                Texts.of(session.language()).get("withdrawn") + " " + id + ". "
                        + Withdrawals.batches(withdrawn.object(), Texts.of(session.language()), session.language()));
        model.put("back", "/advisories/" + id);
        return Pages.render("message", model);
    }

    private static HttpResponse<?> withdrawForm(
            Session session,
            String id,
            Map<String, Object> advisory,
            Map<String, String> form,
            List<String> problems,
            HttpStatus status) {
        Map<String, Object> model = Pages.model(session, "withdrawTitle");
        model.put("id", id);
        model.put("advisory", advisory);
        model.put("form", form);
        model.put("problems", problems);
        return Pages.render(status, "withdraw", model);
    }

    /** The draft as notifier-service's API takes it, as JSON. */
    static String draftJson(Map<String, String> form) {
        return json(draft(form));
    }

    /**
     * The draft as notifier-service's API takes it: the ticked credentials (the defaults and one custom one, if
     * given) are always named, so unticking all of them never falls back to the defaults; empty optional fields
     * (audience "all", supersedes, escalation days) are left out so the service's defaults apply.
     */
    static Map<String, Object> draft(Map<String, String> form) {
        Map<String, Object> draft = new LinkedHashMap<>();
        draft.put("title", form.getOrDefault("title", "").strip());
        String deadline = form.getOrDefault("deadline", "").strip();
        draft.put("deadline", deadline.isEmpty() ? null : deadline);
        Map<String, Object> texts = new LinkedHashMap<>();
        for (String language : Texts.LANGUAGES) {
            Map<String, String> text = new LinkedHashMap<>();
            text.put("subject", form.getOrDefault("subject_" + language, "").strip());
            text.put(
                    "body",
                    form.getOrDefault("body_" + language, "")
                            .replace("\r\n", "\n")
                            .strip());
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
        // the ticked roles are always named, so unticking all of them is refused rather than read as the default
        List<String> roles =
                ROLES.stream().filter(role -> form.containsKey("role_" + role)).toList();
        Map<String, Object> recipients = new LinkedHashMap<>();
        recipients.put("roles", roles);
        recipients.put("partners", form.containsKey("partners"));
        draft.put("recipients", recipients);
        List<Map<String, Object>> credentials = new ArrayList<>();
        DEFAULT_CREDENTIALS.forEach((id, label) -> {
            if (form.containsKey("cred_" + id)) {
                credentials.add(credential(id, label.get("de"), label.get("en")));
            }
        });
        String customId = form.getOrDefault("cred_custom_id", "").strip();
        String customDe = form.getOrDefault("cred_custom_de", "").strip();
        String customEn = form.getOrDefault("cred_custom_en", "").strip();
        if (!(customId + customDe + customEn).isEmpty()) {
            credentials.add(credential(customId, customDe, customEn));
        }
        draft.put("credentials", credentials);
        String kind = form.getOrDefault("audience", "ALL").strip();
        if (kind.equals("SEGMENTS") || kind.equals("PRACTICES")) {
            String values = kind.equals("SEGMENTS")
                    ? form.getOrDefault("audience_segments", "")
                    : form.getOrDefault("audience_practices", "");
            draft.put(
                    "audience",
                    Map.of(
                            "kind",
                            kind,
                            "values",
                            List.of(values.strip().split("[\\s,;]+")).stream()
                                    .filter(value -> !value.isEmpty())
                                    .toList()));
        }
        String supersedes = form.getOrDefault("supersedes", "").strip();
        if (!supersedes.isEmpty()) {
            draft.put("supersedes", supersedes);
        }
        Map<String, String> summary = new LinkedHashMap<>();
        Map<String, Object> guides = new LinkedHashMap<>();
        for (String language : Texts.LANGUAGES) {
            String text = multiline(form, "summary_" + language);
            if (!text.isEmpty()) {
                summary.put(language, text);
            }
        }
        DEFAULT_CREDENTIALS.keySet().forEach(id -> {
            Map<String, String> general = new LinkedHashMap<>();
            for (String language : Texts.LANGUAGES) {
                String markdown = multiline(form, "guide_" + id + "_" + language);
                if (!markdown.isEmpty()) {
                    general.put(language, markdown + "\n");
                }
            }
            if (!general.isEmpty()) {
                guides.put(id, Map.of("general", general));
            }
        });
        if (!summary.isEmpty()) {
            draft.put("summary", summary);
        }
        if (!guides.isEmpty()) {
            draft.put("guides", guides);
        }
        Map<String, Object> schedule = new LinkedHashMap<>();
        days(schedule, "reminderAfterDays", form.get("reminder_days"));
        days(schedule, "letterAfterDays", form.get("letter_days"));
        if (!schedule.isEmpty()) {
            draft.put("schedule", schedule);
        }
        return draft;
    }

    /** A text area's text with line breaks as LF, stripped. */
    private static String multiline(Map<String, String> form, String field) {
        return form.getOrDefault(field, "").replace("\r\n", "\n").strip();
    }

    private static Map<String, Object> credential(String id, String de, String en) {
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("id", id);
        credential.put("label", Map.of("de", de, "en", en));
        return credential;
    }

    /** A whole number as a number; anything else as typed, so the service names the field. */
    private static void days(Map<String, Object> schedule, String field, String value) {
        String days = value == null ? "" : value.strip();
        if (!days.isEmpty()) {
            schedule.put(field, days.matches("-?\\d{1,6}") ? (Object) Integer.valueOf(days) : days);
        }
    }

    /** The service's problems, one per field ("field: reason"), else its message. */
    static List<String> problems(ServiceResponse response) {
        try {
            if (response.object().get("problems") instanceof List<?> problems && !problems.isEmpty()) {
                return problems.stream().map(String::valueOf).toList();
            }
        } catch (IllegalStateException e) {
            // no JSON: the status says it
        }
        return List.of(response.problem());
    }

    /** The form field a service problem ("texts.de.subject: ...") is about: the id of its input. */
    static String fieldOf(String problem) {
        String field = problem.contains(":") ? problem.substring(0, problem.indexOf(':')) : "";
        if (field.matches("texts\\.(de|en)\\.(subject|body)")) {
            return field.substring(9) + "_" + field.substring(6, 8);
        }
        if (field.matches("texts\\.(de|en)")) {
            return "subject_" + field.substring(6, 8);
        }
        if (field.startsWith("credentials")) {
            return "credentials";
        }
        if (field.startsWith("guides") || field.startsWith("images")) {
            return "guides";
        }
        if (field.startsWith("audience")) {
            return "audience";
        }
        if (field.startsWith("channels")) {
            return "channels";
        }
        if (field.startsWith("recipients")) {
            return "recipients";
        }
        return switch (field) {
            case "title", "deadline", "supersedes" -> field;
            case "schedule.reminderAfterDays" -> "reminder_days";
            case "schedule.letterAfterDays" -> "letter_days";
            default -> "title";
        };
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
