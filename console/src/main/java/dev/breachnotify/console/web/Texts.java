package dev.breachnotify.console.web;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/** The console's texts in German and English ({@code i18n/console_*.properties}). */
public final class Texts {

    /** The languages the console speaks; the first is the default. */
    public static final List<String> LANGUAGES = List.of("de", "en");

    private static final Map<String, Map<String, String>> BY_LANGUAGE = load();

    private Texts() {}

    /** Every text of a language, by key, for the templates ({@code ${t.key}}). */
    public static Map<String, String> of(String language) {
        return BY_LANGUAGE.getOrDefault(language, BY_LANGUAGE.get(LANGUAGES.get(0)));
    }

    /** The language to use: a supported one asked for, else the first supported in Accept-Language, else German. */
    public static String choose(String asked, String acceptLanguage) {
        if (asked != null && LANGUAGES.contains(asked)) {
            return asked;
        }
        if (acceptLanguage != null) {
            try {
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
                    String language = range.getRange().split("-")[0].toLowerCase(Locale.ROOT);
                    if (LANGUAGES.contains(language)) {
                        return language;
                    }
                }
            } catch (IllegalArgumentException e) {
                // a malformed header: the default
            }
        }
        return LANGUAGES.get(0);
    }

    private static Map<String, Map<String, String>> load() {
        Map<String, Map<String, String>> all = new HashMap<>();
        for (String language : LANGUAGES) {
            ResourceBundle bundle = ResourceBundle.getBundle(
                    "i18n.console",
                    Locale.forLanguageTag(language),
                    Texts.class.getClassLoader(),
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
            Map<String, String> texts = new HashMap<>();
            for (String key : bundle.keySet()) {
                texts.put(key, bundle.getString(key));
            }
            all.put(language, Collections.unmodifiableMap(texts));
        }
        return Map.copyOf(all);
    }
}
