package dev.breachnotify.notifier.email;

/**
 * What the relay said to one send.
 *
 * @param smtpCode the reply code, or {@code null} when the connection failed before a reply
 */
public record SendOutcome(Kind kind, Integer smtpCode, String detail) {

    public enum Kind {
        /** The relay accepted the message. */
        SENT,
        /** Try again later: SMTP 4xx or a connection problem. */
        TRANSIENT,
        /** Never try again: SMTP 5xx, e.g. an unknown mailbox. */
        PERMANENT
    }

    public static SendOutcome sent(String detail) {
        return new SendOutcome(Kind.SENT, 250, detail);
    }
}
