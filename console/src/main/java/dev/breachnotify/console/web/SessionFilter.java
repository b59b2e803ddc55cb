package dev.breachnotify.console.web;

import dev.breachnotify.console.session.Role;
import dev.breachnotify.console.session.Session;
import dev.breachnotify.console.session.SessionStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.cookie.Cookie;

import java.net.URI;

/**
 * Every page but sign-in, the style sheet and the health check needs a session; without one (or after it
 * expired) the browser is sent to the sign-in page. Pages are open by role: the communications pages to users
 * whose credentials open notifier-service's API, the evidence pages to those that open audit-service's export.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(100)
public class SessionFilter {

    /** The session cookie: a random id, nothing else. */
    public static final String COOKIE = "bn_console";
    static final String ATTRIBUTE = "breachnotify.console.session";

    private final SessionStore sessions;

    public SessionFilter(SessionStore sessions) {
        this.sessions = sessions;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> requireSession(HttpRequest<?> request) {
        String path = request.getPath();
        if (isPublic(path)) {
            return null;
        }
        Session session = sessions.find(request.getCookies().findCookie(COOKIE).map(Cookie::getValue).orElse(null))
                .orElse(null);
        if (session == null) {
            return HttpResponse.seeOther(URI.create("/login?expired=" + request.getCookies().contains(COOKIE)));
        }
        request.setAttribute(ATTRIBUTE, session);
        if (request.getMethod() == io.micronaut.http.HttpMethod.GET && !path.endsWith(".csv")
                && !path.endsWith(".jsonl") && !path.endsWith(".pdf") && !path.endsWith(".pem")) {
            session.currentPage(request.getUri().toString());
        }
        Role needed = roleFor(path);
        if (needed != null && !session.has(needed)) {
            return HttpResponse.status(HttpStatus.FORBIDDEN).body("403: this page needs the role " + needed);
        }
        return null;
    }

    static boolean isPublic(String path) {
        return path.equals("/login") || path.startsWith("/static/") || path.startsWith("/health")
                || path.equals("/language") || path.equals("/favicon.ico");
    }

    /** Which role a page needs; {@code null} for pages every signed-in user sees. */
    static Role roleFor(String path) {
        if (path.startsWith("/import") || path.startsWith("/advisories") || path.startsWith("/dead-letters")) {
            return Role.COMMUNICATIONS;
        }
        if (path.startsWith("/evidence")) {
            return Role.DPO;
        }
        return null;
    }
}
