package dev.breachnotify.notifier.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PreferredChannel;
import dev.breachnotify.events.VendorIdentity;
import dev.breachnotify.notifier.guide.SampleGuides;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mail never carries the guides, and says where they are. */
class GuideNoteTest {

    private final MailRenderer renderer = new MailRenderer(VendorIdentity.SAMPLE);
    private final AdvisoryPublished withLetters = SampleGuides.published("ADV-NOTE");

    @Test
    void aMailOfAnAdvisoryWithGuidesPointsToThePageAndTheLetterAndHoldsNoGuide() {
        RenderedMail mail = renderer.render(withLetters, practice("de"), "https://ack.test/a/X", "X");

        assertThat(mail.text())
                .contains("persönlichen Bestätigungsseite (Link unten)", "gedruckt bei", "keine Anhänge")
                .doesNotContain("Benutzerverwaltung");
        assertThat(mail.html()).contains("keine Anhänge").doesNotContain("<h2>", "data:image");
        assertThat(mail.text().indexOf("keine Anhänge"))
                .as("the note comes before the link it points down to")
                .isLessThan(mail.text().indexOf("https://ack.test/a/X"));
    }

    @Test
    void anEmailOnlyAdvisoryDoesNotPromiseALetter() {
        AdvisoryPublished emailOnly = new AdvisoryPublished(
                withLetters.advisoryId(),
                withLetters.title(),
                withLetters.texts(),
                withLetters.credentials(),
                withLetters.deadline(),
                withLetters.audience(),
                List.of(Channel.EMAIL),
                withLetters.publishedBy(),
                withLetters.publishedAt(),
                null,
                withLetters.summary(),
                withLetters.guides());

        assertThat(renderer.render(emailOnly, practice("en"), "https://ack.test/a/X", "X")
                        .text())
                .contains("on your personal confirmation page (link below)", "no attachments")
                .doesNotContain("encloses");
    }

    @Test
    void anAdvisoryWithoutGuidesSaysNothingAboutThem() {
        AdvisoryPublished plain = new AdvisoryPublished(
                "ADV-PLAIN",
                withLetters.title(),
                withLetters.texts(),
                withLetters.credentials(),
                withLetters.deadline(),
                withLetters.audience(),
                withLetters.channels(),
                "comms",
                withLetters.publishedAt(),
                null);

        assertThat(renderer.render(plain, practice("de"), "https://ack.test/a/X", "X")
                        .text())
                .doesNotContain("Anleitungen", "Anhänge");
    }

    private static Practice practice(String language) {
        return new Practice(
                "P-1", "Praxis Test", null, List.of("p@example.org"), null, language, null, PreferredChannel.EMAIL);
    }
}
