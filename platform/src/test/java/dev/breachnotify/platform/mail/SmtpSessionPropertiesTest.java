package dev.breachnotify.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmtpSessionPropertiesTest {

    @Test
    void oneTimeoutForEverythingAndStarttlsRequiredWhenAskedFor() {
        assertThat(SmtpSessionProperties.of("relay.example", 587, Duration.ofSeconds(30), true, true))
                .containsEntry("mail.smtp.host", "relay.example")
                .containsEntry("mail.smtp.port", "587")
                .containsEntry("mail.smtp.connectiontimeout", "30000")
                .containsEntry("mail.smtp.timeout", "30000")
                .containsEntry("mail.smtp.writetimeout", "30000")
                .containsEntry("mail.smtp.starttls.enable", "true")
                .containsEntry("mail.smtp.starttls.required", "true")
                .containsEntry("mail.smtp.auth", "true");
        assertThat(SmtpSessionProperties.of("localhost", 25, Duration.ofMillis(500), false, false))
                .containsEntry("mail.smtp.starttls.required", "false")
                .containsEntry("mail.smtp.auth", "false")
                .containsEntry("mail.smtp.timeout", "500");
    }
}
