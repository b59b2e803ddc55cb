package dev.breachnotify.console.web;

import dev.breachnotify.console.services.ServiceUnavailableException;
import dev.breachnotify.console.services.SessionExpiredException;
import dev.breachnotify.console.session.Session;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import java.util.Map;

/** Failures as pages: a service that cannot be reached, a forged or stale form. */
@Controller
public class ErrorPages {

    @Error(global = true, exception = ServiceUnavailableException.class)
    public HttpResponse<?> unavailable(HttpRequest<?> request, ServiceUnavailableException e) {
        return page(request, HttpStatus.BAD_GATEWAY, "errorUnavailable", e.getMessage());
    }

    /** The operator's access token expired (or was revoked): sign in again, at the provider. */
    @Error(global = true, exception = SessionExpiredException.class)
    public HttpResponse<?> expired(HttpRequest<?> request, SessionExpiredException e) {
        return HttpResponse.seeOther(java.net.URI.create("/login?expired=true"))
                .header(io.micronaut.http.HttpHeaders.SET_COOKIE, SessionFilter.COOKIE + "=; Path=/; Max-Age=0");
    }

    /** A malformed id in a URL (an advisory, a dead letter): nothing is sent to a service. */
    @Error(global = true, exception = Pages.MalformedIdException.class)
    public HttpResponse<?> malformed(HttpRequest<?> request, Pages.MalformedIdException e) {
        return page(request, HttpStatus.BAD_REQUEST, "errorRequest", e.getMessage());
    }

    @Error(global = true, exception = Pages.CsrfException.class)
    public HttpResponse<?> forged(HttpRequest<?> request, Pages.CsrfException e) {
        return page(request, HttpStatus.FORBIDDEN, "errorForm", e.getMessage());
    }

    private static HttpResponse<?> page(HttpRequest<?> request, HttpStatus status, String titleKey, String detail) {
        Session session =
                request.getAttribute(SessionFilter.ATTRIBUTE, Session.class).orElse(null);
        if (session == null) {
            return HttpResponse.status(status).body(detail);
        }
        Map<String, Object> model = Pages.model(session, titleKey);
        model.put("detail", detail);
        return Pages.render(status, "error", model);
    }
}
