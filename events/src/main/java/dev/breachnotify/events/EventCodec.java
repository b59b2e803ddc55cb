package dev.breachnotify.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/**
 * Turns envelopes into Kafka record values and back. Reading tolerates unknown fields and upcasts payloads
 * written at an older schema version; a record that cannot be read raises {@link MalformedEventException}
 * naming what is wrong.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = EventJson.mapper();

    private EventCodec() {}

    /** The JSON bytes of an envelope. */
    public static byte[] encode(EventEnvelope<?> envelope) {
        try {
            return MAPPER.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads an envelope from JSON bytes. */
    public static EventEnvelope<EventPayload> decode(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new MalformedEventException("not JSON: " + e.getMessage(), e);
        }
        return decode(root);
    }

    /** Reads an envelope from a JSON tree. */
    public static EventEnvelope<EventPayload> decode(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new MalformedEventException("event is not a JSON object");
        }
        EventType type = EventType.fromWireName(required(root, "type").asText());
        int version = required(root, "schemaVersion").asInt();
        if (version < 1 || version > type.currentVersion()) {
            throw new MalformedEventException(type.wireName() + ": unsupported schemaVersion " + version
                    + " (this build reads 1.." + type.currentVersion() + ")");
        }
        JsonNode payloadNode = required(root, "payload");
        if (!payloadNode.isObject()) {
            throw new MalformedEventException(type.wireName() + ": payload is not an object");
        }
        // upcasting edits the tree: copy it only then, so that the caller's tree stays as it was
        ObjectNode payloadJson = (ObjectNode) payloadNode;
        if (version < type.currentVersion()) {
            payloadJson = payloadJson.deepCopy();
            type.upcast(payloadJson, version);
        }
        try {
            EventPayload payload = MAPPER.treeToValue(payloadJson, type.payloadClass());
            return new EventEnvelope<>(
                    UUID.fromString(required(root, "eventId").asText()),
                    type.wireName(),
                    type.currentVersion(),
                    Instant.parse(required(root, "occurredAt").asText()),
                    required(root, "key").asText(),
                    text(root, "correlationId"),
                    text(root, "producer"),
                    payload);
        } catch (IOException | RuntimeException e) {
            if (e instanceof MalformedEventException malformed) {
                throw malformed;
            }
            throw new MalformedEventException(type.wireName() + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new MalformedEventException("missing field '" + field + "'");
        }
        return node;
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    /** An event that cannot be read; the message names the field or problem. */
    public static final class MalformedEventException extends IllegalArgumentException {
        public MalformedEventException(String message) {
            super(message);
        }

        public MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
