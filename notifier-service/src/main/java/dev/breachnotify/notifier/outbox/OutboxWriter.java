package dev.breachnotify.notifier.outbox;

import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Writes events into the outbox table inside the caller's transaction, so that an event exists exactly when
 * the state change it describes was committed. {@link OutboxRelay} takes them to Kafka.
 */
@Singleton
public class OutboxWriter {

    /** Appends events, in order, to the outbox within the transaction of {@code connection}. */
    public void append(Connection connection, Collection<? extends EventEnvelope<?>> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO outbox (event_id, event_type, topic, record_key, payload) VALUES (?, ?, ?, ?, ?)")) {
            for (EventEnvelope<?> event : events) {
                insert.setObject(1, event.eventId());
                insert.setString(2, event.type());
                insert.setString(3, event.topic().topicName());
                insert.setString(4, event.key());
                insert.setBytes(5, EventCodec.encode(event));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
