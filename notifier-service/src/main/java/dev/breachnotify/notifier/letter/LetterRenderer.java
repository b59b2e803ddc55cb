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
import dev.breachnotify.events.VendorIdentity;
import dev.breachnotify.notifier.template.MailRenderer;
import dev.breachnotify.notifier.template.Texts;
import dev.breachnotify.platform.vendor.VendorSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
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
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.util.Matrix;

/**
 * Renders a practice's personal letter as PDF: the vendor's letterhead, the address in the window of a DL
 * envelope (DIN 5008 form B), fold and punch marks, the advisory in the practice's language, the credentials, the
 * deadline, the typed code with its check character, a QR code of the personal link, and how to check that the
 * letter is genuine, the closing and signature block, and a footer with the company's details (address,
 * register, managing directors) on every page, as a German business letter carries. The subject is bold, the
 * credentials are a bulleted list. A preview ({@link #preview}) is watermarked "MUSTER / SAMPLE" on every page and
 * its QR code says, when scanned, that it is a sample. The font (Liberation Sans, shipped with PDFBox) is
 * embedded; bold is the same font drawn filled and stroked, so no second font file is needed.
 */
@Singleton
public class LetterRenderer {

    private static final String FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    private static final float BODY_SIZE = 10.5f;
    private static final float LEADING = 1.35f;
    private static final float QR_SIZE_MM = 32f;
    private static final float FOOTER_TOP = 279f;
    private static final float TEXT_BOTTOM = 268f;
    private static final float FOOTER_SIZE = 7f;
    /** What a preview's QR code says when scanned: no link, and that it is a sample. */
    public static final String SAMPLE_QR_TEXT =
            "MUSTER / SAMPLE - Musterbrief ohne gültigen Code. " + "Sample letter, not a valid code.";

    private static volatile byte[] fontBytes;

    private final LetterSettings settings;
    private final VendorIdentity vendor;

    @Inject
    public LetterRenderer(LetterSettings settings, VendorSettings vendor) {
        this(settings, vendor.identity());
    }

    public LetterRenderer(LetterSettings settings, VendorIdentity vendor) {
        this.settings = settings;
        this.vendor = vendor;
    }

    /** One letter as a PDF file. */
    public byte[] render(AdvisoryPublished advisory, Practice practice, String code, String link, LocalDate date) {
        return render(advisory, practice, code, link, date, false);
    }

    /**
     * A sample of the letter for the console: watermarked "MUSTER / SAMPLE" on every page, and its QR code
     * encodes {@link #SAMPLE_QR_TEXT} instead of the (placeholder) link.
     */
    public byte[] preview(AdvisoryPublished advisory, Practice practice, String code, String link, LocalDate date) {
        return render(advisory, practice, code, link, date, true);
    }

    private byte[] render(
            AdvisoryPublished advisory, Practice practice, String code, String link, LocalDate date, boolean sample) {
        try (PDDocument document = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            append(document, font(document), advisory, practice, code, link, date, null, sample, null);
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends one letter (its pages) to a document, e.g. a print batch; returns the number of pages. */
    public int append(
            PDDocument document,
            AdvisoryPublished advisory,
            Practice practice,
            String code,
            String link,
            LocalDate date)
            throws IOException {
        return append(document, font(document), advisory, practice, code, link, date, null);
    }

    /**
     * Appends one letter of an escalation step to a document with a font loaded once for the whole document by
     * {@link #font(PDDocument)} (a print batch embeds one font subset, not one per letter); returns the number of
     * pages. The escalation's {@code letter} step marks the subject as a reminder.
     */
    public int append(
            PDDocument document,
            PDFont font,
            AdvisoryPublished advisory,
            Practice practice,
            String code,
            String link,
            LocalDate date,
            String step)
            throws IOException {
        return append(document, font, advisory, practice, code, link, date, step, false, null);
    }

    /**
     * As {@link #append(PDDocument, PDFont, AdvisoryPublished, Practice, String, String, LocalDate, String)}, for
     * the attention of a practice's contact ({@code attention}, the contact's name, or {@code null}): the address
     * window says "z. Hd." / "Attn:" and the name, and the letter greets the contact; {@code code} is theirs.
     */
    public int append(
            PDDocument document,
            PDFont font,
            AdvisoryPublished advisory,
            Practice practice,
            String code,
            String link,
            LocalDate date,
            String step,
            String attention)
            throws IOException {
        return append(document, font, advisory, practice, code, link, date, step, false, attention);
    }

    private int append(
            PDDocument document,
            PDFont font,
            AdvisoryPublished advisory,
            Practice practice,
            String code,
            String link,
            LocalDate date,
            String step,
            boolean sample,
            String attention)
            throws IOException {
        String language = practice.language();
        LocalizedText text = advisory.textIn(language);
        Map<String, String> values = MessageTemplate.values(
                advisory,
                practice.practiceId(),
                practice.name(),
                attention == null ? practice.contactPerson() : attention,
                language,
                link,
                code);
        Page page = new Page(document, font, this, sample, language);
        int pages = 1;

        drawLetterhead(page.content, font, language);
        drawAddress(page.content, font, addressLines(practice, attention));
        drawInfoBlock(page.content, font, practice, date, language);

        float cursor = Din5008.TEXT_TOP;
        page.content.setRenderingMode(RenderingMode.FILL_STROKE);
        page.content.setLineWidth(0.4f);
        cursor = page.paragraph(
                MailRenderer.subject(step, language, MessageTemplate.renderText(text.subject(), values)),
                11f,
                cursor,
                0f);
        page.content.setRenderingMode(RenderingMode.FILL);
        cursor += 4;
        for (String paragraph : MessageTemplate.renderText(text.body(), values).split("\\R\\s*\\R")) {
            for (String line : paragraph.split("\\R")) {
                if (page.full(cursor, 3)) {
                    page = page.next();
                    pages++;
                    cursor = 25f;
                }
                cursor = page.paragraph(line, BODY_SIZE, cursor, 0f);
            }
            cursor += 2.5f;
        }
        if (page.full(cursor, QR_SIZE_MM + 20)) {
            page = page.next();
            pages++;
            cursor = 25f;
        }
        cursor = drawCodeBox(page, code, sample ? SAMPLE_QR_TEXT : link, link, language, cursor + 2);
        cursor = page.paragraph(genuine(language), 9f, cursor + 3, 0f);
        if (page.full(cursor, 33)) {
            page = page.next();
            pages++;
            cursor = 25f;
        }
        drawClosing(page, language, cursor + 9);
        page.close();
        return pages + GuidePages.append(document, font, advisory, practice, page::decorate, pages);
    }

    /** How to check that the letter is genuine: the verify page and the support line, from the identity. */
    private String genuine(String language) {
        return Texts.format(
                language,
                "letter.genuine",
                vendor.verifyUrl(),
                vendor.supportPhone(),
                vendor.name(),
                vendor.germanSubject());
    }

    /** The closing, the company, the signatory and the note that a machine-made letter is valid unsigned. */
    private void drawClosing(Page page, String language, float top) throws IOException {
        float y = top;
        text(page.content, page.font, BODY_SIZE, Din5008.TEXT_LEFT, y, Texts.text(language, "letter.closing"));
        y += 5f;
        text(page.content, page.font, BODY_SIZE, Din5008.TEXT_LEFT, y, vendor.name());
        y += 10f;
        text(
                page.content,
                page.font,
                BODY_SIZE,
                Din5008.TEXT_LEFT,
                y,
                vendor.company().signatory());
        y += 4.5f;
        text(page.content, page.font, 9f, Din5008.TEXT_LEFT, y, vendor.company().signatoryRole());
        y += 6f;
        text(page.content, page.font, 8f, Din5008.TEXT_LEFT, y, Texts.text(language, "letter.machineMade"));
    }

    private void drawLetterhead(PDPageContentStream content, PDFont font, String language) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(vendor.name());
        lines.addAll(vendor.company().address());
        lines.add(Texts.format(language, "letter.phone", vendor.supportPhone()));
        lines.add(vendor.verifyUrl());
        float y = 15f;
        for (int i = 0; i < lines.size(); i++) {
            float size = i == 0 ? 12f : 9f;
            text(
                    content,
                    font,
                    size,
                    Din5008.INFO_BLOCK_LEFT,
                    y,
                    fit(font, size, lines.get(i), Din5008.TEXT_RIGHT + 10f - Din5008.INFO_BLOCK_LEFT));
            y += i == 0 ? 6f : 4.2f;
        }
    }

    /**
     * The footer of every page: the company's address, its register court and number, its managing directors
     * (the details German law asks of a company's business letters), in three columns under a rule.
     */
    private void drawFooter(PDPageContentStream content, PDFont font, String language) throws IOException {
        content.setLineWidth(0.3f);
        content.moveTo(Din5008.pt(Din5008.TEXT_LEFT), Din5008.y(FOOTER_TOP));
        content.lineTo(Din5008.pt(Din5008.TEXT_RIGHT), Din5008.y(FOOTER_TOP));
        content.stroke();
        VendorIdentity.Company company = vendor.company();
        List<String> first = new ArrayList<>();
        first.add(vendor.name());
        first.addAll(company.address());
        List<String> second = List.of(
                Texts.text(language, "letter.registerCourt"), company.registerCourt(), company.registerNumber());
        List<String> third = new ArrayList<>();
        third.add(Texts.text(language, "letter.managingDirectors"));
        third.addAll(wrap(font, FOOTER_SIZE, company.managingDirectors(), 50f));
        float[] columns = {Din5008.TEXT_LEFT, 85f, 140f};
        float[] widths = {58f, 53f, 50f};
        List<List<String>> all = List.of(first, second, third);
        for (int c = 0; c < all.size(); c++) {
            float y = FOOTER_TOP + 3.5f;
            for (String line : all.get(c).subList(0, Math.min(all.get(c).size(), 4))) {
                text(content, font, FOOTER_SIZE, columns[c], y, fit(font, FOOTER_SIZE, line, widths[c]));
                y += 3f;
            }
        }
    }

    /** "MUSTER / SAMPLE" across the page, light and behind nothing that matters. */
    private static void drawWatermark(PDPageContentStream content, PDFont font) throws IOException {
        PDExtendedGraphicsState light = new PDExtendedGraphicsState();
        light.setNonStrokingAlphaConstant(0.18f);
        content.saveGraphicsState();
        content.setGraphicsStateParameters(light);
        content.setNonStrokingColor(0.8f, 0f, 0f);
        content.beginText();
        content.setFont(font, 64f);
        content.setTextMatrix(Matrix.getRotateInstance(Math.toRadians(55), Din5008.pt(45f), Din5008.y(250f)));
        content.showText("MUSTER / SAMPLE");
        content.endText();
        content.restoreGraphicsState();
    }

    private static List<String> wrap(PDFont font, float size, String text, float widthMm) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (font.getStringWidth(candidate) / 1000 * size > Din5008.pt(widthMm) && !line.isEmpty()) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static void drawMarks(PDPageContentStream content) throws IOException {
        content.setLineWidth(0.5f);
        for (float[] mark :
                new float[][] {{Din5008.FOLD_MARK_1, 5f}, {Din5008.FOLD_MARK_2, 5f}, {Din5008.PUNCH_MARK, 7f}}) {
            content.moveTo(Din5008.pt(3f), Din5008.y(mark[0]));
            content.lineTo(Din5008.pt(3f + mark[1]), Din5008.y(mark[0]));
            content.stroke();
        }
    }

    private void drawAddress(PDPageContentStream content, PDFont font, List<String> lines) throws IOException {
        float left = Din5008.ADDRESS_LEFT + 5f;
        float size = 7f; // smaller, down to 5.5 pt, rather than cut a long return address
        while (size > 5.5f
                && font.getStringWidth(vendor.returnAddress()) / 1000 * size
                        > Din5008.pt(Din5008.ADDRESS_WIDTH - 10f)) {
            size -= 0.25f;
        }
        text(
                content,
                font,
                size,
                left,
                Din5008.ADDRESS_TOP + Din5008.RETURN_ZONE_HEIGHT - 3f,
                fit(font, size, vendor.returnAddress(), Din5008.ADDRESS_WIDTH - 10f));
        float y = Din5008.ADDRESS_TOP + Din5008.RETURN_ZONE_HEIGHT + 4.5f;
        for (String line : lines) {
            text(content, font, 10f, left, y, fit(font, 10f, line, Din5008.ADDRESS_WIDTH - 10f));
            y += 4.3f;
        }
    }

    /** The lines of the address window: name, contact, street, postcode and city, country abroad. */
    public static List<String> addressLines(Practice practice) {
        return addressLines(practice, null);
    }

    /**
     * The lines of the address window of a letter for the attention of a practice's contact ({@code attention},
     * the contact's name: "z. Hd. …" / "Attn: …" in the practice's language), or with {@code null} as for the
     * practice.
     */
    public static List<String> addressLines(Practice practice, String attention) {
        List<String> lines = new ArrayList<>();
        lines.add(practice.name());
        if (attention != null && !attention.isBlank()) {
            lines.add(Texts.format(practice.language(), "letter.attention", attention));
        } else if (practice.contactPerson() != null && !practice.contactPerson().isBlank()) {
            lines.add(practice.contactPerson());
        }
        PostalAddress address = practice.address();
        if (address != null) {
            lines.add(address.street());
            lines.add(address.postcode() + " " + address.city());
            if (address.country() != null && !address.country().equalsIgnoreCase("DE")) {
                lines.add(new Locale("", address.country())
                        .getDisplayCountry(Locale.GERMAN)
                        .toUpperCase(Locale.ROOT));
            }
        }
        return lines.subList(0, Math.min(lines.size(), 6));
    }

    private void drawInfoBlock(
            PDPageContentStream content, PDFont font, Practice practice, LocalDate date, String language)
            throws IOException {
        Locale locale = Locale.forLanguageTag(language);
        text(
                content,
                font,
                9f,
                Din5008.INFO_BLOCK_LEFT,
                72f,
                Texts.format(language, "letter.customerNumber", practice.practiceId()));
        text(
                content,
                font,
                9f,
                Din5008.INFO_BLOCK_LEFT,
                77f,
                settings.getPlace() + ", "
                        + date.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
                                .withLocale(locale)));
    }

    private float drawCodeBox(Page page, String code, String qrText, String link, String language, float top)
            throws IOException {
        float height = QR_SIZE_MM + 6f;
        PDPageContentStream content = page.content;
        content.setLineWidth(0.8f);
        content.addRect(
                Din5008.pt(Din5008.TEXT_LEFT),
                Din5008.y(top + height),
                Din5008.pt(Din5008.TEXT_RIGHT - Din5008.TEXT_LEFT),
                Din5008.pt(height));
        content.stroke();
        float x = Din5008.TEXT_LEFT + 4f;
        text(content, page.font, 10f, x, top + 7f, Texts.text(language, "letter.code"));
        text(content, page.font, 16f, x, top + 15f, code);
        text(content, page.font, 9f, x, top + 22f, Texts.text(language, "letter.scanOrType"));
        text(content, page.font, 9f, x, top + 27f, fit(page.font, 9f, link, 125f));
        text(content, page.font, 9f, x, top + 32f, Texts.text(language, "letter.codeCase"));
        drawQr(content, qrText, Din5008.TEXT_RIGHT - QR_SIZE_MM - 3f, top + 3f);
        return top + height;
    }

    private static void drawQr(PDPageContentStream content, String link, float leftMm, float topMm) throws IOException {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter()
                    .encode(
                            link,
                            BarcodeFormat.QR_CODE,
                            0,
                            0,
                            Map.of(
                                    EncodeHintType.ERROR_CORRECTION,
                                    ErrorCorrectionLevel.M,
                                    EncodeHintType.MARGIN,
                                    4,
                                    EncodeHintType.CHARACTER_SET,
                                    "UTF-8"));
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
                content.addRect(
                        Din5008.pt(leftMm + column * module),
                        Din5008.y(topMm + (row + 1) * module),
                        Din5008.pt(module * run),
                        Din5008.pt(module));
                column += run;
            }
        }
        content.fill();
    }

    private static void text(
            PDPageContentStream content, PDFont font, float size, float leftMm, float baselineMm, String text)
            throws IOException {
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
        private final LetterRenderer letter;
        private final boolean sample;
        private final String language;
        private final int number;

        /** A new page with what every page carries: marks, footer, and a preview's watermark. */
        Page(PDDocument document, PDFont font, LetterRenderer letter, boolean sample, String language)
                throws IOException {
            this(document, font, letter, sample, language, 1);
        }

        private Page(
                PDDocument document, PDFont font, LetterRenderer letter, boolean sample, String language, int number)
                throws IOException {
            this.language = language;
            this.number = number;
            this.document = document;
            this.font = font;
            this.letter = letter;
            this.sample = sample;
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            this.content = new PDPageContentStream(document, page);
            decorate(content, number);
        }

        /** What every page carries: a preview's watermark, marks, footer, and from the second page its number. */
        void decorate(PDPageContentStream content, int number) throws IOException {
            if (sample) {
                drawWatermark(content, font);
            }
            drawMarks(content);
            letter.drawFooter(content, font, language);
            if (number > 1) { // DIN 5008: following pages are numbered
                text(content, font, 9f, Din5008.TEXT_LEFT, 15f, Texts.format(language, "letter.page", number));
            }
        }

        Page next() throws IOException {
            close();
            return new Page(document, font, letter, sample, language, number + 1);
        }

        boolean full(float cursorMm, float neededMm) {
            return cursorMm + neededMm > TEXT_BOTTOM;
        }

        /**
         * Writes text wrapped to the text column; a line starting with "- " is a list item, set with a bullet
         * and a hanging indent. Returns the new cursor (mm from the top).
         */
        float paragraph(String text, float size, float cursorMm, float indentMm) throws IOException {
            String stripped = text.strip();
            if (stripped.startsWith("- ")) {
                text(
                        content,
                        font,
                        size,
                        Din5008.TEXT_LEFT + indentMm + 1f,
                        cursorMm + size * LEADING * 25.4f / 72f,
                        "\u2022");
                return paragraph(stripped.substring(2), size, cursorMm, indentMm + 5f);
            }
            float left = Din5008.TEXT_LEFT + indentMm;
            float width = Din5008.pt(Din5008.TEXT_RIGHT - left);
            float lineMm = size * LEADING * 25.4f / 72f;
            StringBuilder line = new StringBuilder();
            for (String word : stripped.split("\\s+")) {
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (font.getStringWidth(candidate) / 1000 * size > width && !line.isEmpty()) {
                    cursorMm += lineMm;
                    text(content, font, size, left, cursorMm, line.toString());
                    line = new StringBuilder(word);
                } else {
                    line = new StringBuilder(candidate);
                }
            }
            cursorMm += lineMm;
            if (!line.isEmpty()) {
                text(content, font, size, left, cursorMm, line.toString());
            }
            return cursorMm;
        }

        void close() throws IOException {
            content.close();
        }
    }
}
