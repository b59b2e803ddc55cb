package dev.breachnotify.events;

import java.util.UUID;

/**
 * The email could not be delivered: a permanent rejection (SMTP 5xx, a bounce), retries that ran into their
 * deadline ({@code retriesExpired}), or a retry dropped because the advisory was withdrawn (both {@code false}).
 * Practices with a permanently failed email or expired retries are candidates for a printed letter.
 *
 * <p>Schema v2 added {@code retriesExpired}; a v1 event is read with {@code retriesExpired = !permanent}, which is
 * what {@code permanent: false} meant in v1 ("retries exhausted").
 */
public record EmailFailed(
        UUID notificationId,
        String advisoryId,
        String practiceId,
        Integer smtpCode,
        String reason,
        int attempt,
        boolean permanent,
        boolean retriesExpired)
        implements EventPayload {

    /** The v1 shape: a failure that is not permanent is one whose retries ran out. */
    public EmailFailed(
            UUID notificationId,
            String advisoryId,
            String practiceId,
            Integer smtpCode,
            String reason,
            int attempt,
            boolean permanent) {
        this(notificationId, advisoryId, practiceId, smtpCode, reason, attempt, permanent, !permanent);
    }

    /** Whether the practice should get a letter instead: a hard bounce, or retries that ran out. */
    public boolean needsLetter() {
        return permanent || retriesExpired;
    }
}
