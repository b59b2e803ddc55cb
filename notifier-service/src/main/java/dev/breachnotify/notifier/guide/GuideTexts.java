package dev.breachnotify.notifier.guide;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/** The wording around the guides in letters and mails ({@code i18n/guides_de.properties}, {@code _en}). */
public final class GuideTexts {

    private static final ResourceBundle DE = load("de");
    private static final ResourceBundle EN = load("en");

    private GuideTexts() {}

    private static ResourceBundle load(String language) {
        return ResourceBundle.getBundle(
                "i18n.guides",
                Locale.forLanguageTag(language),
                GuideTexts.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The text of {@code key} in the language (English for {@code en}, else German), with its arguments. */
    public static String get(String language, String key, Object... arguments) {
        String pattern = ("en".equals(language) ? EN : DE).getString(key);
        return arguments.length == 0 ? pattern : new MessageFormat(pattern, Locale.ROOT).format(arguments);
    }
}
