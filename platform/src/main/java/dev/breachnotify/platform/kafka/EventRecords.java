package dev.breachnotify.platform.kafka;

import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/** The Kafka record of an event: its topic, its key, the JSON envelope, and type headers for routing. */
public final class EventRecords {

    public static final String TYPE_HEADER = "bn-event-type";
    public static final String EVENT_ID_HEADER = "bn-event-id";
    /**
     * The channel of a {@code notification.requested} record as the fan-out writes it ({@code EMAIL},
     * {@code LETTER}), so that a consumer of one channel can pass over the other's records without decoding them.
     * Optional: a record without it is decoded.
     */
    public static final String CHANNEL_HEADER = "bn-channel";

    private EventRecords() {}

    public static ProducerRecord<String, byte[]> toRecord(EventEnvelope<?> event) {
        return toRecord(
                event.topic().topicName(),
                event.key(),
                EventCodec.encode(event),
                event.type(),
                event.eventId().toString());
    }

    /** The record of an already encoded event (e.g. from an outbox table). */
    public static ProducerRecord<String, byte[]> toRecord(
            String topic, String key, byte[] encodedEvent, String type, String eventId) {
        return new ProducerRecord<>(
                topic,
                null,
                key,
                encodedEvent,
                List.of(
                        new RecordHeader(TYPE_HEADER, type.getBytes(StandardCharsets.UTF_8)),
                        new RecordHeader(EVENT_ID_HEADER, eventId.getBytes(StandardCharsets.UTF_8))));
    }
}
