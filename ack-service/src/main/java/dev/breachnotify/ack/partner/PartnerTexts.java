package dev.breachnotify.ack.partner;

import dev.breachnotify.platform.i18n.Messages;
import java.util.Map;

/** The partner page's texts ({@code i18n/partner_<language>.properties}), German and English. */
final class PartnerTexts {

    private static final Messages MESSAGES =
            Messages.load("i18n.partner", PartnerTexts.class.getClassLoader(), "de", "en");

    private PartnerTexts() {}

    static Map<String, String> of(String language) {
        return MESSAGES.of(language);
    }

    static String text(String language, String key) {
        return MESSAGES.text(language, key);
    }

    static String format(String language, String key, Object... values) {
        return MESSAGES.format(language, key, values);
    }

    /** A problem for the person who answered, with what it concerns. */
    static String problem(String language, Problem problem) {
        String key = "problem." + problem.kind().name();
        return switch (problem.kind()) {
            case CREDENTIAL_NOT_YOURS ->
                problem.line() > 0
                        ? format(language, key + "_ROW", problem.value())
                        : format(language, key, problem.field(), problem.value());
            default -> format(language, key, problem.value() == null ? "" : problem.value());
        };
    }
}
