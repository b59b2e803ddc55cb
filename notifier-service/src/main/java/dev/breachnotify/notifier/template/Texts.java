package dev.breachnotify.notifier.template;

import dev.breachnotify.platform.i18n.Messages;

/** The wording of mails and letters in German (the default) and English: {@code i18n/notifier_*.properties}. */
public final class Texts {

    private static final Messages MESSAGES = Messages.load("i18n.notifier", Texts.class.getClassLoader(), "de", "en");

    private Texts() {}

    /** One text of the practice's language. */
    public static String text(String language, String key) {
        return MESSAGES.text(language, key);
    }

    /** One sentence of the practice's language with its values filled in. */
    public static String format(String language, String key, Object... values) {
        return MESSAGES.format(language, key, values);
    }
}
