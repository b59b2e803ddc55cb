package dev.breachnotify.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One mail to an IT service partner about an advisory: at publication the partner's link to its page, and at a
 * reminder step one digest of the practices still outstanding on its credentials. Key: the partner id.
 *
 * @param notificationId deterministic per (advisory, partner, step): a replayed fan-out repeats it
 * @param step           {@code initial} or {@code reminder}
 * @param recipients     the partner's contacts' email addresses
 * @param codeHash       SHA-256 (hex) of the partner's code for this advisory (one per advisory and partner); the
 *                       code itself never travels through Kafka
 * @param practices      the partner's practices and credentials: at {@code initial} all of them, in a reminder the
 *                       outstanding ones
 */
public record PartnerNotificationRequested(
        UUID notificationId,
        String advisoryId,
        String partnerId,
        String step,
        String language,
        List<String> recipients,
        String codeHash,
        Instant codeExpiresAt,
        List<PartnerPractice> practices)
        implements EventPayload {

    public PartnerNotificationRequested {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        practices = practices == null ? List.of() : List.copyOf(practices);
    }

    @Override
    public String practiceId() {
        return null;
    }
}
