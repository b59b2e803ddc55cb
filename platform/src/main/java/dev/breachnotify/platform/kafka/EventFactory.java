package dev.breachnotify.platform.kafka;

import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.UUID;

/** Wraps payloads in envelopes stamped with this service's name and the {@link Clock}. */
@Singleton
public class EventFactory {

    private final String producer;
    private final Clock clock;

    public EventFactory(@Value("${micronaut.application.name}") String producer, Clock clock) {
        this.producer = producer;
        this.clock = clock;
    }

    public <P extends EventPayload> EventEnvelope<P> wrap(P payload) {
        return EventEnvelope.wrap(payload, producer, clock.instant());
    }

    /** With a deterministic event id, for events that a retry must not duplicate. */
    public <P extends EventPayload> EventEnvelope<P> wrap(UUID eventId, P payload) {
        return EventEnvelope.wrap(eventId, payload, producer, clock.instant());
    }
}
