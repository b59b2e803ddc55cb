package dev.breachnotify.console.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Instants and dates from the services' JSON in the viewer's language: local time (Germany) as
 * {@code 05.12.2026 04:53} in German and {@code 5 Dec 2026, 04:53} in English; days as {@code 31.12.2026} and
 * {@code 31 December 2026}. The templates reach it as {@code dates} ({@code ${dates.at(x)}}, {@code ${dates.day(x)}}).
 */
public final class Times {

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final DateTimeFormatter AT_DE =
            DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm", Locale.GERMANY).withZone(ZONE);
    private static final DateTimeFormatter AT_EN =
            DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.UK).withZone(ZONE);
    private static final DateTimeFormatter DAY_DE = DateTimeFormatter.ofPattern("dd.MM.yyyy", Locale.GERMANY);
    private static final DateTimeFormatter DAY_EN = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    private final String language;

    Times(String language) {
        this.language = language;
    }

    /** An instant as local time in this viewer's language; anything else unchanged. */
    public Object at(Object value) {
        return local(value, language);
    }

    /** A day ({@code 2026-12-31}) in this viewer's language; anything else unchanged. */
    public Object day(Object value) {
        if (value instanceof String text && text.length() == 10) {
            try {
                return ("en".equals(language) ? DAY_EN : DAY_DE).format(LocalDate.parse(text));
            } catch (DateTimeParseException e) {
                return value;
            }
        }
        return value;
    }

    /** {@code 2026-12-05T03:53:13.79Z} as local time in the language; anything else unchanged. */
    static Object local(Object value, String language) {
        if (value instanceof String text && text.length() > 10 && text.charAt(10) == 'T') {
            try {
                return ("en".equals(language) ? AT_EN : AT_DE).format(Instant.parse(text));
            } catch (DateTimeParseException e) {
                return value;
            }
        }
        return value;
    }

    /** The rows with the given fields as local time in the language. */
    static List<Map<String, Object>> local(List<?> rows, String language, String... fields) {
        return rows.stream()
                .filter(Map.class::isInstance)
                .map(row -> {
                    Map<String, Object> copy = new LinkedHashMap<>();
                    ((Map<?, ?>) row).forEach((key, value) -> copy.put(String.valueOf(key), value));
                    for (String field : fields) {
                        copy.computeIfPresent(field, (key, value) -> local(value, language));
                    }
                    return copy;
                })
                .toList();
    }
}
