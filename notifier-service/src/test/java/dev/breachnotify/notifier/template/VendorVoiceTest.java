package dev.breachnotify.notifier.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.PostalAddress;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PreferredChannel;
import dev.breachnotify.events.Salutation;
import dev.breachnotify.events.VendorIdentity;
import dev.breachnotify.notifier.advisory.DefaultCredentials;
import dev.breachnotify.notifier.letter.LetterRenderer;
import dev.breachnotify.notifier.letter.LetterSettings;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The vendor's voice in every text a practice gets from the notifier: mail and letter, German and English, with and
 * without a contact person, carry the configured identity and one salutation, and no unset value.
 */
class VendorVoiceTest {

    private static final VendorIdentity VENDOR = VendorIdentity.SAMPLE;
    private static final String CODE = "7KQ2-M9XD-4HTC-PW3B-R";
    private static final String LINK = "https://ack.vendor.example/a/" + CODE;
    private static final LocalDate DATE = LocalDate.of(2026, 11, 24);

    private final MailRenderer mails = new MailRenderer(VENDOR);
    private final LetterRenderer letters = new LetterRenderer(new LetterSettings(), VENDOR);

    @ParameterizedTest(name = "{0}, contact {1}")
    @CsvSource({"de, Dr. Hannah Werner", "en, Dr. Hannah Werner", "de, ''", "en, ''"})
    void mailAndLetterCarryTheIdentityTheSalutationAndNoUnsetValue(String language, String contact) throws Exception {
        Practice practice = practice(language, contact.isBlank() ? null : contact);
        String salutation = Salutation.line(language, practice.contactPerson(), practice.name());
        for (String step : new String[] {null, "reminder"}) {
            RenderedMail mail = mails.render(advisory(), practice, LINK, CODE, step);
            for (String text : List.of(mail.text(), mail.html())) {
                assertThat(text)
                        .startsWith(text == mail.text() ? salutation : "<!DOCTYPE")
                        .contains(VENDOR.name(), VENDOR.supportPhone(), VENDOR.verifyUrl(), CODE);
                assertNoUnsetValue(text);
            }
            assertThat(mail.html()).contains("<p>" + salutation.replace("&", "&amp;"));
        }
        for (boolean preview : new boolean[] {false, true}) {
            byte[] pdf = preview
                    ? letters.preview(advisory(), practice, CODE, LINK, DATE)
                    : letters.render(advisory(), practice, CODE, LINK, DATE);
            try (PDDocument document = Loader.loadPDF(pdf)) {
                String text = new PDFTextStripper().getText(document);
                assertThat(text)
                        .contains(
                                salutation,
                                VENDOR.name(),
                                VENDOR.supportPhone(),
                                VENDOR.verifyUrl(),
                                VENDOR.company().registerCourt(),
                                VENDOR.company().registerNumber(),
                                VENDOR.company().managingDirectors(),
                                VENDOR.company().signatory(),
                                "en".equals(language) ? "Kind regards" : "Mit freundlichen Grüßen",
                                "\u2022 ");
                Files.writeString(
                        Files.createDirectories(Path.of("target", "letters"))
                                .resolve("text-" + language + "-" + preview + ".txt"),
                        text);
                assertThat(text.replaceAll("\\s", "").contains("MUSTER/SAMPLE"))
                        .as(text)
                        .isEqualTo(preview);
                assertNoUnsetValue(text);
            }
        }
    }

    @Test
    void theLetterIsABusinessLetterAndItsPreviewIsMarkedAsASample() throws Exception {
        Practice practice = practice("de", "Dr. Hannah Werner");
        byte[] letter = letters.render(advisory(), practice, CODE, LINK, DATE);
        byte[] preview = letters.preview(advisory(), practice, CODE, LINK, DATE);
        Path out = Files.createDirectories(Path.of("target", "letters"));
        Files.write(out.resolve("letter-de.pdf"), letter);
        Files.write(out.resolve("letter-preview-de.pdf"), preview);

        try (PDDocument document = Loader.loadPDF(letter)) {
            // the subject is bold: drawn filled and stroked; the body is not
            List<String> bold = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void processTextPosition(TextPosition text) {
                    if (getGraphicsState().getTextState().getRenderingMode() == RenderingMode.FILL_STROKE) {
                        bold.add(text.getUnicode());
                    }
                    super.processTextPosition(text);
                }
            };
            stripper.getText(document);
            assertThat(String.join("", bold)).isEqualTo("Bitte ändern Sie Ihre Passwörter bis zum 15. Dezember 2026");
            assertThat(decodeQr(document)).isEqualTo(LINK);
        }
        try (PDDocument document = Loader.loadPDF(preview)) {
            // the sample's QR code says, when scanned, that it is a sample and carries no link
            String scanned = decodeQr(document);
            assertThat(scanned)
                    .isEqualTo(LetterRenderer.SAMPLE_QR_TEXT)
                    .contains("MUSTER / SAMPLE")
                    .doesNotContain("http");
            BufferedImage page = new PDFRenderer(document).renderImageWithDPI(0, 100);
            ImageIO.write(page, "png", out.resolve("letter-preview-de.png").toFile());
        }
    }

    @Test
    void aLongLetterCarriesTheFooterOnEveryPageAndEndsWithTheClosing() throws Exception {
        String longBody = "{{salutation}}\n\n" + "Bitte lesen Sie diesen Absatz sorgfältig. ".repeat(40)
                + "\n\n" + "Ein weiterer langer Absatz über die Zugangsdaten Ihrer Praxis. ".repeat(40)
                + "\n\n{{credentials}}";
        AdvisoryPublished advisory = new AdvisoryPublished(
                "ADV-2",
                "Lang",
                Map.of("en", new LocalizedText("Long", longBody), "de", new LocalizedText("Lang", longBody)),
                DefaultCredentials.ALL,
                LocalDate.of(2026, 12, 15),
                AdvisoryPublished.Audience.ALL,
                List.of(Channel.LETTER),
                "comms",
                Instant.parse("2026-11-24T10:00:00Z"),
                null);
        byte[] letter = letters.preview(advisory, practice("en", null), CODE, LINK, DATE);
        Path out = Files.createDirectories(Path.of("target", "letters"));
        Files.write(out.resolve("letter-long-en.pdf"), letter);

        try (PDDocument document = Loader.loadPDF(letter)) {
            assertThat(document.getNumberOfPages()).isGreaterThanOrEqualTo(2);
            for (int page = 1; page <= document.getNumberOfPages(); page++) {
                PDFTextStripper stripper = new PDFTextStripper();
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                assertThat(stripper.getText(document))
                        .as("page %d", page)
                        .contains("Register court:", VENDOR.company().registerNumber(), "Managing directors:");
                if (page > 1) {
                    assertThat(stripper.getText(document)).contains("Page " + page);
                }
            }
            String last = new PDFTextStripper().getText(document);
            assertThat(last.indexOf("Kind regards")).isGreaterThan(last.indexOf("How to check"));
            ImageIO.write(
                    new PDFRenderer(document).renderImageWithDPI(document.getNumberOfPages() - 1, 60),
                    "png",
                    out.resolve("letter-long-en-last.png").toFile());
        }
    }

    private static String decodeQr(PDDocument document) throws Exception {
        BufferedImage page = new PDFRenderer(document).renderImageWithDPI(0, 200);
        return new QRCodeReader()
                .decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(page))))
                .getText();
    }

    private static void assertNoUnsetValue(String text) {
        assertThat(text).doesNotContain("{{", "}}", "null", "Ihr Softwarehersteller", "${", "Sehr geehrte/r");
    }

    private static Practice practice(String language, String contact) {
        return new Practice(
                "P-00001",
                "Praxis Dr. med. Hannah Werner",
                contact,
                List.of("praxis@example.org"),
                new PostalAddress("Hauptstraße 1", "10115", "Berlin", "DE"),
                language,
                "zahnmedizin",
                PreferredChannel.EMAIL);
    }

    private static AdvisoryPublished advisory() {
        return new AdvisoryPublished(
                "ADV-1",
                "Passwörter",
                Map.of(
                        "de",
                                new LocalizedText(
                                        "Bitte ändern Sie Ihre Passwörter bis zum {{deadline}}",
                                        "{{salutation}}\n\nbitte ändern Sie:\n{{credentials}}"),
                        "en",
                                new LocalizedText(
                                        "Please change your passwords by {{deadline}}",
                                        "{{salutation}}\n\nplease change:\n{{credentials}}")),
                DefaultCredentials.ALL,
                LocalDate.of(2026, 12, 15),
                AdvisoryPublished.Audience.ALL,
                List.of(Channel.LETTER),
                "comms",
                Instant.parse("2026-11-24T10:00:00Z"),
                null);
    }
}
