package dev.breachnotify.events;

import java.time.Instant;
import java.util.UUID;

/** A transient failure (SMTP 4xx, connection trouble); the send is retried at {@code nextAttemptAt}. */
public record EmailDeferred(
        UUID notificationId,
        String advisoryId,
        String practiceId,
        Integer smtpCode,
        String reason,
        int attempt,
        Instant nextAttemptAt)
        implements EventPayload {}
