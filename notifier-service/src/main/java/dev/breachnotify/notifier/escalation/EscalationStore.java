package dev.breachnotify.notifier.escalation;

import dev.breachnotify.events.AcknowledgementRecorded;
import dev.breachnotify.events.CredentialRotationConfirmed;
import dev.breachnotify.events.PartnerResponsibilityDeclined;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** SQL of the escalation chain and of the confirmation projection. Every method works in the caller's transaction. */
@Singleton
public class EscalationStore {

    /** An advisory's escalation. */
    public record Escalation(
            String advisoryId,
            List<String> credentials,
            LocalDate deadline,
            boolean letters,
            boolean paused,
            Instant publishedAt) {}

    /** One step of a schedule. */
    public record Step(
            String advisoryId, String step, Instant dueAt, Instant firedAt, String trigger, String triggeredBy) {}

    /** A row of the final list. */
    /**
     * One entry of a final list.
     *
     * @param partners the IT service partners responsible for its missing credentials; {@code null} for an entry
     *                 of a list drawn up before partners existed
     */
    public record FinalListRow(
            String practiceId, String practiceName, boolean acknowledged, List<String> missing, List<String> partners) {

        public FinalListRow(String practiceId, String practiceName, boolean acknowledged, List<String> missing) {
            this(practiceId, practiceName, acknowledged, missing, List.of());
        }
    }

    void insertEscalation(Connection connection, Escalation escalation) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO escalation (advisory_id, "
                + "credentials, deadline, letters, paused, published_at) VALUES (?, ?, ?, ?, false, ?) "
                + "ON CONFLICT (advisory_id) DO NOTHING")) {
            insert.setString(1, escalation.advisoryId());
            insert.setArray(
                    2, connection.createArrayOf("text", escalation.credentials().toArray()));
            insert.setDate(3, Date.valueOf(escalation.deadline()));
            insert.setBoolean(4, escalation.letters());
            insert.setTimestamp(5, Timestamp.from(escalation.publishedAt()));
            insert.executeUpdate();
        }
    }

    void insertStep(Connection connection, String advisoryId, String step, Instant dueAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO escalation_step (advisory_id, step, "
                + "due_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, advisoryId);
            insert.setString(2, step);
            insert.setTimestamp(3, Timestamp.from(dueAt));
            insert.executeUpdate();
        }
    }

    void insertTargets(Connection connection, String advisoryId, Collection<String> practiceIds) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO escalation_target (advisory_id, "
                + "practice_id) SELECT ?, unnest(?::text[]) ON CONFLICT DO NOTHING")) {
            insert.setString(1, advisoryId);
            insert.setArray(2, connection.createArrayOf("text", practiceIds.toArray()));
            insert.executeUpdate();
        }
    }

    Optional<Escalation> escalation(Connection connection, String advisoryId, boolean forUpdate) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT advisory_id, credentials, deadline, "
                + "letters, paused, published_at FROM escalation WHERE advisory_id = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
            select.setString(1, advisoryId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Escalation(
                        row.getString(1),
                        List.of((String[]) row.getArray(2).getArray()),
                        row.getDate(3).toLocalDate(),
                        row.getBoolean(4),
                        row.getBoolean(5),
                        row.getTimestamp(6).toInstant()));
            }
        }
    }

    void setPaused(Connection connection, String advisoryId, boolean paused) throws SQLException {
        try (PreparedStatement update =
                connection.prepareStatement("UPDATE escalation SET paused = ? WHERE advisory_id = ?")) {
            update.setBoolean(1, paused);
            update.setString(2, advisoryId);
            update.executeUpdate();
        }
    }

    List<Step> steps(Connection connection, String advisoryId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT advisory_id, step, due_at, fired_at, "
                + "trigger, triggered_by FROM escalation_step WHERE advisory_id = ? ORDER BY due_at")) {
            select.setString(1, advisoryId);
            return steps(select);
        }
    }

    /**
     * Unfired steps due at {@code now}, earliest first. Whether each may fire is the lifecycle's answer, asked when
     * it fires ({@link Escalations#fire}).
     */
    List<Step> due(Connection connection, Instant now) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT s.advisory_id, s.step, s.due_at, s.fired_at, s.trigger, s.triggered_by
                  FROM escalation_step s
                 WHERE s.fired_at IS NULL AND s.due_at <= ?
                 ORDER BY s.due_at, s.advisory_id, s.step""")) {
            select.setTimestamp(1, Timestamp.from(now));
            return steps(select);
        }
    }

    /** The step, locked: whoever fires it holds this lock, so a step fires once even with several instances. */
    Optional<Step> lockStep(Connection connection, String advisoryId, String step) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT advisory_id, step, due_at, fired_at, "
                + "trigger, triggered_by FROM escalation_step WHERE advisory_id = ? AND step = ? FOR UPDATE")) {
            select.setString(1, advisoryId);
            select.setString(2, step);
            return steps(select).stream().findFirst();
        }
    }

    void markFired(
            Connection connection, String advisoryId, String step, Instant firedAt, String trigger, String triggeredBy)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE escalation_step SET fired_at = ?, "
                + "trigger = ?, triggered_by = ? WHERE advisory_id = ? AND step = ?")) {
            update.setTimestamp(1, Timestamp.from(firedAt));
            update.setString(2, trigger);
            update.setString(3, triggeredBy);
            update.setString(4, advisoryId);
            update.setString(5, step);
            update.executeUpdate();
        }
    }

    private static List<Step> steps(PreparedStatement select) throws SQLException {
        List<Step> steps = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                Timestamp fired = rows.getTimestamp(4);
                steps.add(new Step(
                        rows.getString(1),
                        rows.getString(2),
                        rows.getTimestamp(3).toInstant(),
                        fired == null ? null : fired.toInstant(),
                        rows.getString(5),
                        rows.getString(6)));
            }
        }
        return steps;
    }

    /**
     * The targeted practices that are neither done (acknowledged and every credential confirmed) nor excluded, in
     * practice id order.
     */
    List<Outstanding> outstanding(Connection connection, String advisoryId) throws SQLException {
        List<Outstanding> outstanding = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT t.practice_id,
                       EXISTS (SELECT 1 FROM confirmed_acknowledgement a
                                WHERE a.advisory_id = t.advisory_id AND a.practice_id = t.practice_id),
                       ARRAY(SELECT required.credential_id
                               FROM unnest(e.credentials) WITH ORDINALITY AS required(credential_id, n)
                              WHERE NOT EXISTS (SELECT 1 FROM confirmed_credential c
                                                 WHERE c.advisory_id = t.advisory_id
                                                   AND c.practice_id = t.practice_id
                                                   AND c.credential_id = required.credential_id)
                              ORDER BY required.n)
                  FROM escalation_target t JOIN escalation e ON e.advisory_id = t.advisory_id
                 WHERE t.advisory_id = ?
                   AND NOT EXISTS (SELECT 1 FROM escalation_exclusion x
                                    WHERE x.advisory_id = t.advisory_id AND x.practice_id = t.practice_id)
                 ORDER BY t.practice_id""")) {
            select.setString(1, advisoryId);
            select.setFetchSize(2_000);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Outstanding practice = new Outstanding(rows.getString(1), rows.getBoolean(2), List.of((String[])
                            rows.getArray(3).getArray()));
                    if (!practice.done()) {
                        outstanding.add(practice);
                    }
                }
            }
        }
        return outstanding;
    }

    /** Whether the practice is done with the advisory or was excluded from its escalation. */
    boolean settled(Connection connection, String advisoryId, String practiceId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT EXISTS (SELECT 1 FROM practice_confirmed_everything
                                WHERE advisory_id = ? AND practice_id = ?)
                    OR EXISTS (SELECT 1 FROM escalation_exclusion WHERE advisory_id = ? AND practice_id = ?)""")) {
            select.setString(1, advisoryId);
            select.setString(2, practiceId);
            select.setString(3, advisoryId);
            select.setString(4, practiceId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    /**
     * The practices whose email for this advisory failed for good: the email worker gave up, or a bounce came
     * back (and was answered by a letter). They get letters, not reminder emails.
     */
    Set<String> emailFailed(Connection connection, String advisoryId) throws SQLException {
        Set<String> failed = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT practice_id FROM email_delivery WHERE advisory_id = ? AND status = 'FAILED'
                UNION SELECT practice_id FROM escalation_sent WHERE advisory_id = ? AND step = 'bounce'""")) {
            select.setString(1, advisoryId);
            select.setString(2, advisoryId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    failed.add(rows.getString(1));
                }
            }
        }
        return failed;
    }

    /** The contact a mail was sent to ({@code email_delivery.contact_id}), or {@code null}. */
    String contactOf(Connection connection, UUID notificationId) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT contact_id FROM email_delivery WHERE notification_id = ?")) {
            select.setObject(1, notificationId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    /** Records that a step sent a notification to a practice; false when it had (the step never repeats). */
    boolean markSent(
            Connection connection, String advisoryId, String practiceId, String step, UUID notificationId, Instant at)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO escalation_sent (advisory_id, "
                + "practice_id, step, notification_id, sent_at) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT ON CONSTRAINT escalation_once_per_practice_and_step DO NOTHING")) {
            insert.setString(1, advisoryId);
            insert.setString(2, practiceId);
            insert.setString(3, step);
            insert.setObject(4, notificationId);
            insert.setTimestamp(5, Timestamp.from(at));
            return insert.executeUpdate() == 1;
        }
    }

    long count(Connection connection, String sql, String advisoryId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, advisoryId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    long targets(Connection connection, String advisoryId) throws SQLException {
        return count(connection, "SELECT count(*) FROM escalation_target WHERE advisory_id = ?", advisoryId);
    }

    long confirmed(Connection connection, String advisoryId) throws SQLException {
        return count(connection, """
                SELECT count(*) FROM practice_confirmed_everything p
                 WHERE p.advisory_id = ? AND EXISTS (SELECT 1 FROM escalation_target t
                                                     WHERE t.advisory_id = p.advisory_id
                                                       AND t.practice_id = p.practice_id)""", advisoryId);
    }

    long excluded(Connection connection, String advisoryId) throws SQLException {
        return count(connection, "SELECT count(*) FROM escalation_exclusion WHERE advisory_id = ?", advisoryId);
    }

    long sent(Connection connection, String advisoryId, String step) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT count(*) FROM escalation_sent WHERE advisory_id = ? AND step = ?")) {
            select.setString(1, advisoryId);
            select.setString(2, step);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    boolean isTarget(Connection connection, String advisoryId, String practiceId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM escalation_target WHERE advisory_id = ? AND practice_id = ?")) {
            select.setString(1, advisoryId);
            select.setString(2, practiceId);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    /** Excludes a practice; false when it was excluded before (the first reason stands). */
    boolean exclude(Connection connection, String advisoryId, String practiceId, String reason, String user, Instant at)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO escalation_exclusion (advisory_id, "
                + "practice_id, reason, excluded_by, excluded_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, advisoryId);
            insert.setString(2, practiceId);
            insert.setString(3, reason);
            insert.setString(4, user);
            insert.setTimestamp(5, Timestamp.from(at));
            return insert.executeUpdate() == 1;
        }
    }

    void saveFinalList(Connection connection, String advisoryId, List<FinalListRow> rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO escalation_final_list (advisory_id, "
                + "practice_id, practice_name, acknowledged, missing, partners) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING")) {
            for (FinalListRow row : rows) {
                insert.setString(1, advisoryId);
                insert.setString(2, row.practiceId());
                insert.setString(3, row.practiceName());
                insert.setBoolean(4, row.acknowledged());
                insert.setArray(
                        5, connection.createArrayOf("text", row.missing().toArray()));
                insert.setArray(
                        6,
                        connection.createArrayOf(
                                "text", (row.partners() == null ? List.of() : row.partners()).toArray()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    List<FinalListRow> finalList(Connection connection, String advisoryId) throws SQLException {
        List<FinalListRow> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT practice_id, practice_name, acknowledged, "
                + "missing, partners FROM escalation_final_list WHERE advisory_id = ? ORDER BY practice_id")) {
            select.setString(1, advisoryId);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    java.sql.Array partners = result.getArray(5);
                    rows.add(new FinalListRow(
                            result.getString(1),
                            result.getString(2),
                            result.getBoolean(3),
                            List.of((String[]) result.getArray(4).getArray()),
                            partners == null ? null : List.of((String[]) partners.getArray())));
                }
            }
        }
        return rows;
    }

    /** Records that an IT service partner declined a practice's credential; a repeated event changes nothing. */
    void declined(Connection connection, PartnerResponsibilityDeclined declined) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO partner_declined (advisory_id, practice_id, credential_id, partner_id, submitted_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            insert.setString(1, declined.advisoryId());
            insert.setString(2, declined.practiceId());
            insert.setString(3, declined.credentialId());
            insert.setString(4, declined.partnerId());
            insert.setTimestamp(5, Timestamp.from(declined.submittedAt()));
            insert.executeUpdate();
        }
    }

    /**
     * What IT service partners declined for an advisory: by practice, the pairs {@code partnerId + "\u0000" +
     * credentialId} (as {@link dev.breachnotify.notifier.fanout.PartnerNotices} reads them).
     */
    Map<String, Set<String>> declinedByPractice(Connection connection, String advisoryId) throws SQLException {
        Map<String, Set<String>> declined = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT practice_id, partner_id, credential_id FROM partner_declined WHERE advisory_id = ?")) {
            select.setString(1, advisoryId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    declined.computeIfAbsent(rows.getString(1), id -> new HashSet<>())
                            .add(rows.getString(2) + "\u0000" + rows.getString(3));
                }
            }
        }
        return declined;
    }

    /** Applies an acknowledgement from ack-service's events; the earliest stands. */
    void acknowledged(Connection connection, AcknowledgementRecorded acknowledgement) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO confirmed_acknowledgement (advisory_id, practice_id, submitted_at) VALUES (?, ?, ?)
                ON CONFLICT (advisory_id, practice_id) DO UPDATE SET submitted_at = EXCLUDED.submitted_at
                 WHERE confirmed_acknowledgement.submitted_at > EXCLUDED.submitted_at""")) {
            upsert.setString(1, acknowledgement.advisoryId());
            upsert.setString(2, acknowledgement.practiceId());
            upsert.setTimestamp(3, Timestamp.from(acknowledgement.submittedAt()));
            upsert.executeUpdate();
        }
    }

    /** Applies a credential confirmation from ack-service's events; the latest per credential wins. */
    void confirmed(Connection connection, CredentialRotationConfirmed confirmation) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO confirmed_credential (advisory_id, practice_id, credential_id, status, submitted_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (advisory_id, practice_id, credential_id) DO UPDATE
                   SET status = EXCLUDED.status, submitted_at = EXCLUDED.submitted_at
                 WHERE confirmed_credential.submitted_at <= EXCLUDED.submitted_at""")) {
            upsert.setString(1, confirmation.advisoryId());
            upsert.setString(2, confirmation.practiceId());
            upsert.setString(3, confirmation.credentialId());
            upsert.setString(4, confirmation.status().name());
            upsert.setTimestamp(5, Timestamp.from(confirmation.submittedAt()));
            upsert.executeUpdate();
        }
    }
}
