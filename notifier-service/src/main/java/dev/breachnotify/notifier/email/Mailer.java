package dev.breachnotify.notifier.email;

/** Sends one mail and says what the relay answered. Never throws for a relay's refusal. */
public interface Mailer {

    SendOutcome send(OutgoingMail mail);

    /** The Message-ID header of the mail for a notification. */
    String messageId(java.util.UUID notificationId);
}
