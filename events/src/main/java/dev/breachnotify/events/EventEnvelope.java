package dev.breachnotify.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The one envelope around every event on every topic.
 *
 * @param eventId       unique id; consumers deduplicate on it (delivery is at least once)
 * @param type          the wire name of the {@link EventType}, e.g. {@code email.sent}
 * @param schemaVersion the payload's schema version; older versions are upcast on read
 * @param occurredAt    when it happened, UTC
 * @param key           the Kafka record key: the practice id for per-practice events (keeps one practice's
 *                      events in order), the advisory id for advisory-wide events
 * @param correlationId the advisory id the event belongs to, or {@code null} (directory events)
 * @param producer      the service that wrote the event
 * @param payload       the typed payload
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventEnvelope<P extends EventPayload>(
        UUID eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String key,
        String correlationId,
        String producer,
        P payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(payload, "payload");
    }

    /** Wraps a payload in a new envelope at its type's current schema version, keyed as its type says. */
    public static <P extends EventPayload> EventEnvelope<P> wrap(P payload, String producer, Instant occurredAt) {
        return wrap(UUID.randomUUID(), payload, producer, occurredAt);
    }

    /** As {@link #wrap(EventPayload, String, Instant)} with a given (e.g. deterministic) event id. */
    public static <P extends EventPayload> EventEnvelope<P> wrap(
            UUID eventId, P payload, String producer, Instant occurredAt) {
        EventType type = EventType.of(payload);
        return new EventEnvelope<>(
                eventId,
                type.wireName(),
                type.currentVersion(),
                occurredAt,
                type.keyOf(payload),
                payload.advisoryId(),
                producer,
                payload);
    }

    /** The type of this event. */
    public EventType eventType() {
        return EventType.fromWireName(type);
    }

    /** The topic this event belongs on. */
    public Topic topic() {
        return eventType().topic();
    }
}
