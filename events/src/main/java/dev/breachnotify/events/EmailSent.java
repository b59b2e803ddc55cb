package dev.breachnotify.events;

import java.util.List;
import java.util.UUID;

/** The relay accepted the email (SMTP 250). {@code smtpResponse} is the relay's last reply. */
public record EmailSent(
        UUID notificationId,
        String advisoryId,
        String practiceId,
        List<String> recipients,
        String messageId,
        String smtpResponse,
        int attempt) implements EventPayload {

    public EmailSent {
        recipients = List.copyOf(recipients);
    }
}
