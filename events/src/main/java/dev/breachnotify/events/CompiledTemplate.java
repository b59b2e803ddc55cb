package dev.breachnotify.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link MessageTemplate} split once into literal text and placeholders, for rendering it many times: a fan-out
 * renders the same advisory text for every practice, and finding the placeholders and paragraphs again for each
 * mail was most of the rendering. Renders exactly what {@link MessageTemplate#renderText} and
 * {@link MessageTemplate#renderHtml} render. Immutable, thread-safe.
 */
public final class CompiledTemplate {

    private static final Pattern LINE_BREAK = Pattern.compile("\\R");

    /** Literal text, or a placeholder when {@code placeholder} is set. */
    private record Segment(String literal, String placeholder) {}

    private final List<Segment> text;
    private final List<List<Segment>> htmlParagraphs;

    private CompiledTemplate(List<Segment> text, List<List<Segment>> htmlParagraphs) {
        this.text = text;
        this.htmlParagraphs = htmlParagraphs;
    }

    public static CompiledTemplate of(String template) {
        List<List<Segment>> paragraphs = new ArrayList<>();
        for (String paragraph : MessageTemplate.paragraphs(template)) {
            paragraphs.add(segments(MessageTemplate.escape(paragraph.strip())));
        }
        return new CompiledTemplate(segments(template), List.copyOf(paragraphs));
    }

    private static List<Segment> segments(String template) {
        List<Segment> segments = new ArrayList<>();
        Matcher matcher = MessageTemplate.placeholderMatcher(template);
        int at = 0;
        while (matcher.find()) {
            if (matcher.start() > at) {
                segments.add(new Segment(template.substring(at, matcher.start()), null));
            }
            segments.add(new Segment(null, matcher.group(1)));
            at = matcher.end();
        }
        if (at < template.length()) {
            segments.add(new Segment(template.substring(at), null));
        }
        return List.copyOf(segments);
    }

    /** As {@link MessageTemplate#renderText}. */
    public String renderText(Map<String, String> values) {
        StringBuilder out = new StringBuilder(256);
        for (Segment segment : text) {
            out.append(
                    segment.placeholder() == null ? segment.literal() : values.getOrDefault(segment.placeholder(), ""));
        }
        return out.toString();
    }

    /** As {@link MessageTemplate#renderHtml}. */
    public String renderHtml(Map<String, String> values) {
        StringBuilder html = new StringBuilder(512);
        StringBuilder rendered = new StringBuilder(256);
        for (List<Segment> paragraph : htmlParagraphs) {
            rendered.setLength(0);
            for (Segment segment : paragraph) {
                if (segment.placeholder() == null) {
                    rendered.append(segment.literal());
                } else {
                    rendered.append(MessageTemplate.htmlValue(
                            segment.placeholder(), values.getOrDefault(segment.placeholder(), "")));
                }
            }
            html.append("<p>")
                    .append(LINE_BREAK.matcher(rendered).replaceAll("<br>\n"))
                    .append("</p>\n");
        }
        return html.toString();
    }
}
