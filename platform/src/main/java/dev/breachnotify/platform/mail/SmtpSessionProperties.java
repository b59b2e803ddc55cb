package dev.breachnotify.platform.mail;

import java.time.Duration;
import java.util.Properties;

/**
 * The Jakarta Mail session properties for an SMTP relay, as every mailer of the project sets them: one timeout for
 * connecting, reading and writing; STARTTLS required when it is asked for (never a silent fall-back to plain
 * text); authentication when a user name is configured.
 */
public final class SmtpSessionProperties {

    private SmtpSessionProperties() {}

    public static Properties of(String host, int port, Duration timeout, boolean starttls, boolean authenticate) {
        Properties properties = new Properties();
        String millis = String.valueOf(timeout.toMillis());
        properties.put("mail.smtp.host", host);
        properties.put("mail.smtp.port", String.valueOf(port));
        properties.put("mail.smtp.connectiontimeout", millis);
        properties.put("mail.smtp.timeout", millis);
        properties.put("mail.smtp.writetimeout", millis);
        properties.put("mail.smtp.starttls.enable", String.valueOf(starttls));
        properties.put("mail.smtp.starttls.required", String.valueOf(starttls));
        properties.put("mail.smtp.auth", String.valueOf(authenticate));
        return properties;
    }
}
