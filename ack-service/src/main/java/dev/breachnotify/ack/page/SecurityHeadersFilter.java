package dev.breachnotify.ack.page;

import dev.breachnotify.ack.AckSettings;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.List;
import java.util.Locale;

/**
 * Security headers on every response. It runs outermost, so that responses made by other filters (the
 * security filter's 401 and 403) carry them too.
 *
 * <ul>
 *   <li>no script, frame, plugin or third-party asset may load; styles and images only from here; forms only
 *       post here; no page may frame ours;</li>
 *   <li>no {@code Referer}: the code is in the page's URL;</li>
 *   <li>nothing is cached: a page shows what a practice confirmed, and shared computers exist;</li>
 *   <li>with {@code breachnotify.ack.https=true}, {@code Strict-Transport-Security} for a year;</li>
 *   <li>any cookie (the service sets none today) is {@code HttpOnly}, {@code SameSite=Strict}, and
 *       {@code Secure} behind TLS ({@code breachnotify.ack.secure-cookies}).</li>
 * </ul>
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SecurityHeadersFilter {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' data:; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

    private final boolean https;
    private final boolean secureCookies;

    public SecurityHeadersFilter(AckSettings settings) {
        this.https = settings.isHttps();
        this.secureCookies = settings.isHttps() && settings.isSecureCookies();
    }

    @ResponseFilter
    public void addHeaders(MutableHttpResponse<?> response) {
        MutableHttpHeaders headers = response.getHeaders();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Cache-Control", "no-store");
        if (https) {
            headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        }
        List<String> cookies = headers.getAll(HttpHeaders.SET_COOKIE);
        if (!cookies.isEmpty()) {
            List<String> hardened = cookies.stream()
                    .map(cookie -> harden(cookie, secureCookies))
                    .toList();
            headers.remove(HttpHeaders.SET_COOKIE);
            hardened.forEach(cookie -> headers.add(HttpHeaders.SET_COOKIE, cookie));
        }
    }

    /** A {@code Set-Cookie} value with {@code HttpOnly}, {@code SameSite=Strict} and, if asked, {@code Secure}. */
    static String harden(String setCookie, boolean secure) {
        StringBuilder value = new StringBuilder();
        for (String part : setCookie.split(";")) {
            String attribute = part.strip().toLowerCase(Locale.ROOT);
            if (attribute.startsWith("samesite") || attribute.equals("httponly") || attribute.equals("secure")) {
                continue;
            }
            if (!value.isEmpty()) {
                value.append("; ");
            }
            value.append(part.strip());
        }
        value.append("; HttpOnly; SameSite=Strict");
        if (secure) {
            value.append("; Secure");
        }
        return value.toString();
    }
}
