package dev.breachnotify.notifier.guide;

import dev.breachnotify.platform.guide.GuideFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Turns a guide's CommonMark into sanitised HTML, or says which line breaks the guide format and why. The format
 * is CommonMark without raw HTML: paragraphs, headings, lists, emphasis, code, quotes, rules, links to
 * {@code https:}, {@code mailto:} and {@code tel:}, and images uploaded with the advisory (embedded as
 * {@code data:} URIs, so that nothing is fetched from elsewhere). Two independent checks: the syntax tree is
 * walked and every forbidden node refused with its line, and the rendered HTML must pass jsoup's allow-list
 * unchanged ({@link GuideFormat}); anything the second check would remove refuses the guide as well.
 */
public final class GuideMarkdown {

    private static final List<String> LINK_SCHEMES = List.of("https:", "mailto:", "tel:");

    private static final Parser PARSER = Parser.builder()
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
            .maxInlineNesting(20)
            .build();

    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .escapeHtml(true)
            .sanitizeUrls(true)
            .urlSanitizer(new DefaultUrlSanitizer(List.of("https", "mailto", "tel", "data")))
            .build();

    private GuideMarkdown() {}

    /** The outcome: the HTML, or the problems (each with its line). */
    public record Rendered(String html, List<Problem> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** A problem on a line (1-based; 0 when not on one). */
    public record Problem(int line, String reason) {}

    /**
     * Renders a guide.
     *
     * @param images the advisory's uploaded images as {@code data:} URIs by name
     */
    public static Rendered render(String markdown, Map<String, String> images) {
        Node document = PARSER.parse(markdown);
        List<Problem> problems = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(HtmlBlock html) {
                problems.add(new Problem(line(html), "raw HTML is not allowed (" + excerpt(html.getLiteral()) + ")"));
            }

            @Override
            public void visit(HtmlInline html) {
                problems.add(new Problem(line(html), "raw HTML is not allowed (" + excerpt(html.getLiteral()) + ")"));
            }

            @Override
            public void visit(Link link) {
                String destination = link.getDestination().strip();
                String lower = destination.toLowerCase(Locale.ROOT);
                if (LINK_SCHEMES.stream().noneMatch(lower::startsWith)) {
                    problems.add(new Problem(
                            line(link),
                            "link to '" + excerpt(destination) + "': a guide links only to https:, mailto: or tel:"));
                }
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                String destination = image.getDestination().strip();
                String lower = destination.toLowerCase(Locale.ROOT);
                if (lower.contains(":") || lower.startsWith("//")) {
                    problems.add(new Problem(
                            line(image),
                            "remote image '" + excerpt(destination) + "': a guide shows only images uploaded with the"
                                    + " advisory"));
                } else if (!images.containsKey(destination)) {
                    problems.add(new Problem(
                            line(image),
                            "broken image reference '" + excerpt(destination) + "': no image of that name was uploaded"
                                    + (images.isEmpty() ? "" : " (uploaded: " + images.keySet() + ")")));
                } else {
                    image.setDestination(images.get(destination));
                }
                visitChildren(image);
            }
        });
        if (!problems.isEmpty()) {
            return new Rendered(null, List.copyOf(problems));
        }
        String html = RENDERER.render(document);
        if (!GuideFormat.allows(html)) {
            return new Rendered(
                    null, List.of(new Problem(0, "the rendered HTML holds markup the guide format does not allow")));
        }
        return new Rendered(html, List.of());
    }

    private static int line(Node node) {
        return node.getSourceSpans().isEmpty()
                ? 0
                : node.getSourceSpans().get(0).getLineIndex() + 1;
    }

    private static String excerpt(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > 60 ? line.substring(0, 57) + "..." : line;
    }
}
