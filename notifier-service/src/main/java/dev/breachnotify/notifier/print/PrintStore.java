package dev.breachnotify.notifier.print;

import dev.breachnotify.events.AdvisoryRetracted;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.notifier.lifecycle.PrintedBatches;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** SQL for letters and print batches. Every method works inside the caller's transaction. */
@Singleton
public class PrintStore implements PrintedBatches {

    /** A letter as the batcher and the dispatch report see it. */
    /**
     * A letter of the queue.
     *
     * @param contactId the practice's contact it is for the attention of (with their code), or {@code null}
     */
    public record Letter(
            UUID notificationId, String advisoryId, String practiceId, String step, String status, String contactId) {

        public Letter(UUID notificationId, String advisoryId, String practiceId, String step, String status) {
            this(notificationId, advisoryId, practiceId, step, status, null);
        }
    }

    /** How many letters wait, and since when the oldest. */
    record Queue(long count, Instant oldest) {}

    /** Queues LETTER notifications; a notification already known is left as it was. Returns how many were new. */
    int queue(Connection connection, Collection<NotificationRequested> letters, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO letter (notification_id, advisory_id, "
                + "practice_id, step, status, queued_at, contact_id) VALUES (?, ?, ?, ?, 'QUEUED', ?, ?) "
                + "ON CONFLICT (notification_id) DO NOTHING")) {
            for (NotificationRequested letter : letters) {
                insert.setObject(1, letter.notificationId());
                insert.setString(2, letter.advisoryId());
                insert.setString(3, letter.practiceId());
                insert.setString(4, letter.step() == null ? "initial" : letter.step());
                insert.setTimestamp(5, Timestamp.from(now));
                insert.setString(6, letter.contactId());
                insert.addBatch();
            }
            int added = 0;
            for (int count : insert.executeBatch()) {
                added += Math.max(count, 0);
            }
            return added;
        }
    }

    /**
     * Marks queued letters of a later step as skipped when their practice has confirmed everything or was
     * excluded meanwhile: the chain stops for a practice as soon as it is done.
     */
    int skipSettled(Connection connection) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE letter l SET status = 'SKIPPED', detail = 'confirmed or excluded before printing'
                 WHERE l.status = 'QUEUED' AND l.step <> 'initial'
                   AND (EXISTS (SELECT 1 FROM practice_confirmed_everything p
                                 WHERE p.advisory_id = l.advisory_id AND p.practice_id = l.practice_id)
                        OR EXISTS (SELECT 1 FROM escalation_exclusion e
                                    WHERE e.advisory_id = l.advisory_id AND e.practice_id = l.practice_id))""")) {
            return update.executeUpdate();
        }
    }

    /** The queue, without the letters of the advisories on hold. */
    Queue queue(Connection connection, Collection<String> onHold) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT count(*), min(queued_at) FROM letter "
                + "WHERE status = 'QUEUED' AND advisory_id <> ALL (?)")) {
            select.setArray(1, connection.createArrayOf("text", onHold.toArray()));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                Timestamp oldest = row.getTimestamp(2);
                return new Queue(row.getLong(1), oldest == null ? null : oldest.toInstant());
            }
        }
    }

    /** The advisories that have queued letters. */
    List<String> queuedAdvisories(Connection connection) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement select =
                        connection.prepareStatement("SELECT DISTINCT advisory_id FROM letter WHERE status = 'QUEUED'");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    /** Cancels the queued letters of these advisories (withdrawn or closed): they are never printed. */
    int cancelQueued(Connection connection, Collection<String> advisoryIds, String detail) throws SQLException {
        if (advisoryIds.isEmpty()) {
            return 0;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE letter SET status = 'CANCELLED', "
                + "detail = ? WHERE status = 'QUEUED' AND advisory_id = ANY (?)")) {
            update.setString(1, detail);
            update.setArray(2, connection.createArrayOf("text", advisoryIds.toArray()));
            return update.executeUpdate();
        }
    }

    /** Takes letters out of their batch: held ones go back to the queue, cancelled ones are never printed. */
    void takeOut(Connection connection, Collection<UUID> held, Map<UUID, String> cancelled) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE letter SET status = 'QUEUED', "
                + "batch_id = NULL, batch_position = NULL WHERE notification_id = ?")) {
            for (UUID id : held) {
                update.setObject(1, id);
                update.addBatch();
            }
            update.executeBatch();
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE letter SET status = 'CANCELLED', " + "detail = ? WHERE notification_id = ?")) {
            for (Map.Entry<UUID, String> letter : cancelled.entrySet()) {
                update.setString(1, letter.getValue());
                update.setObject(2, letter.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** A claimed batch left with no letter to print: it is never handed over. */
    void cancelBatch(Connection connection, String batchId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE print_batch SET status = 'CANCELLED', letters = 0 WHERE batch_id = ?")) {
            update.setString(1, batchId);
            update.executeUpdate();
        }
    }

    @Override
    public List<AdvisoryRetracted.PrintBatch> handedOver(Connection connection, String advisoryId) throws SQLException {
        List<AdvisoryRetracted.PrintBatch> batches = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT b.batch_id, count(*), b.handed_at FROM letter l JOIN print_batch b ON b.batch_id = l.batch_id
                 WHERE l.advisory_id = ? AND b.status = 'HANDED_OVER' AND l.status IN ('HANDED_OVER', 'POSTED')
                 GROUP BY b.batch_id, b.handed_at ORDER BY b.handed_at, b.batch_id""")) {
            select.setString(1, advisoryId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    batches.add(new AdvisoryRetracted.PrintBatch(
                            rows.getString(1),
                            rows.getInt(2),
                            rows.getTimestamp(3).toInstant()));
                }
            }
        }
        return batches;
    }

    /** Puts up to {@code size} queued letters, oldest first, into a new batch; returns how many. */
    int claim(
            Connection connection,
            String batchId,
            int size,
            LocalDate letterDate,
            Instant now,
            Collection<String> onHold)
            throws SQLException {
        int claimed;
        try (PreparedStatement update = connection.prepareStatement("""
                WITH picked AS (SELECT notification_id, queued_at FROM letter WHERE status = 'QUEUED'
                                   AND advisory_id <> ALL (?)
                                 ORDER BY queued_at, notification_id LIMIT ? FOR UPDATE SKIP LOCKED),
                     numbered AS (SELECT notification_id,
                                         row_number() OVER (ORDER BY queued_at, notification_id) AS position
                                    FROM picked)
                UPDATE letter l SET status = 'BATCHED', batch_id = ?, batch_position = n.position
                  FROM numbered n WHERE l.notification_id = n.notification_id""")) {
            update.setArray(1, connection.createArrayOf("text", onHold.toArray()));
            update.setInt(2, size);
            update.setString(3, batchId);
            claimed = update.executeUpdate();
        }
        if (claimed > 0) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO print_batch (batch_id, status, "
                    + "letter_date, letters, created_at) VALUES (?, 'CLAIMED', ?, ?, ?)")) {
                insert.setString(1, batchId);
                insert.setDate(2, Date.valueOf(letterDate));
                insert.setInt(3, claimed);
                insert.setTimestamp(4, Timestamp.from(now));
                insert.executeUpdate();
            }
        }
        return claimed;
    }

    /** Batches claimed but not yet handed over, oldest first. */
    List<String> unfinishedBatches(Connection connection) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT batch_id FROM print_batch WHERE status = 'CLAIMED' ORDER BY created_at, batch_id");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    /** Locks an unfinished batch for this instance; empty when it is done or another instance works on it. */
    Optional<LocalDate> lockUnfinished(Connection connection, String batchId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT letter_date FROM print_batch "
                + "WHERE batch_id = ? AND status = 'CLAIMED' FOR UPDATE SKIP LOCKED")) {
            select.setString(1, batchId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getDate(1).toLocalDate()) : Optional.empty();
            }
        }
    }

    /** The letters of a batch in print order. */
    List<Letter> lettersOf(Connection connection, String batchId) throws SQLException {
        List<Letter> letters = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT notification_id, advisory_id, "
                + "practice_id, step, status, contact_id FROM letter WHERE batch_id = ? ORDER BY batch_position")) {
            select.setString(1, batchId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    letters.add(new Letter(
                            rows.getObject(1, UUID.class),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5),
                            rows.getString(6)));
                }
            }
        }
        return letters;
    }

    /** Records a batch as handed over, with each letter's place in it. */
    void handedOver(
            Connection connection,
            String batchId,
            List<PrintSink.ManifestLine> printed,
            List<UUID> skipped,
            int pages,
            String sink,
            Instant now)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE letter SET status = 'HANDED_OVER', " + "first_page = ?, pages = ? WHERE notification_id = ?")) {
            for (PrintSink.ManifestLine line : printed) {
                update.setInt(1, line.firstPage());
                update.setInt(2, line.pages());
                update.setObject(3, UUID.fromString(line.notificationId()));
                update.addBatch();
            }
            update.executeBatch();
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE letter SET status = 'SKIPPED', "
                + "detail = 'practice not in the directory' WHERE notification_id = ?")) {
            for (UUID id : skipped) {
                update.setObject(1, id);
                update.addBatch();
            }
            update.executeBatch();
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE print_batch SET status = 'HANDED_OVER', "
                + "pages = ?, sink = ?, handed_at = ?, letters = ? WHERE batch_id = ?")) {
            update.setInt(1, pages);
            update.setString(2, sink);
            update.setTimestamp(3, Timestamp.from(now));
            update.setInt(4, printed.size());
            update.setString(5, batchId);
            update.executeUpdate();
        }
    }

    /** The letters of a practice in a batch (normally one), locked for the dispatch report. */
    List<Letter> lettersIn(Connection connection, String batchId, String practiceId) throws SQLException {
        List<Letter> letters = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT notification_id, advisory_id, "
                + "practice_id, step, status FROM letter WHERE batch_id = ? AND practice_id = ? FOR UPDATE")) {
            select.setString(1, batchId);
            select.setString(2, practiceId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    letters.add(new Letter(
                            rows.getObject(1, UUID.class),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5)));
                }
            }
        }
        return letters;
    }

    boolean batchExists(Connection connection, String batchId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM print_batch WHERE batch_id = ?")) {
            select.setString(1, batchId);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    void posted(Connection connection, UUID notificationId, LocalDate postedOn) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE letter SET status = 'POSTED', posted_on = ? WHERE notification_id = ?")) {
            update.setDate(1, Date.valueOf(postedOn));
            update.setObject(2, notificationId);
            update.executeUpdate();
        }
    }

    /** Letters by status, for the status endpoint. */
    java.util.Map<String, Long> countsByStatus(Connection connection, String advisoryId) throws SQLException {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT status, count(*) FROM letter " + "WHERE (? IS NULL OR advisory_id = ?) GROUP BY status")) {
            select.setString(1, advisoryId);
            select.setString(2, advisoryId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return counts;
    }
}
