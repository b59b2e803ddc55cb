package dev.breachnotify.audit.log;

import dev.breachnotify.audit.db.CopyRows;
import dev.breachnotify.audit.tree.MerkleStore;
import dev.breachnotify.verifier.MerkleFrontier;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the audit log. Appends a batch of records in one database transaction, together with the
 * consumer position that accounts for them, so that each record counts exactly once:
 * <ol>
 *   <li>a transaction-scoped advisory lock makes writers (instances, rebalances overlapping) take turns;</li>
 *   <li>records below the stored position of their partition were appended before and are skipped, whatever
 *       the consumer was handed (a zombie's batch, a reset to the beginning);</li>
 *   <li>an event whose id is in the log already (a producer's retry) is skipped;</li>
 *   <li>each remaining event gets the next index; a record that is not a readable event goes to
 *       {@code audit_rejects};</li>
 *   <li>the new leaves and the Merkle subtrees they complete go to {@code audit_merkle_node} (see
 *       {@link MerkleStore}), so that the tree is never behind the log;</li>
 *   <li>the positions move past every record of the batch, appended, skipped or rejected.</li>
 * </ol>
 * If anything fails, the transaction rolls back: no entry, no reject, no position, and the batch is read again.
 */
@Singleton
public class AuditLogAppender {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLogAppender.class);
    /** The advisory lock of the audit log's writer ("auditLog"). */
    public static final long WRITER_LOCK = 0x61756469744c6f67L;

    private static final String ENTRY_COLUMNS = "idx, event_id, type, schema_version, occurred_at, recorded_at, "
            + "advisory_id, practice_id, producer, topic, kafka_partition, kafka_offset, canonical_json, leaf_hash";
    private static final String INSERT_REJECT = """
            INSERT INTO audit_rejects (topic, kafka_partition, kafka_offset, record_key, reason, raw_base64,
                                       rejected_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";
    private static final String UPSERT_POSITION = """
            INSERT INTO audit_consumer_position (topic, kafka_partition, next_offset, updated_at)
            VALUES (?, ?, ?, ?)
            ON CONFLICT (topic, kafka_partition) DO UPDATE
                SET next_offset = GREATEST(audit_consumer_position.next_offset, EXCLUDED.next_offset),
                    updated_at = EXCLUDED.updated_at""";

    /** Records decoded and sent to PostgreSQL at a time, within one batch's {@code COPY}. */
    private static final int CHUNK = 250;
    /** SQLSTATE of a unique constraint's refusal. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final TransactionOperations<Connection> transactions;
    private final Clock clock;

    public AuditLogAppender(TransactionOperations<Connection> transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Appends a batch (in the order given) and moves the positions past it, in one transaction. */
    public AppendResult append(List<ConsumerRecord<String, byte[]>> records) {
        if (records.isEmpty()) {
            return AppendResult.EMPTY;
        }
        AppendResult result = transactions.executeWrite(status -> append(status.getConnection(), records));
        for (IncomingRecord.Rejected rejected : result.rejected()) {
            LOG.warn(
                    "Rejected record {}-{} at offset {}: {} (kept in audit_rejects)",
                    rejected.topic(),
                    rejected.partition(),
                    rejected.offset(),
                    rejected.reasonForLog());
        }
        if (result.appended() > 0 || result.duplicates() > 0) {
            LOG.debug(
                    "Appended {} entries up to index {}; skipped {} duplicates, {} already appended",
                    result.appended(),
                    result.lastIndex(),
                    result.duplicates(),
                    result.alreadyAppended());
        }
        return result;
    }

    /**
     * The stored next offset of each given partition that has one. Partitions without are new to the log.
     */
    public Map<TopicPartition, Long> positions(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> all = transactions.executeRead(status -> positions(status.getConnection()));
        Map<TopicPartition, Long> wanted = new HashMap<>();
        for (TopicPartition partition : partitions) {
            Long next = all.get(partition);
            if (next != null) {
                wanted.put(partition, next);
            }
        }
        return wanted;
    }

    private AppendResult append(Connection connection, List<ConsumerRecord<String, byte[]>> records)
            throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, WRITER_LOCK);
            lock.execute();
        }
        Map<TopicPartition, Long> stored = positions(connection);
        List<ConsumerRecord<String, byte[]>> fresh = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (record.offset() >= stored.getOrDefault(partition, 0L)) {
                fresh.add(record);
            }
        }
        int alreadyAppended = records.size() - fresh.size();
        Head head = head(connection);
        if (fresh.isEmpty()) {
            return new AppendResult(0, 0, alreadyAppended, List.of(), head.nextIndex() - 1);
        }
        // Optimistic: a batch rarely repeats a logged event (a producer's retry), so it is written without looking
        // its ids up first. If one is logged already, the unique event id refuses the write: back to the savepoint,
        // look the batch's ids up and write it again without them.
        Savepoint beforeWrite = connection.setSavepoint();
        try {
            AppendResult result = write(connection, fresh, alreadyAppended, head, new HashMap<>());
            connection.releaseSavepoint(beforeWrite);
            return result;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback(beforeWrite);
            List<IncomingRecord> decoded =
                    fresh.parallelStream().map(IncomingRecord::read).toList();
            return write(connection, fresh, alreadyAppended, head, loggedLeafHashes(connection, decoded));
        }
    }

    /**
     * Writes the fresh records after the log's head, skipping the events whose ids are in {@code logged} (and
     * repeats within the batch), and moves the positions past them.
     *
     * <p>The entries go to PostgreSQL with one {@code COPY}, sent a chunk at a time: while the database inserts
     * one chunk, the next is decoded (canonical form and leaf hash, on every core) and formatted.
     */
    private AppendResult write(
            Connection connection,
            List<ConsumerRecord<String, byte[]>> fresh,
            int alreadyAppended,
            Head head,
            Map<UUID, byte[]> logged)
            throws SQLException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // PostgreSQL keeps microseconds
        OffsetDateTime recordedAt = utc(
                head.lastRecordedAt() != null && head.lastRecordedAt().isAfter(now)
                        ? head.lastRecordedAt()
                        : now); // never before the last entry, even if the clock steps back

        long nextIndex = head.nextIndex();
        int duplicates = 0;
        List<IncomingRecord.Rejected> rejected = new ArrayList<>();
        Map<TopicPartition, Long> nextOffsets = new HashMap<>();
        MerkleFrontier tree = treeAt(connection, head.nextIndex());
        CopyRows entries = new CopyRows("audit_log", ENTRY_COLUMNS);
        MerkleStore.NodeWriter nodes = new MerkleStore.NodeWriter(connection);
        try {
            for (int from = 0; from < fresh.size(); from += CHUNK) {
                List<IncomingRecord> chunk = fresh.subList(from, Math.min(fresh.size(), from + CHUNK)).parallelStream()
                        .map(IncomingRecord::read)
                        .toList();
                for (IncomingRecord record : chunk) {
                    nextOffsets.merge(record.topicPartition(), record.offset() + 1, Math::max);
                    if (record instanceof IncomingRecord.Event event) {
                        byte[] first = logged.putIfAbsent(event.eventId(), event.leafHash());
                        if (first != null) {
                            duplicates++;
                            logDuplicate(event, first);
                            continue;
                        }
                        nodes.leaf(nextIndex, event.leafHash());
                        tree.append(event.leafHash(), nodes);
                        addEntry(entries, nextIndex++, event, recordedAt);
                    } else if (record instanceof IncomingRecord.Rejected reject) {
                        rejected.add(reject);
                    }
                }
                entries.send(connection);
            }
            entries.finish();
        } finally {
            entries.abort();
        }
        if (!rejected.isEmpty()) {
            try (PreparedStatement rejects = connection.prepareStatement(INSERT_REJECT)) {
                for (IncomingRecord.Rejected reject : rejected) {
                    addReject(rejects, reject, recordedAt);
                }
                rejects.executeBatch();
            }
        }
        nodes.flush();
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_POSITION)) {
            for (Map.Entry<TopicPartition, Long> next : nextOffsets.entrySet()) {
                upsert.setString(1, next.getKey().topic());
                upsert.setInt(2, next.getKey().partition());
                upsert.setLong(3, next.getValue());
                upsert.setObject(4, recordedAt);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
        long appended = nextIndex - head.nextIndex();
        return new AppendResult(
                (int) appended,
                duplicates,
                alreadyAppended,
                List.copyOf(rejected),
                appended > 0 ? nextIndex - 1 : head.nextIndex() - 1);
    }

    /** The tree's right edge at {@code size}; rebuilds the stored subtrees once if the log predates them. */
    private static MerkleFrontier treeAt(Connection connection, long size) throws SQLException {
        try {
            return MerkleStore.frontier(connection, size);
        } catch (MerkleStore.MissingNodeException e) {
            LOG.warn("The Merkle tree is behind the log ({}); rebuilding it from the {} entries", e.getMessage(), size);
            long inserted = MerkleStore.backfill(connection);
            LOG.warn("Rebuilt {} Merkle subtrees", inserted);
            return MerkleStore.frontier(connection, size);
        }
    }

    private static void addEntry(CopyRows rows, long index, IncomingRecord.Event event, OffsetDateTime recordedAt) {
        rows.int64(index)
                .uuid(event.eventId())
                .text(event.type())
                .int32(event.schemaVersion())
                .timestamp(event.occurredAt())
                .timestamp(recordedAt.toInstant())
                .text(event.advisoryId())
                .text(event.practiceId())
                .text(event.producer())
                .text(event.topic())
                .int32(event.partition())
                .int64(event.offset())
                .text(event.canonicalJson())
                .bytes(event.leafHash())
                .endRow();
    }

    private static void addReject(PreparedStatement insert, IncomingRecord.Rejected reject, OffsetDateTime at)
            throws SQLException {
        insert.setString(1, reject.topic());
        insert.setInt(2, reject.partition());
        insert.setLong(3, reject.offset());
        insert.setString(4, reject.key());
        insert.setString(5, reject.reason());
        insert.setString(6, reject.rawBase64());
        insert.setObject(7, at);
        insert.addBatch();
    }

    private static Map<TopicPartition, Long> positions(Connection connection) throws SQLException {
        Map<TopicPartition, Long> positions = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT topic, kafka_partition, next_offset FROM audit_consumer_position");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                positions.put(new TopicPartition(rows.getString(1), rows.getInt(2)), rows.getLong(3));
            }
        }
        return positions;
    }

    private static Head head(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT idx, recorded_at FROM audit_log ORDER BY idx DESC LIMIT 1");
                ResultSet row = select.executeQuery()) {
            return row.next()
                    ? new Head(
                            row.getLong(1) + 1,
                            row.getObject(2, OffsetDateTime.class).toInstant())
                    : new Head(0, null);
        }
    }

    /** The leaf hashes of the events among {@code records} whose ids are in the log already. */
    private static Map<UUID, byte[]> loggedLeafHashes(Connection connection, List<IncomingRecord> records)
            throws SQLException {
        UUID[] ids = records.stream()
                .filter(IncomingRecord.Event.class::isInstance)
                .map(record -> ((IncomingRecord.Event) record).eventId())
                .toArray(UUID[]::new);
        Map<UUID, byte[]> logged = new HashMap<>();
        if (ids.length == 0) {
            return logged;
        }
        try (PreparedStatement select =
                connection.prepareStatement("SELECT event_id, leaf_hash FROM audit_log WHERE event_id = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("uuid", ids));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    logged.put(rows.getObject(1, UUID.class), rows.getBytes(2));
                }
            }
        }
        return logged;
    }

    private static void logDuplicate(IncomingRecord.Event event, byte[] firstLeafHash) {
        if (Arrays.equals(firstLeafHash, event.leafHash())) {
            LOG.debug(
                    "Skipped a repeat of event {} at {}-{} offset {}",
                    event.eventId(),
                    event.topic(),
                    event.partition(),
                    event.offset());
        } else {
            // Expected when a producer retries with a deterministic id but a new occurredAt; the first one counts.
            LOG.info(
                    "Skipped event {} at {}-{} offset {}: its id is logged already, with other content",
                    event.eventId(),
                    event.topic(),
                    event.partition(),
                    event.offset());
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private record Head(long nextIndex, Instant lastRecordedAt) {}

    /**
     * What one batch did.
     *
     * @param appended        new entries
     * @param duplicates      events skipped because their id was logged already
     * @param alreadyAppended records below the stored position (appended or rejected by an earlier batch)
     * @param rejected        records stored in {@code audit_rejects}
     * @param lastIndex       the index of the last entry of the log after the batch, -1 if the log is empty
     */
    public record AppendResult(
            int appended, int duplicates, int alreadyAppended, List<IncomingRecord.Rejected> rejected, long lastIndex) {
        static final AppendResult EMPTY = new AppendResult(0, 0, 0, List.of(), -1);
    }
}
