package dev.breachnotify.audit.export;

import io.micronaut.core.annotation.Introspected;

/**
 * The head of the audit log. Indexes are gapless from 0, so {@code size == lastIndex + 1}.
 *
 * @param size           the number of entries
 * @param lastIndex      the index of the last entry, or {@code null} for an empty log
 * @param lastRecordedAt when the last entry was appended (ISO-8601, UTC), or {@code null}
 */
@Introspected
public record LogHead(long size, Long lastIndex, String lastRecordedAt) {

    static final LogHead EMPTY = new LogHead(0, null, null);
}
