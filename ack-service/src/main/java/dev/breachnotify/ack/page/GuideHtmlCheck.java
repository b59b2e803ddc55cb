package dev.breachnotify.ack.page;

import dev.breachnotify.events.Guide;
import dev.breachnotify.platform.guide.GuideFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages embed a guide's HTML unescaped, so they check it first, independently of the notifier's sanitiser:
 * only the guide format's elements and attributes ({@link GuideFormat}, jsoup's allow-list), links to {@code https:},
 * {@code mailto:} and {@code tel:}, images only as {@code data:} URIs. A guide that fails is not shown (and
 * logged): a page without a guide is better than a page with foreign markup.
 */
final class GuideHtmlCheck {

    private static final Logger LOG = LoggerFactory.getLogger(GuideHtmlCheck.class);

    private static final int MAX_CHECKED = 1_000;

    /** Checked HTML (published advisories are immutable and cached, so the same strings come again). */
    private static final Map<String, Boolean> CHECKED = new ConcurrentHashMap<>();

    private GuideHtmlCheck() {}

    static boolean safe(Guide guide) {
        Boolean safe = CHECKED.get(guide.html());
        if (safe == null) {
            safe = guide.html() != null
                    && GuideFormat.allows(guide.html())
                    && !guide.html().matches("(?is).*src\\s*=\\s*\"data:(?!image/(png|jpeg);base64,).*");
            if (!safe) {
                LOG.error(
                        "The guide of {} ({}, {}) holds markup the guide format does not allow; it is not shown",
                        guide.credentialId(),
                        guide.variant(),
                        guide.language());
            }
            if (CHECKED.size() >= MAX_CHECKED) {
                CHECKED.clear();
            }
            if (guide.html() != null) {
                CHECKED.put(guide.html(), safe);
            }
        }
        return safe;
    }
}
