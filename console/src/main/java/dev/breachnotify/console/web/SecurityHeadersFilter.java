package dev.breachnotify.console.web;

import dev.breachnotify.console.ConsoleSettings;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.MutableHttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Security headers on every response, as on the acknowledgement pages: no script, frame, plugin or third-party
 * asset may load (the console has no JavaScript; styles and images come from here, charts are inline SVG);
 * forms post only here; no page may be framed; nothing is cached (pages show personal data); HSTS behind TLS.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SecurityHeadersFilter {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final boolean https;

    public SecurityHeadersFilter(ConsoleSettings settings) {
        this.https = settings.isHttps();
    }

    @ResponseFilter
    public void addHeaders(MutableHttpResponse<?> response) {
        MutableHttpHeaders headers = response.getHeaders();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("Referrer-Policy", "same-origin");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Cache-Control", "no-store");
        if (https) {
            headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
    }
}
