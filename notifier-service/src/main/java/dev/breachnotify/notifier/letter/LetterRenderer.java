package dev.breachnotify.notifier.letter;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.MessageTemplate;
import dev.breachnotify.events.PostalAddress;
import dev.breachnotify.events.Practice;
import dev.breachnotify.notifier.template.MailRenderer;
import jakarta.inject.Singleton;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a practice's personal letter as PDF: the vendor's letterhead, the address in the window of a DL
 * envelope (DIN 5008 form B), fold and punch marks, the advisory in the practice's language, the credentials, the
 * deadline, the typed code with its check character, a QR code of the personal link, and how to check that the
 * letter is genuine. The font (Liberation Sans, shipped with PDFBox) is embedded.
 */
@Singleton
public class LetterRenderer {

    private static final String FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    private static final float BODY_SIZE = 10.5f;
    private static final float LEADING = 1.35f;
    private static final float QR_SIZE_MM = 32f;
    private static volatile byte[] fontBytes;

    private final LetterSettings settings;

    public LetterRenderer(LetterSettings settings) {
        this.settings = settings;
    }

    /** One letter as a PDF file. */
    public byte[] render(AdvisoryPublished advisory, Practice practice, String code, String link, LocalDate date) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            append(document, advisory, practice, code, link, date);
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends one letter (its pages) to a document, e.g. a print batch; returns the number of pages. */
    public int append(PDDocument document, AdvisoryPublished advisory, Practice practice, String code, String link,
                      LocalDate date) throws IOException {
        return append(document, font(document), advisory, practice, code, link, date, null);
    }

    /**
     * Appends one letter of an escalation step to a document with a font loaded once for the whole document by
     * {@link #font(PDDocument)} (a print batch embeds one font subset, not one per letter); returns the number of
     * pages. The escalation's {@code letter} step marks the subject as a reminder.
     */
    public int append(PDDocument document, PDFont font, AdvisoryPublished advisory, Practice practice, String code,
                      String link, LocalDate date, String step) throws IOException {
        String language = practice.language();
        LocalizedText text = advisory.textIn(language);
        Map<String, String> values = MessageTemplate.values(advisory, practice.practiceId(), practice.name(),
                practice.contactPerson(), language, link, code);
        Page page = new Page(document, font);
        int pages = 1;

        drawLetterhead(page.content, font);
        drawMarks(page.content);
        drawAddress(page.content, font, practice);
        drawInfoBlock(page.content, font, practice, date, language);

        float cursor = Din5008.TEXT_TOP;
        cursor = page.paragraph(MailRenderer.reminderPrefix(step, language)
                + MessageTemplate.renderText(text.subject(), values), 12f, cursor);
        cursor += 4;
        for (String paragraph : MessageTemplate.renderText(text.body(), values).split("\\R\\s*\\R")) {
            for (String line : paragraph.split("\\R")) {
                if (page.full(cursor, 3)) {
                    page = page.next();
                    pages++;
                    cursor = 25f;
                }
                cursor = page.paragraph(line, BODY_SIZE, cursor);
            }
            cursor += 2.5f;
        }
        if (page.full(cursor, QR_SIZE_MM + 28)) {
            page = page.next();
            pages++;
            cursor = 25f;
        }
        cursor = drawCodeBox(page, code, link, language, cursor + 2);
        page.paragraph("en".equals(language) ? settings.getGenuineEn() : settings.getGenuineDe(), 9f, cursor + 3);
        page.close();
        return pages;
    }

    private void drawLetterhead(PDPageContentStream content, PDFont font) throws IOException {
        float y = 15f;
        for (int i = 0; i < settings.getLetterhead().size(); i++) {
            float size = i == 0 ? 13f : 9f;
            text(content, font, size, Din5008.INFO_BLOCK_LEFT, y, settings.getLetterhead().get(i));
            y += i == 0 ? 6f : 4.2f;
        }
    }

    private static void drawMarks(PDPageContentStream content) throws IOException {
        content.setLineWidth(0.5f);
        for (float[] mark : new float[][] {{Din5008.FOLD_MARK_1, 5f}, {Din5008.FOLD_MARK_2, 5f},
                {Din5008.PUNCH_MARK, 7f}}) {
            content.moveTo(Din5008.pt(3f), Din5008.y(mark[0]));
            content.lineTo(Din5008.pt(3f + mark[1]), Din5008.y(mark[0]));
            content.stroke();
        }
    }

    private void drawAddress(PDPageContentStream content, PDFont font, Practice practice) throws IOException {
        float left = Din5008.ADDRESS_LEFT + 5f;
        text(content, font, 7f, left, Din5008.ADDRESS_TOP + Din5008.RETURN_ZONE_HEIGHT - 3f,
                fit(font, 7f, settings.getReturnAddress(), Din5008.ADDRESS_WIDTH - 10f));
        List<String> lines = addressLines(practice);
        float y = Din5008.ADDRESS_TOP + Din5008.RETURN_ZONE_HEIGHT + 4.5f;
        for (String line : lines) {
            text(content, font, 10f, left, y, fit(font, 10f, line, Din5008.ADDRESS_WIDTH - 10f));
            y += 4.3f;
        }
    }

    /** The lines of the address window: name, contact, street, postcode and city, country abroad. */
    public static List<String> addressLines(Practice practice) {
        List<String> lines = new ArrayList<>();
        lines.add(practice.name());
        if (practice.contactPerson() != null && !practice.contactPerson().isBlank()) {
            lines.add(practice.contactPerson());
        }
        PostalAddress address = practice.address();
        if (address != null) {
            lines.add(address.street());
            lines.add(address.postcode() + " " + address.city());
            if (address.country() != null && !address.country().equalsIgnoreCase("DE")) {
                lines.add(new Locale("", address.country()).getDisplayCountry(Locale.GERMAN).toUpperCase(Locale.ROOT));
            }
        }
        return lines.subList(0, Math.min(lines.size(), 6));
    }

    private void drawInfoBlock(PDPageContentStream content, PDFont font, Practice practice, LocalDate date,
                               String language) throws IOException {
        Locale locale = Locale.forLanguageTag(language);
        text(content, font, 9f, Din5008.INFO_BLOCK_LEFT, 72f,
                ("en".equals(language) ? "Customer number: " : "Kundennummer: ") + practice.practiceId());
        text(content, font, 9f, Din5008.INFO_BLOCK_LEFT, 77f, settings.getPlace() + ", "
                + date.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)));
    }

    private float drawCodeBox(Page page, String code, String link, String language, float top) throws IOException {
        float height = QR_SIZE_MM + 6f;
        PDPageContentStream content = page.content;
        content.setLineWidth(0.8f);
        content.addRect(Din5008.pt(Din5008.TEXT_LEFT), Din5008.y(top + height),
                Din5008.pt(Din5008.TEXT_RIGHT - Din5008.TEXT_LEFT), Din5008.pt(height));
        content.stroke();
        boolean english = "en".equals(language);
        float x = Din5008.TEXT_LEFT + 4f;
        text(content, page.font, 10f, x, top + 7f, english ? "Your personal confirmation code:"
                : "Ihr persönlicher Bestätigungscode:");
        text(content, page.font, 16f, x, top + 15f, code);
        text(content, page.font, 9f, x, top + 22f, english
                ? "Scan the QR code, or open this page and type the code:" : "Scannen Sie den QR-Code oder öffnen"
                + " Sie diese Seite und geben Sie den Code ein:");
        text(content, page.font, 9f, x, top + 27f, fit(page.font, 9f, link, 125f));
        text(content, page.font, 9f, x, top + 32f, english ? "Upper or lower case, spaces and dashes do not matter."
                : "Groß- und Kleinschreibung, Leerzeichen und Striche spielen keine Rolle.");
        drawQr(content, link, Din5008.TEXT_RIGHT - QR_SIZE_MM - 3f, top + 3f);
        return top + height;
    }

    private static void drawQr(PDPageContentStream content, String link, float leftMm, float topMm)
            throws IOException {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(link, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode the link as a QR code", e);
        }
        float module = QR_SIZE_MM / matrix.getWidth();
        for (int row = 0; row < matrix.getHeight(); row++) {
            int column = 0;
            while (column < matrix.getWidth()) {
                if (!matrix.get(column, row)) {
                    column++;
                    continue;
                }
                int run = 1; // one rectangle per run of dark modules: a third of the drawing operators
                while (column + run < matrix.getWidth() && matrix.get(column + run, row)) {
                    run++;
                }
                content.addRect(Din5008.pt(leftMm + column * module), Din5008.y(topMm + (row + 1) * module),
                        Din5008.pt(module * run), Din5008.pt(module));
                column += run;
            }
        }
        content.fill();
    }

    private static void text(PDPageContentStream content, PDFont font, float size, float leftMm, float baselineMm,
                             String text) throws IOException {
        content.beginText();
        content.setFont(font, size);
        content.newLineAtOffset(Din5008.pt(leftMm), Din5008.y(baselineMm));
        content.showText(text);
        content.endText();
    }

    private static String fit(PDFont font, float size, String text, float widthMm) throws IOException {
        String fitted = text;
        while (fitted.length() > 1 && font.getStringWidth(fitted) / 1000 * size > Din5008.pt(widthMm)) {
            fitted = fitted.substring(0, fitted.length() - 1);
        }
        return fitted;
    }

    /**
     * The embedded font (Liberation Sans) for a document. The font's glyph substitutions (GSUB ligatures) are
     * switched off: PDFBox applies them to every string it shows, which dominated the rendering time, and a
     * ligature glyph has no character in the subset's ToUnicode map, so "fi" or "ti" would vanish from the text
     * layer that screen readers and the tests read.
     */
    public static PDFont font(PDDocument document) throws IOException {
        TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(fontBytes()));
        ttf.setEnableGsub(false);
        document.registerTrueTypeFontForClosing(ttf);
        return PDType0Font.load(document, ttf, true);
    }

    private static byte[] fontBytes() throws IOException {
        byte[] bytes = fontBytes;
        if (bytes == null) {
            try (InputStream ttf = PDDocument.class.getResourceAsStream(FONT)) {
                if (ttf == null) {
                    throw new IllegalStateException("PDFBox's Liberation Sans font is missing from the class path");
                }
                bytes = ttf.readAllBytes();
            }
            fontBytes = bytes;
        }
        return bytes;
    }

    /** One page being written, with word wrapping of the body text. */
    private static final class Page {
        private final PDDocument document;
        private final PDFont font;
        private final PDPageContentStream content;

        Page(PDDocument document, PDFont font) throws IOException {
            this.document = document;
            this.font = font;
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            this.content = new PDPageContentStream(document, page);
        }

        Page next() throws IOException {
            close();
            Page next = new Page(document, font);
            drawMarks(next.content);
            return next;
        }

        boolean full(float cursorMm, float neededMm) {
            return cursorMm + neededMm > Din5008.PAGE_HEIGHT - 20f;
        }

        /** Writes text wrapped to the text column; returns the new cursor (mm from the top). */
        float paragraph(String text, float size, float cursorMm) throws IOException {
            float width = Din5008.pt(Din5008.TEXT_RIGHT - Din5008.TEXT_LEFT);
            float lineMm = size * LEADING * 25.4f / 72f;
            StringBuilder line = new StringBuilder();
            for (String word : text.strip().split("\\s+")) {
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (font.getStringWidth(candidate) / 1000 * size > width && !line.isEmpty()) {
                    cursorMm += lineMm;
                    text(content, font, size, Din5008.TEXT_LEFT, cursorMm, line.toString());
                    line = new StringBuilder(word);
                } else {
                    line = new StringBuilder(candidate);
                }
            }
            cursorMm += lineMm;
            if (!line.isEmpty()) {
                text(content, font, size, Din5008.TEXT_LEFT, cursorMm, line.toString());
            }
            return cursorMm;
        }

        void close() throws IOException {
            content.close();
        }
    }
}
