package dev.breachnotify.events;

import java.util.UUID;

/**
 * The email could not be delivered: a permanent rejection (SMTP 5xx, a bounce) or retries exhausted.
 * Practices with a failed email are candidates for a printed letter.
 */
public record EmailFailed(
        UUID notificationId,
        String advisoryId,
        String practiceId,
        Integer smtpCode,
        String reason,
        int attempt,
        boolean permanent) implements EventPayload {
}
