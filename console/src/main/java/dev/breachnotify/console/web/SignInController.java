package dev.breachnotify.console.web;

import dev.breachnotify.console.ConsoleSettings;
import dev.breachnotify.console.services.Service;
import dev.breachnotify.console.services.ServiceClient;
import dev.breachnotify.console.session.Role;
import dev.breachnotify.console.session.Session;
import dev.breachnotify.console.session.SessionStore;
import dev.breachnotify.console.session.SignInLimiter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.views.ModelAndView;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Sign-in, sign-out and the language switch. The console keeps no users: it asks the services whether the
 * credentials open their APIs (a cheap authenticated GET each), and what they open decides the pages shown.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class SignInController {

    static final String LANGUAGE_COOKIE = "bn_lang";
    /** A random token in a cookie and in the sign-in form (double submit): no other site can sign a browser in. */
    static final String SIGN_IN_COOKIE = "bn_signin";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final SessionStore sessions;
    private final ServiceClient services;
    private final SignInLimiter limiter;
    private final boolean https;

    public SignInController(SessionStore sessions, ServiceClient services, SignInLimiter limiter,
                            ConsoleSettings settings) {
        this.sessions = sessions;
        this.services = services;
        this.limiter = limiter;
        this.https = settings.isHttps();
    }

    @Get("/login")
    public HttpResponse<?> form(HttpRequest<?> request, @Nullable @QueryValue Boolean expired) {
        return signInPage(request, HttpStatus.OK, Boolean.TRUE.equals(expired) ? "signInExpired" : null, "");
    }

    @Post("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> signIn(HttpRequest<?> request, @Body Map<String, String> form) {
        String user = form.getOrDefault("user", "").strip();
        char[] password = form.getOrDefault("password", "").toCharArray();
        String expected = request.getCookies().findCookie(SIGN_IN_COOKIE).map(Cookie::getValue).orElse(null);
        String submitted = form.get("csrf");
        if (expected == null || submitted == null || !java.security.MessageDigest.isEqual(expected.getBytes(),
                submitted.getBytes())) {
            return signInPage(request, HttpStatus.FORBIDDEN, "signInStale", user);
        }
        if (user.isEmpty() || password.length == 0) {
            return signInPage(request, HttpStatus.UNAUTHORIZED, "signInFailed", user);
        }
        if (!limiter.allowed(user)) {
            Pages.action(user, "sign-in-limited", "");
            return signInPage(request, HttpStatus.TOO_MANY_REQUESTS, "signInLimited", user);
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        int notifier = services.probe(Service.NOTIFIER, "/api/advisories?limit=1", user, password);
        if (notifier == 200) {
            roles.add(Role.COMMUNICATIONS);
        }
        int audit = services.probe(Service.AUDIT, "/api/audit/head", user, password);
        if (audit == 200) {
            roles.add(Role.DPO);
        }
        if (roles.isEmpty()) {
            limiter.failed(user);
            Pages.action(user, "sign-in-refused", "notifier=" + notifier + " audit=" + audit);
            return signInPage(request, HttpStatus.UNAUTHORIZED, notifier == 401 && audit == 401 ? "signInFailed"
                    : "signInNoRole", user);
        }
        limiter.succeeded(user);
        Session session = sessions.create(user, password, roles, language(request));
        java.util.Arrays.fill(password, '\0');
        Pages.action(user, "sign-in", roles);
        return HttpResponse.seeOther(java.net.URI.create(roles.contains(Role.COMMUNICATIONS) ? "/" : "/evidence"))
                .header(HttpHeaders.SET_COOKIE, sessionCookie(session.id(), false))
                .header(HttpHeaders.SET_COOKIE, SIGN_IN_COOKIE + "=; Path=/login; HttpOnly; SameSite=Strict"
                        + (https ? "; Secure" : "") + "; Max-Age=0");
    }

    @Post("/logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> signOut(HttpRequest<?> request, @Body Map<String, String> form) {
        Session session = Pages.session(request);
        Pages.requireCsrf(session, form.get("csrf"));
        sessions.end(session.id());
        Pages.action(session.user(), "sign-out", "");
        return HttpResponse.seeOther(java.net.URI.create("/login"))
                .header(HttpHeaders.SET_COOKIE, sessionCookie("", true));
    }

    /** Switches the language and goes back to the page it was asked from (a path of this console only). */
    @Get("/language")
    public HttpResponse<?> language(HttpRequest<?> request, @QueryValue String to, @Nullable @QueryValue String back) {
        String language = Texts.choose(to, null);
        String cookieId = request.getCookies().findCookie(SessionFilter.COOKIE).map(Cookie::getValue).orElse(null);
        sessions.find(cookieId).ifPresent(session -> session.language(language));
        String target = back != null && back.startsWith("/") && !back.startsWith("//") && !back.contains("\\")
                ? back : "/";
        return HttpResponse.seeOther(java.net.URI.create(target))
                .header(HttpHeaders.SET_COOKIE, LANGUAGE_COOKIE + "=" + language
                        + "; Path=/; Max-Age=31536000; SameSite=Strict" + (https ? "; Secure" : ""));
    }

    /** HttpOnly, SameSite=Strict, Secure behind TLS; a session cookie (no Max-Age): it ends with the browser. */
    String sessionCookie(String value, boolean delete) {
        return SessionFilter.COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict"
                + (https ? "; Secure" : "") + (delete ? "; Max-Age=0" : "");
    }

    private HttpResponse<?> signInPage(HttpRequest<?> request, HttpStatus status, String messageKey, String user) {
        String language = language(request);
        Map<String, String> texts = Texts.of(language);
        Map<String, Object> model = new HashMap<>();
        model.put("t", texts);
        model.put("lang", language);
        model.put("otherLang", language.equals("de") ? "en" : "de");
        model.put("title", texts.get("signInTitle"));
        model.put("message", messageKey == null ? null : texts.get(messageKey));
        model.put("userName", user);
        model.put("idleMinutes", sessions.idleTimeout().toMinutes());
        // keep the browser's token while it has one: another tab, or the browser's own requests that end up at
        // this page (a favicon), must not make the form already shown stale
        String token = request.getCookies().findCookie(SIGN_IN_COOKIE).map(Cookie::getValue)
                .filter(value -> value.matches("[A-Za-z0-9_-]{43}")).orElseGet(() -> {
                    byte[] bits = new byte[32];
                    RANDOM.nextBytes(bits);
                    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
                });
        model.put("csrf", token);
        return HttpResponse.status(status).contentType(MediaType.TEXT_HTML_TYPE)
                .header(HttpHeaders.SET_COOKIE, SIGN_IN_COOKIE + "=" + token + "; Path=/login; HttpOnly; "
                        + "SameSite=Strict" + (https ? "; Secure" : ""))
                .body(new ModelAndView<>("login", model));
    }

    private static String language(HttpRequest<?> request) {
        return Texts.choose(request.getCookies().findCookie(LANGUAGE_COOKIE).map(Cookie::getValue).orElse(null),
                request.getHeaders().get(HttpHeaders.ACCEPT_LANGUAGE));
    }
}
