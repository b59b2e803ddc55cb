package dev.breachnotify.audit.log;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A Kafka record as the audit log sees it: an {@link Event} to append, or a {@link Rejected} record that cannot be
 * read. Pure: no database, so the decisions are unit-tested.
 */
public sealed interface IncomingRecord permits IncomingRecord.Event, IncomingRecord.Rejected {

    /** Longest reason stored for a rejected record. */
    int MAX_REASON_LENGTH = 1000;
    /** Longest advisory or practice id the log indexes (a B-tree entry must fit in a third of a page). */
    int MAX_ID_LENGTH = 256;
    /**
     * The {@code occurred_at} range the log accepts, years 1 to 9999: Java parses instants PostgreSQL cannot
     * store, and four-digit years are what ISO-8601 readers of the export expect.
     */
    Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    /** See {@link #EARLIEST}; exclusive. */
    Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

    String topic();

    int partition();

    long offset();

    default TopicPartition topicPartition() {
        return new TopicPartition(topic(), partition());
    }

    /**
     * Reads a record. It is an {@link Event} when {@link EventCodec} reads it and {@link CanonicalJson} can carry
     * it unchanged; otherwise {@link Rejected} with the reason.
     */
    static IncomingRecord read(ConsumerRecord<String, byte[]> record) {
        byte[] value = record.value();
        if (value == null) {
            return Rejected.of(record, "record has no value (tombstone)");
        }
        try {
            JsonNode json = CanonicalJson.parse(value);
            // Decoding proves the record is an event this build understands; the log keeps the record as written.
            EventEnvelope<EventPayload> envelope = EventCodec.decode(json);
            String canonical = CanonicalJson.write(json);
            String unstorable = unstorable(envelope);
            if (unstorable != null) {
                return Rejected.of(record, unstorable);
            }
            return new Event(
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    envelope.eventId(),
                    envelope.type(),
                    json.get("schemaVersion").asInt(),
                    envelope.occurredAt(),
                    envelope.correlationId(),
                    envelope.payload().practiceId(),
                    envelope.producer(),
                    canonical,
                    LeafHash.of(canonical));
        } catch (IllegalArgumentException e) {
            // EventCodec.MalformedEventException, EventType.UnknownEventTypeException (not a Malformed one)
            // and CanonicalJson.NotCanonicalException: all say "this record is not a readable event".
            return Rejected.of(record, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /**
     * Why PostgreSQL could not store the event's columns, or {@code null}. A record that fails here would fail its
     * batch forever, so it is rejected instead (with its raw bytes) and the log moves on.
     */
    private static String unstorable(EventEnvelope<EventPayload> envelope) {
        String[][] texts = {
            {"correlationId", envelope.correlationId()},
            {"payload.practiceId", envelope.payload().practiceId()},
            {"producer", envelope.producer()}
        };
        for (String[] text : texts) {
            if (text[1] != null && text[1].indexOf('\0') >= 0) {
                return text[0] + " contains U+0000, which PostgreSQL text cannot hold";
            }
        }
        for (String[] id : new String[][] {texts[0], texts[1]}) {
            if (id[1] != null && id[1].length() > MAX_ID_LENGTH) {
                return id[0] + " is longer than " + MAX_ID_LENGTH + " characters";
            }
        }
        if (envelope.occurredAt().isBefore(EARLIEST) || !envelope.occurredAt().isBefore(LATEST)) {
            return "occurredAt is outside years 1 to 9999";
        }
        return null;
    }

    /**
     * An event to append.
     *
     * @param schemaVersion the schema version as written by the producer (not upcast), as in the canonical JSON
     * @param advisoryId    the envelope's correlation id
     * @param practiceId    the payload's practice id
     * @param canonicalJson the record's value in {@link CanonicalJson} form
     * @param leafHash      {@link LeafHash#of(String)} of the canonical JSON
     */
    record Event(
            String topic,
            int partition,
            long offset,
            UUID eventId,
            String type,
            int schemaVersion,
            Instant occurredAt,
            String advisoryId,
            String practiceId,
            String producer,
            String canonicalJson,
            byte[] leafHash)
            implements IncomingRecord {

        public Event {
            Objects.requireNonNull(eventId, "eventId");
            leafHash = leafHash.clone();
        }

        @Override
        public byte[] leafHash() {
            return leafHash.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Event that
                    && topic.equals(that.topic)
                    && partition == that.partition
                    && offset == that.offset
                    && canonicalJson.equals(that.canonicalJson);
        }

        @Override
        public int hashCode() {
            return Objects.hash(topic, partition, offset, canonicalJson);
        }

        @Override
        public String toString() { // no content: events carry personal data
            return "Event[" + type + ' ' + eventId + " at " + topic + '-' + partition + '@' + offset + ']';
        }
    }

    /**
     * A record that is not a readable event, kept with its raw bytes.
     *
     * @param key       the record key, or {@code null}
     * @param reason    why it was rejected (may quote content: store it, don't log it; see {@link #reasonForLog()})
     * @param rawBase64 the record value in base64, or {@code null} for a tombstone
     */
    record Rejected(String topic, int partition, long offset, String key, String reason, String rawBase64)
            implements IncomingRecord {

        private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");

        static Rejected of(ConsumerRecord<String, byte[]> record, String reason) {
            String bounded = reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
            return new Rejected(
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    storable(record.key()),
                    storable(bounded),
                    record.value() == null ? null : Base64.getEncoder().encodeToString(record.value()));
        }

        /** Text PostgreSQL can hold: U+0000 becomes U+FFFD (the raw value is kept in base64 anyway). */
        private static String storable(String text) {
            return text == null ? null : text.replace('\0', '\uFFFD');
        }

        /**
         * The reason without what it quotes from the record (Jackson and the codec quote tokens and values, which
         * may be personal data): quoted text becomes {@code '…'}, and only the first line is kept.
         */
        public String reasonForLog() {
            String firstLine = reason.lines().findFirst().orElse("");
            return QUOTED.matcher(firstLine).replaceAll("'…'");
        }

        /** The raw bytes, or {@code null} for a tombstone. */
        public byte[] raw() {
            return rawBase64 == null ? null : Base64.getDecoder().decode(rawBase64);
        }

        @Override
        public String toString() {
            return "Rejected[" + topic + '-' + partition + '@' + offset + ": " + reasonForLog() + ']';
        }
    }
}
