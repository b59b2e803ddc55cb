package dev.breachnotify.console.web;

import dev.breachnotify.console.session.FormTokens;
import dev.breachnotify.console.session.Role;
import dev.breachnotify.console.session.Session;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.views.ModelAndView;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every page needs: the session, the model every template reads, the form token check, the action log. */
public final class Pages {

    /**
     * One line per action a user takes in the console (who, what, on what). The services record the same
     * actions as audit events with the same user as actor; this log also has what the services do not see
     * (sign-in, sign-out, failed sign-in).
     */
    private static final Logger ACTIONS = LoggerFactory.getLogger("dev.breachnotify.console.actions");

    private Pages() {}

    /** The session the {@link SessionFilter} found for this request. */
    public static Session session(HttpRequest<?> request) {
        return request.getAttribute(SessionFilter.ATTRIBUTE, Session.class)
                .orElseThrow(() -> new IllegalStateException("no session for " + request.getPath()));
    }

    /** The model of a page: texts, user, roles, form token, language, title. */
    public static Map<String, Object> model(Session session, String titleKey) {
        Map<String, Object> model = new HashMap<>();
        Map<String, String> texts = Texts.of(session.language());
        model.put("t", texts);
        model.put("lang", session.language());
        model.put("otherLang", session.language().equals("de") ? "en" : "de");
        model.put("user", session.user());
        model.put("comms", session.has(Role.COMMUNICATIONS));
        model.put("dpo", session.has(Role.DPO));
        model.put("csrf", session.csrfToken());
        model.put("title", texts.getOrDefault(titleKey, titleKey));
        model.put("here", session.currentPage());
        model.put("dates", new Times(session.language()));
        return model;
    }

    public static HttpResponse<?> render(String view, Map<String, Object> model) {
        return render(HttpStatus.OK, view, model);
    }

    public static HttpResponse<?> render(HttpStatus status, String view, Map<String, Object> model) {
        return HttpResponse.status(status).contentType(MediaType.TEXT_HTML_TYPE).body(new ModelAndView<>(view, model));
    }

    public static HttpResponse<?> redirect(String path) {
        return HttpResponse.seeOther(URI.create(path));
    }

    /** Refuses a form that does not carry this session's token (a forged cross-site post). */
    public static void requireCsrf(Session session, String submitted) {
        if (!FormTokens.valid(session, submitted)) {
            throw new CsrfException();
        }
    }

    /** Records an action of a user. Never logs credentials or file contents. */
    public static void action(String user, String action, Object subject) {
        ACTIONS.info("user={} action={} subject={}", user, action, subject);
    }

    /** An id in a URL that cannot be one (of an advisory, a dead letter). */
    public static final class MalformedIdException extends RuntimeException {
        MalformedIdException(String what) {
            super("not " + what);
        }
    }

    /** A form without the session's token. */
    public static final class CsrfException extends RuntimeException {
        CsrfException() {
            super("the form has expired or did not come from this console; reload the page and try again");
        }
    }
}
