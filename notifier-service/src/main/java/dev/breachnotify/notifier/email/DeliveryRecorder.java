package dev.breachnotify.notifier.email;

import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.notifier.outbox.OutboxWriter;
import dev.breachnotify.platform.kafka.EventFactory;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Records what became of mails, for the worker and the retrier alike: the delivery rows (sent, failed) or retry
 * rows (deferred) and their events through the outbox, in the caller's transaction.
 */
@Singleton
public class DeliveryRecorder {

    private final DeliveryStore deliveries;
    private final OutboxWriter outbox;
    private final EventFactory events;
    private final Clock clock;

    public DeliveryRecorder(DeliveryStore deliveries, OutboxWriter outbox, EventFactory events, Clock clock) {
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.events = events;
        this.clock = clock;
    }

    void record(Connection connection, List<Delivery> done) throws SQLException {
        List<EventEnvelope<?>> outcomes = new ArrayList<>();
        done.forEach(delivery -> delivery.events().forEach(payload -> outcomes.add(events.wrap(payload))));
        deliveries.recordAll(connection, done, clock.instant());
        outbox.append(connection, outcomes);
    }
}
