package dev.breachnotify.notifier.letter;

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
import dev.breachnotify.events.VendorIdentity;
import dev.breachnotify.notifier.advisory.DefaultCredentials;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.PDFTextStripperByArea;
import org.junit.jupiter.api.Test;

class LetterRendererTest {

    private static final String CODE = "7KQ2-M9XD-4HTC-PW3B-R";
    private static final String LINK = "https://ack.vendor.example/a/" + CODE;

    private final LetterRenderer renderer = new LetterRenderer(new LetterSettings(), VendorIdentity.SAMPLE);

    @Test
    void theAddressSitsInsideTheEnvelopeWindowAndNowhereElse() throws Exception {
        try (PDDocument pdf =
                Loader.loadPDF(renderer.render(advisory(), practice("de"), CODE, LINK, LocalDate.of(2026, 11, 24)))) {
            String window = textIn(
                    pdf.getPage(0),
                    Din5008.ADDRESS_LEFT,
                    Din5008.ADDRESS_TOP,
                    Din5008.ADDRESS_WIDTH,
                    Din5008.ADDRESS_HEIGHT);

            assertThat(window)
                    .contains(
                            "Praxis Dr. Weber",
                            "Dr. Anna Weber",
                            "Hauptstraße 1",
                            "10115 Berlin",
                            "Muster Praxissoftware GmbH (Beispiel) · Musterstraße 1");
            String outside = new PDFTextStripper().getText(pdf).replace(window, "");
            assertThat(outside).doesNotContain("Hauptstraße 1");
        }
    }

    @Test
    void theLetterCarriesTheAdvisoryTheCodeAndAQrCodeOfThePersonalLink() throws Exception {
        byte[] letter = renderer.render(advisory(), practice("de"), CODE, LINK, LocalDate.of(2026, 11, 24));
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "letter-sample.pdf"), letter);
        try (PDDocument pdf = Loader.loadPDF(letter)) {
            String text = new PDFTextStripper().getText(pdf);

            assertThat(text)
                    .contains(
                            "Bitte ändern Sie Ihre Passwörter",
                            "TI-Konnektor",
                            "15. Dezember 2026",
                            CODE,
                            LINK,
                            "niemals nach einem Passwort",
                            "Kundennummer: P-00001");
            BufferedImage page = new PDFRenderer(pdf).renderImageWithDPI(0, 200);
            String decoded = new QRCodeReader()
                    .decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(page))))
                    .getText();
            assertThat(decoded).isEqualTo(LINK);
        }
    }

    @Test
    void everyFontIsEmbeddedAndEnglishPracticesGetTheEnglishText() throws Exception {
        try (PDDocument pdf =
                Loader.loadPDF(renderer.render(advisory(), practice("en"), CODE, LINK, LocalDate.of(2026, 11, 24)))) {
            for (PDPage page : pdf.getPages()) {
                for (var name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    assertThat(font.isEmbedded()).as(font.getName()).isTrue();
                }
            }
            assertThat(new PDFTextStripper().getText(pdf))
                    .contains(
                            "Please change your passwords",
                            "Your personal confirmation code",
                            "Customer number: P-00001");
        }
    }

    @Test
    void aLetterForAContactsAttentionNamesThemInTheWindowAndGreetsThem() throws Exception {
        for (String language : List.of("de", "en")) {
            try (PDDocument document = new PDDocument()) {
                renderer.append(
                        document,
                        LetterRenderer.font(document),
                        advisory(),
                        practice(language),
                        CODE,
                        LINK,
                        LocalDate.of(2026, 11, 24),
                        "initial",
                        "Paul Kern");
                String window = textIn(
                        document.getPage(0),
                        Din5008.ADDRESS_LEFT,
                        Din5008.ADDRESS_TOP,
                        Din5008.ADDRESS_WIDTH,
                        Din5008.ADDRESS_HEIGHT);
                String text = new PDFTextStripper().getText(document);

                assertThat(window)
                        .contains("Praxis Dr. Weber", "de".equals(language) ? "z. Hd. Paul Kern" : "Attn: Paul Kern")
                        .doesNotContain("Anna Weber");
                assertThat(text).contains("Paul Kern,", CODE);
            }
        }
    }

    private static String textIn(PDPage page, float leftMm, float topMm, float widthMm, float heightMm)
            throws Exception {
        PDFTextStripperByArea stripper = new PDFTextStripperByArea();
        stripper.addRegion(
                "area",
                new Rectangle2D.Float(
                        Din5008.pt(leftMm), Din5008.pt(topMm), Din5008.pt(widthMm), Din5008.pt(heightMm)));
        stripper.extractRegions(page);
        return stripper.getTextForRegion("area");
    }

    static Practice practice(String language) {
        return new Practice(
                "P-00001",
                "Praxis Dr. Weber",
                "Dr. Anna Weber",
                List.of(),
                new PostalAddress("Hauptstraße 1", "10115", "Berlin", "DE"),
                language,
                "zahnmedizin",
                PreferredChannel.LETTER);
    }

    static AdvisoryPublished advisory() {
        return new AdvisoryPublished(
                "ADV-1",
                "Passwörter",
                Map.of(
                        "de",
                                new LocalizedText(
                                        "Bitte ändern Sie Ihre Passwörter bis zum {{deadline}}",
                                        "Sehr geehrte/r {{practice.contact}},\n\nbitte ändern Sie:\n{{credentials}}"),
                        "en",
                                new LocalizedText(
                                        "Please change your passwords by {{deadline}}",
                                        "Dear {{practice.contact}},\n\nplease change:\n{{credentials}}")),
                DefaultCredentials.ALL,
                LocalDate.of(2026, 12, 15),
                AdvisoryPublished.Audience.ALL,
                List.of(Channel.LETTER),
                "comms",
                Instant.parse("2026-11-24T10:00:00Z"),
                null);
    }
}
