package dev.breachnotify.notifier.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.PostalAddress;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PreferredChannel;
import dev.breachnotify.events.VendorIdentity;
import dev.breachnotify.notifier.advisory.DefaultCredentials;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MailRendererTest {

    private final MailRenderer renderer = new MailRenderer(VendorIdentity.SAMPLE);

    @Test
    void aReminderSaysSoInTheSubjectAndTheFirstNoticeDoesNot() {
        assertThat(subject("de", "reminder")).isEqualTo("Erinnerung: Passwörter ändern");
        assertThat(subject("en", "reminder")).isEqualTo("Reminder: Change passwords");
        assertThat(subject("de", "initial")).isEqualTo("Passwörter ändern");
        assertThat(subject("de", null)).isEqualTo("Passwörter ändern");
        assertThat(MailRenderer.subject("letter", "de", "Passwörter ändern"))
                .isEqualTo("Erinnerung: Passwörter ändern");
        assertThat(MailRenderer.subject("bounce", "de", "Passwörter ändern")).isEqualTo("Passwörter ändern");
    }

    private String subject(String language, String step) {
        Practice practice = new Practice(
                "P-1",
                "Praxis",
                null,
                List.of("a@example.org"),
                new PostalAddress("Weg 1", "10115", "Berlin", "DE"),
                language,
                "x",
                PreferredChannel.EMAIL);
        AdvisoryPublished advisory = new AdvisoryPublished(
                "ADV-1",
                "T",
                Map.of(
                        "de",
                        new LocalizedText("Passwörter ändern", "Text"),
                        "en",
                        new LocalizedText("Change passwords", "Text")),
                DefaultCredentials.ALL,
                LocalDate.of(2026, 12, 15),
                AdvisoryPublished.Audience.ALL,
                List.of(Channel.EMAIL),
                "comms",
                Instant.parse("2026-11-24T08:00:00Z"),
                null);
        return renderer.render(advisory, practice, "https://ack.example/a/X", "X", step)
                .subject();
    }
}
