package dev.breachnotify.audit.export;

import dev.breachnotify.events.AuditExported;
import dev.breachnotify.platform.kafka.EventFactory;
import dev.breachnotify.platform.kafka.EventPublisher;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.UUID;

/**
 * Puts every export on the record before it is sent: an {@code audit.exported} event on audit-service's own topic,
 * acknowledged by Kafka, which the log then appends like any other event. If Kafka cannot take it, the export is
 * refused (an export that leaves no trace is what the audit log exists to prevent).
 */
@Singleton
public class ExportRecorder {

    private final EventPublisher publisher;
    private final EventFactory events;
    private final Clock clock;

    public ExportRecorder(EventPublisher publisher, EventFactory events, Clock clock) {
        this.publisher = publisher;
        this.events = events;
        this.clock = clock;
    }

    /** Records an export and returns its id. */
    public UUID record(String user, String format, ExportFilter filter, boolean all, Long checkpointSize) {
        UUID exportId = UUID.randomUUID();
        publisher.publish(events.wrap(new AuditExported(
                exportId,
                user,
                format,
                filter.advisoryId(),
                filter.practiceId(),
                filter.from(),
                filter.to(),
                all,
                checkpointSize,
                clock.instant())));
        return exportId;
    }
}
