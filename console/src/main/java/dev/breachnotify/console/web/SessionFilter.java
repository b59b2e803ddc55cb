package dev.breachnotify.console.web;

import dev.breachnotify.console.session.FormTokens;
import dev.breachnotify.console.session.PendingImports;
import dev.breachnotify.console.session.Role;
import dev.breachnotify.console.session.Session;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.security.authentication.Authentication;
import java.net.URI;
import java.util.EnumSet;
import java.util.Set;

/**
 * Runs after Micronaut Security has read the session cookie (a JWT signed with the console's secret; without a
 * valid one the browser was already sent to the sign-in page): makes the {@link Session} of the request, and opens
 * pages by role, the communications pages to operators whose access token opens notifier-service's API, the
 * evidence pages to those whose token opens audit-service's export.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(SessionFilter.AFTER_SECURITY)
public class SessionFilter {

    /** The session cookie (Micronaut Security's token cookie, named in application.yml). */
    public static final String COOKIE = "bn_console";
    /** Micronaut Security's filter runs at 39000 ({@code ServerFilterPhase.SECURITY}); this one right after. */
    static final int AFTER_SECURITY = 39_100;

    static final String ATTRIBUTE = "breachnotify.console.session";

    private final FormTokens formTokens;
    private final PendingImports pendingImports;

    public SessionFilter(FormTokens formTokens, PendingImports pendingImports) {
        this.formTokens = formTokens;
        this.pendingImports = pendingImports;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> requireSession(HttpRequest<?> request) {
        String path = request.getPath();
        if (isPublic(path)) {
            return null;
        }
        Authentication authentication =
                request.getUserPrincipal(Authentication.class).orElse(null);
        if (authentication == null) {
            return null; // Micronaut Security has refused the request already
        }
        if (!authentication.getAttributes().containsKey(OperatorClaims.ACCESS_TOKEN)) {
            // a valid JWT, but not this console's session (e.g. the provider's own ID token in the cookie)
            return HttpResponse.seeOther(URI.create("/login?expired=true"));
        }
        Session session = session(request, authentication);
        request.setAttribute(ATTRIBUTE, session);
        Role needed = roleFor(path);
        if (needed != null && !session.has(needed)) {
            return HttpResponse.status(HttpStatus.FORBIDDEN).body("403: this page needs the role " + needed);
        }
        return null;
    }

    private Session session(HttpRequest<?> request, Authentication authentication) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Role role : Role.values()) {
            if (authentication.getRoles().contains(role.name())) {
                roles.add(role);
            }
        }
        String subject = String.valueOf(authentication.getAttributes().get(OperatorClaims.SUBJECT));
        String token = String.valueOf(authentication.getAttributes().get(OperatorClaims.ACCESS_TOKEN));
        String sessionId = String.valueOf(authentication.getAttributes().get(OperatorClaims.SESSION_ID));
        String language = Texts.choose(
                request.getCookies()
                        .findCookie(SignInController.LANGUAGE_COOKIE)
                        .map(Cookie::getValue)
                        .orElse(null),
                request.getHeaders().get(HttpHeaders.ACCEPT_LANGUAGE));
        return new Session(
                new Session.Parts(
                        authentication.getName(),
                        subject,
                        roles,
                        token,
                        formTokens.tokenFor(subject, sessionId),
                        language,
                        currentPage(request)),
                pendingImports);
    }

    /** The page to return to after a language switch: this one if it is a page, else the start page. */
    private static String currentPage(HttpRequest<?> request) {
        String path = request.getPath();
        boolean download =
                path.endsWith(".csv") || path.endsWith(".jsonl") || path.endsWith(".pdf") || path.endsWith(".pem");
        return request.getMethod() == HttpMethod.GET && !download
                ? request.getUri().toString()
                : "/";
    }

    static boolean isPublic(String path) {
        return path.equals("/login")
                || path.startsWith("/static/")
                || path.startsWith("/health")
                || path.equals("/language")
                || path.equals("/favicon.ico")
                || path.startsWith("/oauth/");
    }

    /** Which role a page needs; {@code null} for pages every signed-in user sees. */
    static Role roleFor(String path) {
        if (path.startsWith("/import")
                || path.startsWith("/advisories")
                || path.startsWith("/dead-letters")
                || path.startsWith("/directory")) {
            return Role.COMMUNICATIONS;
        }
        if (path.startsWith("/evidence")) {
            return Role.DPO;
        }
        return null;
    }
}
