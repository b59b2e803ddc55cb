package dev.breachnotify.events;

import java.util.List;
import java.util.UUID;

/**
 * The relay accepted the email (SMTP 250). {@code smtpResponse} is the relay's last reply.
 * {@code possibleDuplicate} is {@code true} when the mail was sent again after a crash of the sender, because it
 * was in flight and not recorded: the relay may have accepted the first send too (schema v2; a v1 event is read
 * as {@code false}).
 */
public record EmailSent(
        UUID notificationId,
        String advisoryId,
        String practiceId,
        List<String> recipients,
        String messageId,
        String smtpResponse,
        int attempt,
        boolean possibleDuplicate)
        implements EventPayload {

    public EmailSent {
        recipients = List.copyOf(recipients);
    }

    /** A mail sent once, as far as the sender knows. */
    public EmailSent(
            UUID notificationId,
            String advisoryId,
            String practiceId,
            List<String> recipients,
            String messageId,
            String smtpResponse,
            int attempt) {
        this(notificationId, advisoryId, practiceId, recipients, messageId, smtpResponse, attempt, false);
    }
}
