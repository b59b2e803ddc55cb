package dev.breachnotify.notifier.email;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The Date header of a mail (RFC 5322 3.3, e.g. {@code Wed, 2 Dec 2026 08:15:00 +0100}), formatted once per second
 * instead of once per mail: Jakarta Mail's {@code MailDateFormat} (a {@code SimpleDateFormat}) was a tenth of the
 * time to compose a mail. Thread-safe.
 */
final class DateHeader {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.ENGLISH);

    private record Formatted(long second, String value) {}

    private final ZoneId zone;
    private volatile Formatted last = new Formatted(Long.MIN_VALUE, null);

    DateHeader(ZoneId zone) {
        this.zone = zone;
    }

    String at(Instant instant) {
        long second = instant.getEpochSecond();
        Formatted formatted = last;
        if (formatted.second() != second) {
            formatted = new Formatted(
                    second, FORMAT.format(Instant.ofEpochSecond(second).atZone(zone)));
            last = formatted;
        }
        return formatted.value();
    }
}
