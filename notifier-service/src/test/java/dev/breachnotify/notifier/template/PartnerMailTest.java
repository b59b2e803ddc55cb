package dev.breachnotify.notifier.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.PartnerPractice;
import dev.breachnotify.events.VendorIdentity;
import dev.breachnotify.notifier.advisory.DefaultCredentials;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartnerMailTest {

    private static final String CODE = "7KQ2-M9XD-4HTC-PW3B-R";
    private static final String LINK = "https://ack.vendor.example/p/" + CODE;
    private static final List<PartnerPractice> PRACTICES = List.of(
            new PartnerPractice("P-1", List.of("ti-konnektor")),
            new PartnerPractice("P-2", List.of("ti-konnektor", "windows-servers")));

    private final MailRenderer renderer = new MailRenderer(VendorIdentity.SAMPLE);

    @Test
    void aPartnersMailSaysHowManyPracticesWhichCredentialsAndCarriesItsLinkAndCode() {
        RenderedMail german =
                renderer.renderForPartner(advisory(), "Alpha IT {{code}}", "de", PRACTICES, LINK, CODE, "initial");

        assertThat(german.subject()).isEqualTo("Für IT-Dienstleister: Bitte Passwörter ändern");
        assertThat(german.text())
                .contains(
                        "Guten Tag Alpha IT ((code))",
                        "Sie betreuen 2 der betroffenen Praxen",
                        "- Zugang zum TI-Konnektor",
                        "- Windows-Anmeldungen der Server",
                        LINK,
                        CODE,
                        "niemals nach einem Passwort")
                .doesNotContain("Passwörter der Praxissoftware", "/a/");
        assertThat(german.html()).contains(LINK).doesNotContain("Alpha IT {{code}}");

        RenderedMail reminder =
                renderer.renderForPartner(advisory(), "Beta IT", "en", PRACTICES.subList(0, 1), LINK, CODE, "reminder");
        assertThat(reminder.subject()).isEqualTo("Reminder: For IT service partners: Please change passwords");
        assertThat(reminder.text())
                .contains("1 of the practices you look after", "TI connector", "never ask you for a password");
    }

    private static AdvisoryPublished advisory() {
        return new AdvisoryPublished(
                "ADV-1",
                "T",
                Map.of(
                        "de", new LocalizedText("Bitte Passwörter ändern", "B"),
                        "en", new LocalizedText("Please change passwords", "B")),
                DefaultCredentials.ALL,
                LocalDate.of(2026, 12, 15),
                AdvisoryPublished.Audience.ALL,
                List.of(Channel.EMAIL),
                "comms",
                Instant.parse("2026-11-24T08:00:00Z"),
                null);
    }
}
