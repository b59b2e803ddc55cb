package dev.breachnotify.notifier.code;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * The personal link of a practice: {@code breachnotify.notifier.ack-base-url} (the public address of
 * ack-service, default {@code http://localhost:8082}) followed by {@code /a/<code>}.
 */
@Singleton
public class AckLinks {

    /** Where a link template has the code. */
    public static final String CODE = "{code}";

    private final String baseUrl;

    public AckLinks(@Value("${breachnotify.notifier.ack-base-url:`http://localhost:8082`}") String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public String linkFor(String formattedCode) {
        return baseUrl + "/a/" + formattedCode;
    }

    /** The personal link of an IT service partner to its page for an advisory. */
    public String partnerLinkFor(String formattedCode) {
        return baseUrl + "/p/" + formattedCode;
    }

    /** The link with {@link #CODE} in place of a code, for previews. */
    public String linkTemplate() {
        return linkFor(CODE);
    }
}
