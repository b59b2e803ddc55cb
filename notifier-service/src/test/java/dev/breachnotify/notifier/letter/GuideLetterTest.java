package dev.breachnotify.notifier.letter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Guide;
import dev.breachnotify.events.PostalAddress;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PreferredChannel;
import dev.breachnotify.events.VendorIdentity;
import dev.breachnotify.notifier.guide.SampleGuides;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The guide pages after the cover letter, read back from the PDF. */
class GuideLetterTest {

    private static final String CODE = "7KQ2-M9XD-4HTC-PW3B-R";
    private static final String LINK = "https://ack.vendor.example/a/" + CODE;
    private static final LocalDate DATE = LocalDate.of(2026, 12, 5);

    private final LetterRenderer renderer = new LetterRenderer(new LetterSettings(), VendorIdentity.SAMPLE);
    private final AdvisoryPublished advisory = SampleGuides.published("ADV-GUIDES");

    @Test
    void theGuidesOfThePracticesVariantFollowTheCoverLetterWithTheirHashes() throws Exception {
        Practice practice = practice("de", "Secunet");
        byte[] letter = renderer.render(advisory, practice, CODE, LINK, DATE);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "letter-with-guides-sample.pdf"), letter);

        try (PDDocument pdf = Loader.loadPDF(letter)) {
            int coverPages = coverPages(pdf);
            assertThat(coverPages).isBetween(1, 2);
            assertThat(pdf.getNumberOfPages()).isGreaterThan(coverPages);
            String cover = text(pdf, 1, coverPages);
            String guides = text(pdf, coverPages + 1, pdf.getNumberOfPages());

            assertThat(cover).doesNotContain("Anleitung:");
            assertThat(guides)
                    .contains(
                            "Anleitungen zu diesem Sicherheitshinweis",
                            "Anleitung: Passwörter der Praxissoftware",
                            "Anleitung: Windows-Anmeldungen der Arbeitsplätze",
                            "Anleitung: Windows-Anmeldungen der Server",
                            "Anleitung: Zugang zum TI-Konnektor",
                            "Fassung für: secunet",
                            "Zugang zum secunet-Konnektor ändern",
                            "Benutzerverwaltung",
                            "Seite " + (coverPages + 1))
                    .doesNotContain("KoCoBox", "Change the", "Typenschild");
            for (String credential : List.of("practice-software", "windows-workstations", "windows-servers")) {
                assertThat(oneLine(guides)).contains(hashOf(credential, "general", "de"));
            }
            assertThat(oneLine(guides)).contains(hashOf("ti-konnektor", "secunet", "de"));
            assertThat(images(pdf, coverPages + 1)).as("the secunet screenshot").isEqualTo(1);
        }
    }

    @Test
    void aPracticeWithoutAVariantGetsTheGeneralGuideInItsLanguage() throws Exception {
        try (PDDocument pdf = Loader.loadPDF(renderer.render(advisory, practice("en", null), CODE, LINK, DATE))) {
            String guides = text(pdf, coverPages(pdf) + 1, pdf.getNumberOfPages());

            assertThat(guides)
                    .contains(
                            "How-to guides for this security notice",
                            "How-to: TI connector (Konnektor) access",
                            "Your connector's model is on its type plate")
                    .doesNotContain("secunet", "KoCoBox", "Version for:");
            assertThat(oneLine(guides)).contains(hashOf("ti-konnektor", "general", "en"));
        }
    }

    @Test
    void aBatchCountsTheGuidePagesAsPartOfTheLetter() throws Exception {
        try (PDDocument batch = new PDDocument()) {
            var font = LetterRenderer.font(batch);
            int first = renderer.append(batch, font, advisory, practice("de", "kocobox"), CODE, LINK, DATE, null);
            int second = renderer.append(batch, font, advisory, practice("en", null), CODE, LINK, DATE, null);

            assertThat(first + second).isEqualTo(batch.getNumberOfPages());
            String secondLetter = text(batch, first + 1, first + second);
            assertThat(secondLetter).contains("Praxis Dr. Weber", "How-to guides for this security notice");
            assertThat(text(batch, 1, first)).contains("KoCoBox").doesNotContain("How-to");
        }
    }

    @Test
    void anAdvisoryWithoutGuidesAddsNoPages() throws Exception {
        AdvisoryPublished plain = LetterRendererTest.advisory();
        try (PDDocument pdf = Loader.loadPDF(renderer.render(plain, practice("de", "secunet"), CODE, LINK, DATE))) {
            assertThat(new PDFTextStripper().getText(pdf)).doesNotContain("Anleitung");
        }
    }

    private String hashOf(String credential, String variant, String language) {
        return advisory.guides().stream()
                .filter(g -> g.credentialId().equals(credential)
                        && g.variant().equals(variant)
                        && g.language().equals(language))
                .map(Guide::sha256)
                .findFirst()
                .orElseThrow();
    }

    /** The pages of the cover letter: up to the one with the closing. */
    private static int coverPages(PDDocument pdf) throws Exception {
        for (int page = 1; page <= pdf.getNumberOfPages(); page++) {
            if (text(pdf, page, page).contains("ohne Unterschrift gültig")
                    || text(pdf, page, page).contains("valid without a signature")) {
                return page;
            }
        }
        throw new AssertionError("no closing in the letter");
    }

    private static String text(PDDocument pdf, int from, int to) throws Exception {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setStartPage(from);
        stripper.setEndPage(to);
        return stripper.getText(pdf);
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ");
    }

    private static int images(PDDocument pdf, int fromPage) throws Exception {
        int count = 0;
        for (int page = fromPage; page <= pdf.getNumberOfPages(); page++) {
            var resources = pdf.getPage(page - 1).getResources();
            for (COSName name : resources.getXObjectNames()) {
                if (resources.getXObject(name) instanceof PDImageXObject) {
                    count++;
                }
            }
        }
        return count;
    }

    private static Practice practice(String language, String konnektorModel) {
        return new Practice(
                "P-00001",
                "Praxis Dr. Weber",
                "Dr. Anna Weber",
                List.of(),
                new PostalAddress("Hauptstraße 1", "10115", "Berlin", "DE"),
                language,
                "zahnmedizin",
                PreferredChannel.LETTER,
                konnektorModel == null ? Map.of() : Map.of("konnektor_model", konnektorModel));
    }
}
