package dev.breachnotify.ack.page;

import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.MutableHttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Security headers on every response. It runs outermost, so that responses made by other filters (the
 * security filter's 401 and 403) carry them too.
 *
 * <ul>
 *   <li>no script, frame, plugin or third-party asset may load; styles and images only from here; forms only
 *       post here; no page may frame ours;</li>
 *   <li>no {@code Referer}: the code is in the page's URL;</li>
 *   <li>nothing is cached: a page shows what a practice confirmed, and shared computers exist.</li>
 * </ul>
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SecurityHeadersFilter {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @ResponseFilter
    public void addHeaders(MutableHttpResponse<?> response) {
        MutableHttpHeaders headers = response.getHeaders();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Cache-Control", "no-store");
    }
}
