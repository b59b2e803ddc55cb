package dev.breachnotify.notifier.guide;

import java.util.Map;

/**
 * The guide of one credential as the communications team writes it: CommonMark by language, and optionally
 * variants chosen by a field of the practice's directory entry.
 *
 * @param variantField the directory field that chooses the variant (e.g. {@code konnektor_model}); required when
 *                     {@code variants} is given
 * @param general      the guide for every practice whose field matches no variant, by language ({@code de},
 *                     {@code en})
 * @param variants     the guide per value of the field (matched trimmed and case-insensitively), by language
 */
public record GuideSource(String variantField, Map<String, String> general, Map<String, Map<String, String>> variants) {

    public GuideSource {
        general = general == null ? Map.of() : Map.copyOf(general);
        variants = variants == null ? Map.of() : Map.copyOf(variants);
    }
}
