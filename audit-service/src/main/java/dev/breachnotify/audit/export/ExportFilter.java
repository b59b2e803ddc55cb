package dev.breachnotify.audit.export;

import dev.breachnotify.audit.log.IncomingRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Which entries an export contains: those matching every given filter, in index order. At least one filter is
 * required, or {@code all=true} to export the whole log on purpose.
 *
 * @param advisoryId entries of this advisory (the envelope's correlation id), or {@code null}
 * @param practiceId entries about this practice, or {@code null}
 * @param from       entries that occurred at or after this instant ({@code occurred_at}), or {@code null}
 * @param to         entries that occurred before this instant, or {@code null}
 */
public record ExportFilter(String advisoryId, String practiceId, Instant from, Instant to) {

    /** Longest id accepted: the log holds none longer. */
    static final int MAX_ID_LENGTH = IncomingRecord.MAX_ID_LENGTH;

    /** Reads the query parameters; throws {@link BadParameterException} naming the first one that is wrong. */
    public static ExportFilter parse(String advisoryId, String practiceId, String from, String to, String all) {
        ExportFilter filter = new ExportFilter(
                id("advisoryId", advisoryId), id("practiceId", practiceId), instant("from", from), instant("to", to));
        if (filter.from != null && filter.to != null && !filter.from.isBefore(filter.to)) {
            throw new BadParameterException("to", "must be after from");
        }
        boolean everything = flag("all", all);
        if (!everything && filter.isEmpty()) {
            throw new BadParameterException(
                    "advisoryId",
                    "give at least one of advisoryId, practiceId, from, to; or all=true for the whole log");
        }
        return filter;
    }

    /** @return whether no filter is given (only {@code all=true} may export the whole log) */
    public boolean isEmpty() {
        return advisoryId == null && practiceId == null && from == null && to == null;
    }

    /** Appends the SQL conditions of this filter on {@code audit_log} ({@code AND ...}) and their parameters. */
    void appendConditions(StringBuilder sql, List<Object> parameters) {
        if (advisoryId != null) {
            sql.append(" AND advisory_id = ?");
            parameters.add(advisoryId);
        }
        if (practiceId != null) {
            sql.append(" AND practice_id = ?");
            parameters.add(practiceId);
        }
        if (from != null) {
            sql.append(" AND occurred_at >= ?");
            parameters.add(OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        }
        if (to != null) {
            sql.append(" AND occurred_at < ?");
            parameters.add(OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
        }
    }

    /** The name the download is saved under: {@code audit-<advisory>.csv}, or {@code audit-log.csv}. */
    public String fileName() {
        if (advisoryId == null) {
            return "audit-log.csv";
        }
        // Only characters that need no quoting or encoding in a Content-Disposition header
        return "audit-" + advisoryId.replaceAll("[^A-Za-z0-9._-]", "_") + ".csv";
    }

    private static String id(String name, String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw new BadParameterException(name, "must not be empty");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new BadParameterException(name, "must be at most " + MAX_ID_LENGTH + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new BadParameterException(name, "must not contain control characters");
        }
        return value;
    }

    private static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new BadParameterException(name, "must be an ISO-8601 instant, e.g. 2026-11-20T09:00:00Z");
        }
    }

    private static boolean flag(String name, String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new BadParameterException(name, "must be true or false");
    }
}
