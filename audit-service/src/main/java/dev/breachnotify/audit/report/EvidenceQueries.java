package dev.breachnotify.audit.report;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.LocalizedText;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The evidence report's figures, computed by PostgreSQL from the audit log in one read-only REPEATABLE READ
 * transaction: every figure, and the log position printed with them, come from the same snapshot. The service only
 * receives aggregates (counts, daily counts, the first outstanding practices), so its memory does not grow with
 * the log; per-practice state lives in the database's grouping only.
 *
 * <p>Entries are read through their canonical JSON ({@code canonical_json::jsonb}), which is what the leaf hashes
 * cover: the report shows nothing that a verifier of the log could not recompute from the export. Parsing that
 * JSON is most of the cost, so each query parses an entry once ({@code OFFSET 0} keeps PostgreSQL from inlining
 * the parse into every use of its result).
 */
@Singleton
public class EvidenceQueries {

    /** Per targeted practice: its channels. */
    private static final String TARGETED = """
            targeted AS (
                SELECT practice_id, bool_or(channel = 'EMAIL') AS email, bool_or(channel = 'LETTER') AS letter
                  FROM (SELECT practice_id, canonical_json::jsonb #>> '{payload,channel}' AS channel
                          FROM audit_log
                         WHERE advisory_id = ? AND type = 'notification.requested' AND practice_id IS NOT NULL
                        OFFSET 0) n
                 GROUP BY practice_id)""";
    /**
     * Per practice with an email outcome: the best one. A sent mail that a delivery status notification later
     * reported as failed for good ({@code email.bounced}, permanent) counts as bounced, not sent; a reported delay
     * changes nothing.
     */
    private static final String EMAIL = """
            email AS (
                SELECT practice_id,
                       CASE WHEN bool_or(type = 'email.sent' AND NOT bounced_later) THEN 'SENT'
                            WHEN bool_or(type = 'email.bounced'
                                         OR type = 'email.failed' AND permanent) THEN 'BOUNCED'
                            WHEN bool_or(type = 'email.failed') THEN 'FAILED'
                            ELSE 'DEFERRED' END AS status
                  FROM (SELECT practice_id, type, permanent,
                               bool_or(type = 'email.bounced' AND permanent)
                                   OVER (PARTITION BY notification_id) AS bounced_later
                          FROM (SELECT practice_id, type,
                                       canonical_json::jsonb #>> '{payload,notificationId}' AS notification_id,
                                       canonical_json::jsonb #>> '{payload,permanent}' = 'true' AS permanent
                                  FROM audit_log
                                 WHERE advisory_id = ?
                                   AND type IN ('email.sent', 'email.failed', 'email.deferred', 'email.bounced')
                                OFFSET 0) outcomes
                         WHERE type <> 'email.bounced' OR permanent) per_notification
                 GROUP BY practice_id)""";

    private static final String REACH = "WITH " + TARGETED + ",\n" + EMAIL + """

            SELECT count(*),
                   count(*) FILTER (WHERE t.email),
                   count(*) FILTER (WHERE t.letter),
                   count(*) FILTER (WHERE t.email AND e.status = 'SENT'),
                   count(*) FILTER (WHERE t.email AND e.status = 'BOUNCED'),
                   count(*) FILTER (WHERE t.email AND e.status = 'FAILED'),
                   count(*) FILTER (WHERE t.email AND e.status = 'DEFERRED'),
                   count(*) FILTER (WHERE t.email AND e.status IS NULL)
              FROM targeted t LEFT JOIN email e ON e.practice_id = t.practice_id""";
    /** The outstanding practices; parameters: advisory x5, credential ids x2, limit (NULL for all). */
    static final String OUTSTANDING = "WITH " + TARGETED + ",\n" + EMAIL + ",\n" + """
            excluded AS (
                SELECT DISTINCT practice_id FROM audit_log
                 WHERE advisory_id = ? AND type = 'practice.excluded'),
            acked AS (
                SELECT DISTINCT practice_id FROM audit_log
                 WHERE advisory_id = ? AND type = 'acknowledgement.recorded'),
            answered AS (
                SELECT practice_id, array_agg(DISTINCT canonical_json::jsonb #>> '{payload,credentialId}') AS ids
                  FROM audit_log
                 WHERE advisory_id = ? AND type = 'credential.rotation.confirmed'
                 GROUP BY practice_id)
            SELECT t.practice_id,
                   a.practice_id IS NOT NULL AS acknowledged,
                   ARRAY(SELECT w.id FROM unnest(CAST(? AS text[])) WITH ORDINALITY AS w(id, n)
                          WHERE NOT (w.id = ANY (COALESCE(c.ids, '{}'::text[]))) ORDER BY w.n) AS missing,
                   t.email, t.letter, e.status, x.practice_id IS NOT NULL AS excluded,
                   count(*) OVER () AS total
              FROM targeted t
              LEFT JOIN acked a ON a.practice_id = t.practice_id
              LEFT JOIN answered c ON c.practice_id = t.practice_id
              LEFT JOIN email e ON e.practice_id = t.practice_id
              LEFT JOIN excluded x ON x.practice_id = t.practice_id
             WHERE a.practice_id IS NULL OR NOT (CAST(? AS text[]) <@ COALESCE(c.ids, '{}'::text[]))
             ORDER BY t.practice_id
             LIMIT ?""";
    /** The latest answer per practice and credential, counted per credential and status. */
    private static final String CREDENTIALS = """
            SELECT credential, status, count(*)
              FROM (SELECT DISTINCT ON (practice_id, p ->> 'credentialId')
                           p ->> 'credentialId' AS credential, p ->> 'status' AS status
                      FROM (SELECT idx, practice_id, canonical_json::jsonb -> 'payload' AS p
                              FROM audit_log
                             WHERE advisory_id = ? AND type = 'credential.rotation.confirmed' OFFSET 0) c
                     ORDER BY practice_id, p ->> 'credentialId', idx DESC) latest
             GROUP BY credential, status""";
    /** First acknowledgement per practice, and first rotation per practice and credential, counted per day. */
    private static final String TIMELINE = """
            SELECT 'A' AS kind, NULL AS credential, (first_at AT TIME ZONE 'UTC')::date AS day, count(*)
              FROM (SELECT practice_id, min(occurred_at) AS first_at FROM audit_log
                     WHERE advisory_id = ? AND type = 'acknowledgement.recorded'
                     GROUP BY practice_id) a
             GROUP BY 3
            UNION ALL
            SELECT 'R', credential, (first_at AT TIME ZONE 'UTC')::date, count(*)
              FROM (SELECT practice_id, p ->> 'credentialId' AS credential, min(occurred_at) AS first_at
                      FROM (SELECT practice_id, occurred_at, canonical_json::jsonb -> 'payload' AS p
                              FROM audit_log
                             WHERE advisory_id = ? AND type = 'credential.rotation.confirmed' OFFSET 0) c
                     WHERE p ->> 'status' IN ('CHANGED', 'CHANGED_BY_PROVIDER')
                     GROUP BY 1, 2) r
             GROUP BY 2, 3
             ORDER BY 1, 2, 3""";

    private final DataSource dataSource;

    public EvidenceQueries(DataSource dataSource) {
        // The pool itself, as AuditLogReader does: the transaction is managed here, on one connection.
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    /**
     * The report of an advisory, or empty if the log holds no {@code advisory.published} entry for it.
     *
     * @param outstandingLimit how many outstanding practices to list
     */
    public Optional<EvidenceReport> report(
            String advisoryId, int outstandingLimit, String vendorName, String requestedBy, Anchor anchor, Instant now)
            throws SQLException {
        try (Connection connection = snapshot()) {
            try {
                Optional<AdvisoryPublished> published = advisory(connection, advisoryId);
                if (published.isEmpty()) {
                    return Optional.empty();
                }
                AdvisoryPublished advisory = published.get();
                List<String> credentialIds = credentialIds(advisory);
                EvidenceReport.LogPosition position = position(connection, advisoryId);
                EvidenceReport.Reach reach = reach(connection, advisoryId, position.entriesByType());
                return Optional.of(new EvidenceReport(
                        vendorName,
                        now,
                        requestedBy,
                        advisory(advisory),
                        reach,
                        credentials(connection, advisory, reach.targeted()),
                        timeline(connection, advisory),
                        outstanding(connection, advisoryId, credentialIds, outstandingLimit),
                        Answers.summary(connection, advisoryId),
                        position,
                        anchor));
            } finally {
                connection.rollback(); // read-only: nothing to keep
            }
        }
    }

    /** A connection in a read-only REPEATABLE READ transaction: one snapshot for every query. */
    Connection snapshot() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** The advisory as first published, decoded (and upcast) as every reader of the topic does. */
    static Optional<AdvisoryPublished> advisory(Connection connection, String advisoryId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT canonical_json FROM audit_log
                 WHERE advisory_id = ? AND type = 'advisory.published' ORDER BY idx LIMIT 1""")) {
            select.setString(1, advisoryId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(
                        (AdvisoryPublished) EventCodec.decode(row.getString(1).getBytes(StandardCharsets.UTF_8))
                                .payload());
            }
        }
    }

    static List<String> credentialIds(AdvisoryPublished advisory) {
        return advisory.credentials() == null
                ? List.of()
                : advisory.credentials().stream().map(Credential::id).distinct().toList();
    }

    private static EvidenceReport.Advisory advisory(AdvisoryPublished advisory) {
        Map<String, String> subjects = new TreeMap<>();
        if (advisory.texts() != null) {
            for (Map.Entry<String, LocalizedText> text : advisory.texts().entrySet()) {
                subjects.put(text.getKey(), text.getValue().subject());
            }
        }
        List<EvidenceReport.CredentialLabel> credentials = advisory.credentials() == null
                ? List.of()
                : advisory.credentials().stream()
                        .map(credential ->
                                new EvidenceReport.CredentialLabel(credential.id(), credential.labelIn("en")))
                        .toList();
        String audience = advisory.audience() == null
                ? "ALL"
                : advisory.audience().values().isEmpty()
                        ? advisory.audience().kind().name()
                        : advisory.audience().kind() + ": "
                                + String.join(", ", advisory.audience().values());
        List<String> channels = advisory.channels() == null
                ? List.of()
                : advisory.channels().stream().map(Channel::name).toList();
        return new EvidenceReport.Advisory(
                advisory.advisoryId(),
                advisory.title(),
                subjects,
                advisory.publishedAt(),
                advisory.publishedBy(),
                advisory.deadline(),
                channels,
                audience,
                credentials,
                advisory.supersedes(),
                advisory.guides().stream()
                        .map(guide -> new EvidenceReport.GuideHash(
                                guide.credentialId(), guide.variant(), guide.language(), guide.sha256()))
                        .toList());
    }

    private static EvidenceReport.LogPosition position(Connection connection, String advisoryId) throws SQLException {
        long lastIndex = -1;
        byte[] leafHash = null;
        Instant recordedAt = null;
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT idx, leaf_hash, recorded_at FROM audit_log ORDER BY idx DESC LIMIT 1");
                ResultSet row = select.executeQuery()) {
            if (row.next()) {
                lastIndex = row.getLong(1);
                leafHash = row.getBytes(2);
                recordedAt = row.getObject(3, OffsetDateTime.class).toInstant();
            }
        }
        Map<String, Long> byType = new LinkedHashMap<>();
        long advisoryEntries = 0;
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT type, count(*) FROM audit_log WHERE advisory_id = ? GROUP BY type ORDER BY type""")) {
            select.setString(1, advisoryId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    byType.put(rows.getString(1), rows.getLong(2));
                    advisoryEntries += rows.getLong(2);
                }
            }
        }
        return new EvidenceReport.LogPosition(lastIndex + 1, lastIndex, leafHash, recordedAt, advisoryEntries, byType);
    }

    private static EvidenceReport.Reach reach(Connection connection, String advisoryId, Map<String, Long> byType)
            throws SQLException {
        long[] counts = new long[8];
        try (PreparedStatement select = connection.prepareStatement(REACH)) {
            select.setString(1, advisoryId);
            select.setString(2, advisoryId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = row.getLong(i + 1);
                }
            }
        }
        Map<String, Long> byStep = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT step, count(DISTINCT practice_id)
                  FROM (SELECT idx, practice_id, COALESCE(canonical_json::jsonb #>> '{payload,step}', '-') AS step
                          FROM audit_log
                         WHERE advisory_id = ? AND type = 'notification.requested' OFFSET 0) n
                 GROUP BY step ORDER BY min(idx)""")) {
            select.setString(1, advisoryId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    byStep.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        Map<String, Long> practicesByType = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT type, count(DISTINCT practice_id) FROM audit_log
                 WHERE advisory_id = ? AND (type LIKE 'letter.%' OR type IN
                       ('acknowledgement.recorded', 'acknowledgement.page.visited', 'practice.excluded'))
                 GROUP BY type ORDER BY min(idx)""")) {
            select.setString(1, advisoryId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    practicesByType.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        Map<String, Long> letters = new LinkedHashMap<>();
        practicesByType.forEach((type, practices) -> {
            if (type.startsWith("letter.")) {
                letters.put(type, practices);
            }
        });
        return new EvidenceReport.Reach(
                counts[0],
                counts[1],
                counts[2],
                byStep,
                counts[3],
                counts[4],
                counts[5],
                counts[6],
                counts[7],
                letters,
                practicesByType.getOrDefault("acknowledgement.page.visited", 0L),
                practicesByType.getOrDefault("acknowledgement.recorded", 0L),
                practicesByType.getOrDefault("practice.excluded", 0L));
    }

    private static List<EvidenceReport.CredentialTally> credentials(
            Connection connection, AdvisoryPublished advisory, long targeted) throws SQLException {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(CREDENTIALS)) {
            select.setString(1, advisory.advisoryId());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.computeIfAbsent(rows.getString(1), id -> new LinkedHashMap<>())
                            .put(rows.getString(2), rows.getLong(3));
                }
            }
        }
        List<EvidenceReport.CredentialTally> tallies = new ArrayList<>();
        if (advisory.credentials() == null) {
            return tallies;
        }
        for (Credential credential : advisory.credentials()) {
            Map<String, Long> byStatus = counts.getOrDefault(credential.id(), Map.of());
            long changed = byStatus.getOrDefault("CHANGED", 0L);
            long byProvider = byStatus.getOrDefault("CHANGED_BY_PROVIDER", 0L);
            long notApplicable = byStatus.getOrDefault("NOT_APPLICABLE", 0L);
            long answered =
                    byStatus.values().stream().mapToLong(Long::longValue).sum();
            tallies.add(new EvidenceReport.CredentialTally(
                    credential.id(),
                    credential.labelIn("en"),
                    changed,
                    byProvider,
                    notApplicable,
                    Math.max(0, targeted - answered)));
        }
        return tallies;
    }

    private static List<EvidenceReport.Series> timeline(Connection connection, AdvisoryPublished advisory)
            throws SQLException {
        List<EvidenceReport.DayCount> acknowledged = new ArrayList<>();
        Map<String, List<EvidenceReport.DayCount>> rotated = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(TIMELINE)) {
            select.setString(1, advisory.advisoryId());
            select.setString(2, advisory.advisoryId());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    EvidenceReport.DayCount count =
                            new EvidenceReport.DayCount(rows.getObject(3, LocalDate.class), rows.getLong(4));
                    if ("A".equals(rows.getString(1))) {
                        acknowledged.add(count);
                    } else {
                        rotated.computeIfAbsent(rows.getString(2), id -> new ArrayList<>())
                                .add(count);
                    }
                }
            }
        }
        List<EvidenceReport.Series> series = new ArrayList<>();
        series.add(new EvidenceReport.Series(ReportTexts.text("timeline.acknowledged"), List.copyOf(acknowledged)));
        if (advisory.credentials() != null) {
            for (Credential credential : advisory.credentials()) {
                series.add(new EvidenceReport.Series(
                        ReportTexts.format("timeline.rotated", credential.labelIn("en")),
                        List.copyOf(rotated.getOrDefault(credential.id(), List.of()))));
            }
        }
        return series;
    }

    private static EvidenceReport.Outstanding outstanding(
            Connection connection, String advisoryId, List<String> credentialIds, int limit) throws SQLException {
        List<EvidenceReport.OutstandingPractice> first = new ArrayList<>();
        long total = 0;
        try (PreparedStatement select = outstandingQuery(connection, advisoryId, credentialIds, limit);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                total = rows.getLong("total");
                first.add(outstandingPractice(rows));
            }
        }
        return new EvidenceReport.Outstanding(total, List.copyOf(first));
    }

    /** The outstanding practices in practice id order; {@code limit} 0 for all of them. */
    static PreparedStatement outstandingQuery(
            Connection connection, String advisoryId, List<String> credentialIds, int limit) throws SQLException {
        PreparedStatement select = connection.prepareStatement(OUTSTANDING);
        try {
            for (int i = 1; i <= 5; i++) {
                select.setString(i, advisoryId);
            }
            Array ids = connection.createArrayOf("text", credentialIds.toArray());
            select.setArray(6, ids);
            select.setArray(7, ids);
            if (limit > 0) {
                select.setLong(8, limit);
            } else {
                select.setNull(8, Types.BIGINT);
            }
            return select;
        } catch (SQLException | RuntimeException e) {
            select.close();
            throw e;
        }
    }

    /** The current row of {@link #outstandingQuery}. */
    static EvidenceReport.OutstandingPractice outstandingPractice(ResultSet row) throws SQLException {
        List<String> missing = List.of((String[]) row.getArray("missing").getArray());
        List<String> delivery = new ArrayList<>();
        if (row.getBoolean("email")) {
            String status = row.getString("status");
            delivery.add(status == null ? "email pending" : "email " + status.toLowerCase(Locale.ROOT));
        }
        if (row.getBoolean("letter")) {
            delivery.add("letter");
        }
        if (row.getBoolean("excluded")) {
            delivery.add("excluded");
        }
        return new EvidenceReport.OutstandingPractice(
                row.getString("practice_id"), String.join("; ", delivery), row.getBoolean("acknowledged"), missing);
    }
}
