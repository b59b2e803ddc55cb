package dev.breachnotify.notifier.guide;

import dev.breachnotify.platform.i18n.Messages;

/** The wording around the guides in letters and mails ({@code i18n/guides_de.properties}, {@code _en}). */
public final class GuideTexts {

    private static final Messages MESSAGES =
            Messages.load("i18n.guides", GuideTexts.class.getClassLoader(), "de", "en");

    private GuideTexts() {}

    /** The text of {@code key} in the language (German unless {@code en}), with its values filled in. */
    public static String get(String language, String key, Object... values) {
        return values.length == 0 ? MESSAGES.text(language, key) : MESSAGES.format(language, key, values);
    }
}
