package dev.breachnotify.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Fan-out asks for one practice to be notified on one channel for one step of the escalation.
 *
 * @param notificationId deterministic per (advisory, practice, channel, step): a replayed fan-out repeats it
 * @param recipients     the email addresses, for the email channel
 * @param codeHash       SHA-256 (hex) of the practice's acknowledgement code; the code itself never
 *                       travels through Kafka
 * @param codeExpiresAt  when the code stops being accepted
 * @param contactId      the practice's contact addressed, with a code of their own; {@code null} for the
 *                       practice's general addresses (a practice without contacts, or none in the advisory's roles)
 */
public record NotificationRequested(
        UUID notificationId,
        String advisoryId,
        String practiceId,
        Channel channel,
        String step,
        String language,
        List<String> recipients,
        String codeHash,
        Instant codeExpiresAt,
        String contactId)
        implements EventPayload {

    public NotificationRequested {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    /** A notification to the practice's general addresses. */
    public NotificationRequested(
            UUID notificationId,
            String advisoryId,
            String practiceId,
            Channel channel,
            String step,
            String language,
            List<String> recipients,
            String codeHash,
            Instant codeExpiresAt) {
        this(
                notificationId,
                advisoryId,
                practiceId,
                channel,
                step,
                language,
                recipients,
                codeHash,
                codeExpiresAt,
                null);
    }
}
