package dev.breachnotify.platform.i18n;

import java.text.MessageFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The texts of one service in its languages, read once from {@code <baseName>_<language>.properties} (UTF-8, the
 * JDK's {@link ResourceBundle} without fallback between languages, so that a key missing in one language fails at
 * start instead of showing the other language).
 *
 * <p>A fixed text is read with {@link #text}; a sentence with values in it is a {@link MessageFormat} pattern
 * ({@code {0}}, {@code {1}}, and {@code ''} for an apostrophe) filled in by {@link #format}. Values are
 * inserted as they are: escaping for HTML, CSV or PDF is the caller's job, as for any other value.
 *
 * <p>Immutable and thread-safe; patterns are parsed per call (a {@link MessageFormat} is not thread-safe, and a
 * text formatted once per page or mail does not need a cache).
 */
public final class Messages {

    private final String baseName;
    private final List<String> languages;
    private final Map<String, Map<String, String>> byLanguage;

    private Messages(String baseName, List<String> languages, Map<String, Map<String, String>> byLanguage) {
        this.baseName = baseName;
        this.languages = languages;
        this.byLanguage = byLanguage;
    }

    /**
     * Loads the bundle {@code baseName} (a resource path with dots, e.g. {@code i18n.ack}) in every language; the
     * first language is the default for a language not offered.
     *
     * @throws IllegalStateException if a language's file is missing or the languages do not have the same keys
     */
    public static Messages load(String baseName, ClassLoader loader, String... languages) {
        if (languages.length == 0) {
            throw new IllegalArgumentException("at least one language");
        }
        Map<String, Map<String, String>> all = new HashMap<>();
        for (String language : languages) {
            all.put(language, read(baseName, loader, language));
        }
        Map<String, String> first = all.get(languages[0]);
        for (String language : languages) {
            if (!all.get(language).keySet().equals(first.keySet())) {
                Map<String, String> other = all.get(language);
                List<String> missing = first.keySet().stream()
                        .filter(key -> !other.containsKey(key))
                        .sorted()
                        .toList();
                List<String> extra = other.keySet().stream()
                        .filter(key -> !first.containsKey(key))
                        .sorted()
                        .toList();
                throw new IllegalStateException(baseName + "_" + language + ".properties differs from " + baseName + "_"
                        + languages[0] + ".properties: missing " + missing + ", extra " + extra);
            }
        }
        return new Messages(baseName, List.of(languages), Map.copyOf(all));
    }

    private static Map<String, String> read(String baseName, ClassLoader loader, String language) {
        ResourceBundle bundle;
        try {
            bundle = ResourceBundle.getBundle(
                    baseName,
                    Locale.forLanguageTag(language),
                    loader,
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        } catch (MissingResourceException e) {
            throw new IllegalStateException("no texts " + baseName + "_" + language + ".properties on the class path");
        }
        Map<String, String> texts = new HashMap<>();
        for (String key : bundle.keySet()) {
            texts.put(key, bundle.getString(key));
        }
        return Map.copyOf(texts);
    }

    /** The languages offered; the first is the default. */
    public List<String> languages() {
        return languages;
    }

    /** Every fixed text of a language by key (for templates); the default language's for one not offered. */
    public Map<String, String> of(String language) {
        return byLanguage.getOrDefault(language, byLanguage.get(languages.get(0)));
    }

    /** One text, as written in the file. */
    public String text(String language, String key) {
        String text = of(language).get(key);
        if (text == null) {
            throw new IllegalArgumentException("no text '" + key + "' in " + baseName);
        }
        return text;
    }

    /** One sentence with its values filled in ({@link MessageFormat} in the language's locale). */
    public String format(String language, String key, Object... values) {
        String pattern = text(language, key);
        return new MessageFormat(pattern, Locale.forLanguageTag(language)).format(values);
    }
}
