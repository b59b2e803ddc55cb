package dev.breachnotify.audit.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A4 pages written top to bottom: a cursor, page breaks, wrapped text and simple tables, in one embedded font.
 * Coordinates are PDF points from the bottom left.
 *
 * <p>The font is Liberation Sans, which PDFBox ships; it is embedded (subset), so the report looks the same
 * everywhere and its text can be extracted. Characters the font has no glyph for are printed as {@code ?} rather
 * than failing the report: ids and names come from events and may hold anything.
 */
final class PdfLayout implements AutoCloseable {

    static final float LEFT = 50f;
    static final float RIGHT = PDRectangle.A4.getWidth() - 50f;
    static final float TOP = PDRectangle.A4.getHeight() - 50f;
    static final float BOTTOM = 60f;
    static final float BODY = 9.5f;
    static final float LEADING = 1.35f;
    /** Where values start in key-value lines. */
    static final float VALUE_X = LEFT + 170f;

    private static final String FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

    private final PDDocument document;
    private final PDFont font;
    private final Map<Integer, Boolean> glyphs = new HashMap<>();
    private PDPageContentStream content;
    private float y;

    PdfLayout(PDDocument document) throws IOException {
        this.document = document;
        this.font = font(document);
        newPage();
    }

    PDPageContentStream content() {
        return content;
    }

    PDFont font() {
        return font;
    }

    /** The cursor: the top of the next line. */
    float y() {
        return y;
    }

    void moveDown(float points) {
        y -= points;
    }

    void newPage() throws IOException {
        if (content != null) {
            content.close();
        }
        PDPage page = new PDPage(PDRectangle.A4);
        document.addPage(page);
        content = new PDPageContentStream(document, page);
        y = TOP;
    }

    /** Starts a new page unless {@code height} points fit below the cursor. */
    void ensure(float height) throws IOException {
        if (y - height < BOTTOM) {
            newPage();
        }
    }

    void title(String text, float size) throws IOException {
        ensure(size * 2);
        y -= size * LEADING;
        text(LEFT, y, size, fit(text, size, RIGHT - LEFT));
        y -= size * 0.4f;
    }

    /** A section heading with a rule under it; kept together with the {@code keep} points that follow it. */
    void heading(String text, float keep) throws IOException {
        ensure(40 + keep);
        y -= 14;
        y -= 12 * LEADING;
        text(LEFT, y, 12, fit(text, 12, RIGHT - LEFT));
        y -= 4;
        content.setStrokingColor(0.6f, 0.6f, 0.6f);
        content.setLineWidth(0.5f);
        content.moveTo(LEFT, y);
        content.lineTo(RIGHT, y);
        content.stroke();
        content.setStrokingColor(0f, 0f, 0f);
        y -= 4;
    }

    /** A paragraph wrapped to the text width. */
    void paragraph(String text, float size) throws IOException {
        for (String line : wrap(text, size, RIGHT - LEFT)) {
            line(LEFT, line, size);
        }
    }

    /** A key and its value; the value wraps in its column. */
    void keyValue(String key, String value) throws IOException {
        keyValue(key, value, BODY);
    }

    /** A key and its value in the given size (smaller for hashes, so that one fits on a line). */
    void keyValue(String key, String value, float valueSize) throws IOException {
        List<String> lines = wrap(value == null || value.isEmpty() ? "-" : value, valueSize, RIGHT - VALUE_X);
        ensure(BODY * LEADING + valueSize * LEADING * (lines.size() - 1));
        float first = y - BODY * LEADING;
        text(LEFT, first, BODY, fit(key, BODY, VALUE_X - LEFT - 8));
        y -= (BODY - valueSize) * LEADING;
        for (String line : lines) {
            line(VALUE_X, line, valueSize);
        }
    }

    /** One table row: each cell at its x, cut to the room before the next column. */
    void row(float size, float[] columns, String... cells) throws IOException {
        ensure(size * LEADING);
        y -= size * LEADING;
        for (int i = 0; i < cells.length; i++) {
            float width = (i + 1 < columns.length ? columns[i + 1] : RIGHT) - columns[i] - 6;
            text(columns[i], y, size, fit(cells[i] == null ? "" : cells[i], size, width));
        }
    }

    /** A thin rule under a table's header row. */
    void rule() throws IOException {
        y -= 2;
        content.setLineWidth(0.3f);
        content.moveTo(LEFT, y);
        content.lineTo(RIGHT, y);
        content.stroke();
    }

    private void line(float x, String text, float size) throws IOException {
        ensure(size * LEADING);
        y -= size * LEADING;
        text(x, y, size, text);
    }

    /** Text at a baseline position. */
    void text(float x, float baseline, float size, String text) throws IOException {
        content.beginText();
        content.setFont(font, size);
        content.newLineAtOffset(x, baseline);
        content.showText(safe(text));
        content.endText();
    }

    float width(String text, float size) throws IOException {
        return font.getStringWidth(safe(text)) / 1000f * size;
    }

    /** The text, cut with an ellipsis to fit the width. */
    String fit(String text, float size, float maxWidth) throws IOException {
        String safe = safe(text);
        if (width(safe, size) <= maxWidth) {
            return safe;
        }
        String cut = safe;
        while (cut.length() > 1 && width(cut + "…", size) > maxWidth) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }

    /** Lines of at most {@code maxWidth}, broken at spaces (a word longer than a line is broken anywhere). */
    List<String> wrap(String text, float size, float maxWidth) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String paragraph : safe(text, true).split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.split(" ")) {
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (width(candidate, size) <= maxWidth) {
                    line = new StringBuilder(candidate);
                    continue;
                }
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                }
                line = new StringBuilder(word);
                while (width(line.toString(), size) > maxWidth && line.length() > 1) {
                    int cut = line.length() - 1;
                    while (cut > 1 && width(line.substring(0, cut), size) > maxWidth) {
                        cut--;
                    }
                    lines.add(line.substring(0, cut));
                    line = new StringBuilder(line.substring(cut));
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** The text with control characters as spaces and characters the font lacks as {@code ?}. */
    String safe(String text) {
        return safe(text, false);
    }

    private String safe(String text, boolean keepNewlines) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            if (codePoint == '\n' && keepNewlines) {
                out.append('\n');
            } else if (Character.isISOControl(codePoint) || Character.isWhitespace(codePoint)) {
                out.append(' ');
            } else if (hasGlyph(codePoint)) {
                out.appendCodePoint(codePoint);
            } else {
                out.append('?');
            }
        });
        return out.toString();
    }

    private boolean hasGlyph(int codePoint) {
        return glyphs.computeIfAbsent(codePoint, cp -> {
            try {
                font.encode(new String(Character.toChars(cp)));
                return true;
            } catch (IOException | IllegalArgumentException e) {
                return false;
            }
        });
    }

    /** Writes {@code left} and "page i of n" at the bottom of every page; call once, after the last page. */
    void footers(String left) throws IOException {
        content.close();
        content = null;
        int pages = document.getNumberOfPages();
        for (int i = 0; i < pages; i++) {
            PDPage page = document.getPage(i);
            try (PDPageContentStream footer =
                    new PDPageContentStream(document, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
                String number = "page " + (i + 1) + " of " + pages;
                float size = 7.5f;
                footer.beginText();
                footer.setFont(font, size);
                footer.newLineAtOffset(LEFT, 35);
                footer.showText(fit(left, size, RIGHT - LEFT - width(number, size) - 20));
                footer.endText();
                footer.beginText();
                footer.setFont(font, size);
                footer.newLineAtOffset(RIGHT - width(number, size), 35);
                footer.showText(number);
                footer.endText();
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (content != null) {
            content.close();
            content = null;
        }
    }

    private static PDFont font(PDDocument document) throws IOException {
        try (InputStream ttf = PDDocument.class.getResourceAsStream(FONT)) {
            if (ttf == null) {
                throw new IllegalStateException(
                        "PDFBox's Liberation Sans font (" + FONT + ") is not on the class path");
            }
            return PDType0Font.load(document, ttf);
        }
    }
}
