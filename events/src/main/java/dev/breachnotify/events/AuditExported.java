package dev.breachnotify.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The data-protection officer (or an administrator) exported part of the audit log: who, which filter, which format,
 * against which checkpoint, when. Written by audit-service before the export is sent, and appended to the audit
 * log like every other event, so that each export is itself on the record.
 *
 * @param exportId       unique per export
 * @param exportedBy     the authenticated user name
 * @param format         {@code csv} or {@code jsonl}
 * @param advisoryId     the advisory filter, or {@code null}
 * @param practiceId     the practice filter, or {@code null}
 * @param from           the time filter's start (inclusive), or {@code null}
 * @param to             the time filter's end (exclusive), or {@code null}
 * @param all            {@code true} for an export of the whole log
 * @param checkpointSize the tree size of the checkpoint the export is proven against ({@code jsonl}), else
 *                       {@code null}
 * @param requestedAt    when the export was requested
 */
public record AuditExported(
        UUID exportId,
        String exportedBy,
        String format,
        String advisoryId,
        String practiceId,
        Instant from,
        Instant to,
        boolean all,
        Long checkpointSize,
        Instant requestedAt)
        implements EventPayload {}
