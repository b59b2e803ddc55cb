package dev.breachnotify.notifier.outbox;

import dev.breachnotify.platform.kafka.EventPublisher;
import dev.breachnotify.platform.kafka.EventRecords;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays outbox rows to Kafka in id order and deletes them once Kafka acknowledged them (at least once:
 * a crash between the acknowledgement and the delete re-sends, and readers deduplicate on the event id).
 * A PostgreSQL advisory lock makes one instance at a time the relay, which keeps each key's events in order.
 */
@Singleton
public class OutboxRelay {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final long LOCK_ID = 0x6272656163684eL; // "breachN"

    private final TransactionOperations<Connection> transactions;
    private final EventPublisher publisher;
    private final int batchSize;

    public OutboxRelay(
            TransactionOperations<Connection> transactions,
            EventPublisher publisher,
            @Value("${breachnotify.notifier.outbox.batch-size:2000}") int batchSize) {
        this.transactions = transactions;
        this.publisher = publisher;
        this.batchSize = batchSize;
    }

    @Scheduled(fixedDelay = "${breachnotify.notifier.outbox.poll-interval:100ms}")
    void tick() {
        try {
            while (relayBatch() == batchSize) {
                // a full batch: more is waiting
            }
        } catch (RuntimeException e) {
            LOG.warn("Outbox relay failed, will retry: {}", e.getMessage());
        }
    }

    /** Relays one batch; returns how many rows it relayed. */
    int relayBatch() {
        return transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            if (!tryLock(connection)) {
                return 0;
            }
            List<Long> ids = new ArrayList<>();
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, event_id, event_type, topic, record_key, payload FROM outbox ORDER BY id LIMIT ?")) {
                select.setInt(1, batchSize);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                        records.add(EventRecords.toRecord(
                                rows.getString(4),
                                rows.getString(5),
                                rows.getBytes(6),
                                rows.getString(3),
                                rows.getString(2)));
                    }
                }
            }
            if (ids.isEmpty()) {
                return 0;
            }
            publisher.sendAll(records);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE id = ANY (?)")) {
                delete.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
                delete.executeUpdate();
            }
            return ids.size();
        });
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK_ID);
            try (ResultSet result = lock.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}
