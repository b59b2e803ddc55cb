package dev.breachnotify.console.web;

import dev.breachnotify.console.ConsoleSettings;
import dev.breachnotify.console.session.Session;
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
import io.micronaut.views.ModelAndView;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The sign-in page (a link to the identity provider: Micronaut Security runs the authorization-code flow with
 * PKCE at {@code /oauth/login/idp} and {@code /oauth/callback/idp}), sign-out and the language switch.
 */
@Controller
public class SignInController {

    static final String LANGUAGE_COOKIE = "bn_lang";
    /** Where Micronaut Security starts the sign-in at the provider configured as {@code idp}. */
    static final String PROVIDER_SIGN_IN = "/oauth/login/idp";

    private final boolean https;

    public SignInController(ConsoleSettings settings) {
        this.https = settings.isHttps();
    }

    /** {@code failed}: the provider or the services refused the operator (no role). */
    @Get("/login")
    public HttpResponse<?> form(
            HttpRequest<?> request, @Nullable @QueryValue Boolean failed, @Nullable @QueryValue Boolean expired) {
        String messageKey =
                Boolean.TRUE.equals(failed) ? "signInNoRole" : Boolean.TRUE.equals(expired) ? "signInExpired" : null;
        String language = Texts.choose(
                request.getCookies()
                        .findCookie(LANGUAGE_COOKIE)
                        .map(Cookie::getValue)
                        .orElse(null),
                request.getHeaders().get(HttpHeaders.ACCEPT_LANGUAGE));
        Map<String, String> texts = Texts.of(language);
        Map<String, Object> model = new HashMap<>();
        model.put("t", texts);
        model.put("lang", language);
        model.put("otherLang", language.equals("de") ? "en" : "de");
        model.put("title", texts.get("signInTitle"));
        model.put("message", messageKey == null ? null : texts.get(messageKey));
        model.put("signInUrl", PROVIDER_SIGN_IN);
        HttpStatus status = messageKey == null ? HttpStatus.OK : HttpStatus.UNAUTHORIZED;
        return HttpResponse.status(status)
                .contentType(MediaType.TEXT_HTML_TYPE)
                .body(new ModelAndView<>("login", model));
    }

    /** Ends the session in this browser: the cookie is deleted (a copy of it stays valid until it expires). */
    @Post("/logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> signOut(HttpRequest<?> request, @Body Map<String, String> form) {
        Session session = Pages.session(request);
        Pages.requireCsrf(session, form.get("csrf"));
        Pages.action(session.user(), "sign-out", "");
        return HttpResponse.seeOther(URI.create("/login"))
                .header(
                        HttpHeaders.SET_COOKIE,
                        SessionFilter.COOKIE + "=; Path=/; HttpOnly; SameSite=Lax" + (https ? "; Secure" : "")
                                + "; Max-Age=0");
    }

    /** Switches the language and goes back to the page it was asked from (a path of this console only). */
    @Get("/language")
    public HttpResponse<?> language(@QueryValue String to, @Nullable @QueryValue String back) {
        String language = Texts.choose(to, null);
        String target =
                back != null && back.startsWith("/") && !back.startsWith("//") && !back.contains("\\") ? back : "/";
        return HttpResponse.seeOther(URI.create(target))
                .header(
                        HttpHeaders.SET_COOKIE,
                        LANGUAGE_COOKIE + "=" + language + "; Path=/; Max-Age=31536000; SameSite=Lax"
                                + (https ? "; Secure" : ""));
    }
}
