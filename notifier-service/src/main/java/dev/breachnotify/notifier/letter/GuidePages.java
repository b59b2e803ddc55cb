package dev.breachnotify.notifier.letter;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.Guide;
import dev.breachnotify.events.Practice;
import dev.breachnotify.notifier.template.Texts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * The guide pages that follow a practice's cover letter: for each credential the guide of the practice's variant
 * and language, printed from the sanitised HTML the acknowledgement page shows (the published form), with its
 * SHA-256 under it, so that a printed guide can be matched to the audit log. Images are printed from their
 * embedded data.
 */
final class GuidePages {

    private static final float TOP = 25f;
    private static final float BOTTOM = 268f;
    private static final float BODY = 10f;
    private static final float LEADING = 1.35f;

    /** Draws what every page of the letter carries (marks, footer, watermark, page number). */
    @FunctionalInterface
    interface Decoration {
        void draw(PDPageContentStream content, int pageNumber) throws IOException;
    }

    private final PDDocument document;
    private final PDFont font;
    private final Decoration decoration;
    private final String language;
    private PDPageContentStream content;
    private int pageNumber;
    private int pages;
    private float cursor;

    private GuidePages(PDDocument document, PDFont font, Decoration decoration, String language, int lastPage) {
        this.document = document;
        this.font = font;
        this.decoration = decoration;
        this.language = language;
        this.pageNumber = lastPage;
    }

    /**
     * Appends the practice's guides on new pages after the letter; returns how many pages were added (none when
     * the advisory has no guide).
     *
     * @param lastPage the letter's last page number
     */
    static int append(
            PDDocument document,
            PDFont font,
            AdvisoryPublished advisory,
            Practice practice,
            Decoration decoration,
            int lastPage)
            throws IOException {
        List<Credential> credentials = advisory.credentials() == null ? List.of() : advisory.credentials();
        List<Credential> guided = new ArrayList<>();
        List<Guide> guides = new ArrayList<>();
        for (Credential credential : credentials) {
            Optional<Guide> guide = advisory.guideFor(credential.id(), practice.language(), practice.attributes());
            if (guide.isPresent()) {
                guided.add(credential);
                guides.add(guide.get());
            }
        }
        if (guides.isEmpty()) {
            return 0;
        }
        String language = "en".equals(practice.language()) ? "en" : "de";
        GuidePages pages = new GuidePages(document, font, decoration, language, lastPage);
        pages.newPage();
        pages.heading(Texts.text(language, "guides.letter.title"), 13f);
        pages.text(Texts.text(language, "guides.letter.intro"), BODY, 0f);
        for (int i = 0; i < guides.size(); i++) {
            pages.guide(guided.get(i), guides.get(i));
        }
        pages.content.close();
        return pages.pages;
    }

    private void guide(Credential credential, Guide guide) throws IOException {
        space(8f, 30f);
        heading(Texts.format(language, "guides.letter.guide", credential.labelIn(language)), 12f);
        if (!Guide.GENERAL.equals(guide.variant())) {
            text(Texts.format(language, "guides.letter.variant", guide.variant()), 8.5f, 0f);
        }
        cursor += 1.5f;
        for (Node node : Jsoup.parseBodyFragment(guide.html()).body().childNodes()) {
            block(node, 0f);
        }
        cursor += 1.5f;
        text(Texts.format(language, "guides.letter.hash", guide.sha256()), 7f, 0f);
    }

    private void block(Node node, float indent) throws IOException {
        if (node instanceof TextNode text) {
            if (!text.isBlank()) {
                text(text.text(), BODY, indent);
            }
            return;
        }
        if (!(node instanceof Element element)) {
            return;
        }
        switch (element.normalName()) {
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                space(3f, 12f);
                heading(inline(element), 11f);
            }
            case "p" -> {
                for (Element image : element.select("img")) {
                    image(image, indent);
                }
                String text = inline(element);
                if (!text.isBlank()) {
                    text(text, BODY, indent);
                }
                cursor += 1.5f;
            }
            case "ul", "ol" -> {
                int number = element.hasAttr("start") ? parse(element.attr("start")) : 1;
                for (Element item : element.children()) {
                    String marker = element.normalName().equals("ol") ? (number++) + "." : "\u2022";
                    item(item, marker, indent);
                }
                cursor += 1.5f;
            }
            case "blockquote" -> {
                for (Node child : element.childNodes()) {
                    block(child, indent + 6f);
                }
            }
            case "pre" -> {
                for (String line : element.wholeText().split("\\R")) {
                    text(line.isEmpty() ? " " : line, 9f, indent + 4f);
                }
                cursor += 1.5f;
            }
            case "hr" -> {
                space(3f, 5f);
                content.setLineWidth(0.3f);
                content.moveTo(Din5008.pt(Din5008.TEXT_LEFT + indent), Din5008.y(cursor));
                content.lineTo(Din5008.pt(Din5008.TEXT_RIGHT), Din5008.y(cursor));
                content.stroke();
                cursor += 3f;
            }
            case "img" -> image(element, indent);
            default -> text(inline(element), BODY, indent);
        }
    }

    private void item(Element item, String marker, float indent) throws IOException {
        List<Node> nested = new ArrayList<>();
        StringBuilder own = new StringBuilder();
        for (Node child : item.childNodes()) {
            if (child instanceof Element e
                    && List.of("ul", "ol", "pre", "blockquote").contains(e.normalName())) {
                nested.add(child);
            } else if (child instanceof Element e && e.normalName().equals("p")) {
                own.append(own.isEmpty() ? "" : " ").append(inline(e));
                e.select("img").forEach(nested::add);
            } else if (child instanceof Element e && e.normalName().equals("img")) {
                nested.add(child);
            } else if (child instanceof Element e) {
                own.append(inline(e));
            } else if (child instanceof TextNode t) {
                own.append(t.text());
            }
        }
        space(0f, 6f);
        show(BODY, Din5008.TEXT_LEFT + indent + 1f, cursor + lineHeight(BODY), marker);
        text(own.toString().strip(), BODY, indent + 6f);
        for (Node child : nested) {
            block(child, indent + 6f);
        }
    }

    /** An element's text, links followed by their address where it is not their text. */
    private static String inline(Element element) {
        Element copy = element.clone();
        for (Element link : copy.select("a[href]")) {
            String href = link.attr("href").replaceFirst("^(mailto|tel):", "");
            if (!link.text().strip().equals(href)) {
                link.appendText(" (" + href + ")");
            }
        }
        copy.select("img").remove();
        return copy.text();
    }

    private void image(Element image, float indent) throws IOException {
        String src = image.attr("src");
        int comma = src.indexOf(',');
        if (!src.startsWith("data:image/") || comma < 0) {
            return;
        }
        PDImageXObject picture = PDImageXObject.createFromByteArray(
                document, Base64.getDecoder().decode(src.substring(comma + 1)), image.attr("alt"));
        float maxWidth = Din5008.TEXT_RIGHT - Din5008.TEXT_LEFT - indent;
        float width = Math.min(maxWidth, picture.getWidth() * 25.4f / 150f); // 150 dpi
        float height = width * picture.getHeight() / picture.getWidth();
        if (height > 90f) {
            width = width * 90f / height;
            height = 90f;
        }
        space(2f, height + 2f);
        content.drawImage(
                picture,
                Din5008.pt(Din5008.TEXT_LEFT + indent),
                Din5008.y(cursor + height),
                Din5008.pt(width),
                Din5008.pt(height));
        cursor += height + 2f;
        if (!image.attr("alt").isBlank()) {
            text(Texts.format(language, "guides.letter.image", image.attr("alt")), 8f, indent);
        }
    }

    private void heading(String text, float size) throws IOException {
        content.setRenderingMode(RenderingMode.FILL_STROKE);
        content.setLineWidth(0.35f);
        text(text, size, 0f);
        content.setRenderingMode(RenderingMode.FILL);
        cursor += 1.5f;
    }

    /** Text wrapped to the column from {@code indent}, continued on a new page when the page is full. */
    private void text(String text, float size, float indent) throws IOException {
        String printable = printable(text);
        float left = Din5008.TEXT_LEFT + indent;
        float width = Din5008.pt(Din5008.TEXT_RIGHT - left);
        StringBuilder line = new StringBuilder();
        for (String word : printable.strip().split("\\s+")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (font.getStringWidth(candidate) / 1000 * size > width && !line.isEmpty()) {
                writeLine(line.toString(), size, left);
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        if (!line.isEmpty()) {
            writeLine(line.toString(), size, left);
        }
    }

    private void writeLine(String line, float size, float left) throws IOException {
        space(0f, lineHeight(size));
        cursor += lineHeight(size);
        show(size, left, cursor, line);
    }

    private void show(float size, float leftMm, float baselineMm, String text) throws IOException {
        content.beginText();
        content.setFont(font, size);
        content.newLineAtOffset(Din5008.pt(leftMm), Din5008.y(baselineMm));
        content.showText(text);
        content.endText();
    }

    private static float lineHeight(float size) {
        return size * LEADING * 25.4f / 72f;
    }

    /** Moves the cursor by {@code gap}, or to a new page when {@code needed} millimetres do not fit. */
    private void space(float gap, float needed) throws IOException {
        if (cursor + gap + needed > BOTTOM) {
            newPage();
        } else {
            cursor += gap;
        }
    }

    private void newPage() throws IOException {
        if (content != null) {
            content.close();
        }
        PDPage page = new PDPage(PDRectangle.A4);
        document.addPage(page);
        content = new PDPageContentStream(document, page);
        pageNumber++;
        pages++;
        decoration.draw(content, pageNumber);
        cursor = TOP;
    }

    /** The text without characters the letter's font cannot print (they would fail the whole letter). */
    private String printable(String text) throws IOException {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            String character = new String(Character.toChars(codePoint));
            i += Character.charCount(codePoint);
            if (Character.isWhitespace(codePoint)) {
                out.append(' ');
                continue;
            }
            try {
                font.encode(character);
                out.append(character);
            } catch (IllegalArgumentException e) {
                out.append('?');
            }
        }
        return out.toString();
    }

    private static int parse(String number) {
        try {
            return Integer.parseInt(number.strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    @Override
    public String toString() {
        return "GuidePages[" + language.toUpperCase(Locale.ROOT) + ", " + pages + " page(s)]";
    }
}
