package dev.breachnotify.audit.report;

import dev.breachnotify.platform.i18n.Messages;

/** The evidence report's wording: {@code i18n/report_en.properties}. Numbers are inserted as plain digits. */
final class ReportTexts {

    private static final String LANGUAGE = "en";
    private static final Messages MESSAGES = Messages.load("i18n.report", ReportTexts.class.getClassLoader(), LANGUAGE);

    private ReportTexts() {}

    static String text(String key) {
        return MESSAGES.text(LANGUAGE, key);
    }

    /** A sentence with its values; numbers as {@link String#valueOf} writes them (no grouping). */
    static String format(String key, Object... values) {
        Object[] plain = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            plain[i] = values[i] instanceof Number ? String.valueOf(values[i]) : values[i];
        }
        return MESSAGES.format(LANGUAGE, key, plain);
    }
}
