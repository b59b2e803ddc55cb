package dev.breachnotify.console.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Instants from the services' JSON shown as local time (Germany), as the console's users read them. */
final class Times {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm")
            .withZone(ZoneId.of("Europe/Berlin"));

    private Times() {
    }

    /** {@code 2026-12-05T03:53:13.79Z} as {@code 05.12.2026 04:53}; anything else unchanged. */
    static Object local(Object value) {
        if (value instanceof String text && text.length() > 10 && text.charAt(10) == 'T') {
            try {
                return LOCAL.format(Instant.parse(text));
            } catch (DateTimeParseException e) {
                return value;
            }
        }
        return value;
    }

    /** The rows with the given fields as local time. */
    static List<Map<String, Object>> local(List<?> rows, String... fields) {
        return rows.stream().filter(Map.class::isInstance).map(row -> {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<?, ?>) row).forEach((key, value) -> copy.put(String.valueOf(key), value));
            for (String field : fields) {
                copy.computeIfPresent(field, (key, value) -> local(value));
            }
            return copy;
        }).toList();
    }
}
