package dev.breachnotify.platform.guide;

import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * The HTML a how-to guide may hold, as one allow-list for both sides of the contract: notifier-service refuses a
 * guide whose rendered HTML this list would change, and ack-service checks each guide against it again before it
 * embeds the HTML in a page. Headings, paragraphs, lists, emphasis, code, quotes, rules, links to {@code https:},
 * {@code mailto:} and {@code tel:}, and images only as {@code data:} URIs (nothing is fetched from elsewhere).
 */
public final class GuideFormat {

    /** jsoup's allow-list of the guide format. */
    public static final Safelist SAFELIST = Safelist.none()
            .addTags(
                    "p",
                    "h1",
                    "h2",
                    "h3",
                    "h4",
                    "h5",
                    "h6",
                    "ul",
                    "ol",
                    "li",
                    "strong",
                    "em",
                    "code",
                    "pre",
                    "blockquote",
                    "br",
                    "hr",
                    "a",
                    "img")
            .addAttributes("a", "href", "title", "rel")
            .addProtocols("a", "href", "https", "mailto", "tel")
            .addAttributes("img", "src", "alt", "title")
            .addProtocols("img", "src", "data")
            .addAttributes("ol", "start")
            .addAttributes("code", "class");

    private GuideFormat() {}

    /** Whether the HTML holds only what the guide format allows (jsoup would remove nothing). */
    public static boolean allows(String html) {
        return new Cleaner(SAFELIST).isValidBodyHtml(html);
    }
}
