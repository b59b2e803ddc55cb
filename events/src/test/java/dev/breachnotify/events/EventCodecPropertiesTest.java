package dev.breachnotify.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The envelope decoder against hostile records: only its two documented exceptions, and valid events round-trip. */
class EventCodecPropertiesTest {

    private static final List<String> GOLDEN = List.of(
            "advisory.published.v1.json", "advisory.retracted.v1.json", "email.failed.v1.json", "email.sent.v1.json");

    @Property
    void anyBytesDecodeOrFailAsMalformedOrUnknown(@ForAll byte[] bytes) {
        assertDecodesOrFailsAsDocumented(bytes);
    }

    @Property
    void aDamagedRecordDecodesOrFailsAsMalformedOrUnknown(
            @ForAll("goldenIndex") int golden,
            @ForAll @IntRange(min = 0, max = 10_000) int position,
            @ForAll("damage") String replacement,
            @ForAll @IntRange(min = 0, max = 8) int removed) {
        String json = golden(golden);
        int at = position % (json.length() + 1);
        String damaged = json.substring(0, at) + replacement + json.substring(Math.min(json.length(), at + removed));

        assertDecodesOrFailsAsDocumented(damaged.getBytes(StandardCharsets.UTF_8));
    }

    @Property
    void aFieldOfTheWrongTypeIsMalformedAndNamesTheProblem(
            @ForAll("goldenIndex") int golden,
            @ForAll @IntRange(min = 0, max = 1_000) int field,
            @ForAll("values") JsonNodeValue value) {
        ObjectNode root = (ObjectNode) tree(golden(golden));
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(root, objects);
        ObjectNode target = objects.get(field % objects.size());
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        if (names.isEmpty()) {
            return;
        }
        target.set(names.get(field % names.size()), value.node());

        assertDecodesOrFailsAsDocumented(root.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Property
    void anEmailSentWithAnyTextRoundTrips(
            @ForAll String advisoryId,
            @ForAll String practiceId,
            @ForAll List<String> recipients,
            @ForAll String messageId,
            @ForAll String reply,
            @ForAll @IntRange(min = 1, max = 100) int attempt,
            @ForAll boolean duplicate,
            @ForAll("instants") Instant at) {
        EmailSent sent = new EmailSent(
                UUID.randomUUID(), advisoryId, practiceId, recipients, messageId, reply, attempt, duplicate);
        EventEnvelope<EmailSent> envelope = EventEnvelope.wrap(sent, "notifier-service", at);

        EventEnvelope<EventPayload> decoded = EventCodec.decode(EventCodec.encode(envelope));

        assertThat(decoded).isEqualTo(envelope);
    }

    @Property
    void aPracticeWithAnyTextRoundTrips(@ForAll("practices") Practice practice, @ForAll("instants") Instant at) {
        EventEnvelope<PracticeRegistered> envelope =
                EventEnvelope.wrap(new PracticeRegistered(practice), "notifier-service", at);

        assertThat(EventCodec.decode(EventCodec.encode(envelope))).isEqualTo(envelope);
    }

    @Property(tries = 200)
    void anUnsupportedSchemaVersionIsNamed(@ForAll("goldenIndex") int golden, @ForAll int version) {
        ObjectNode root = (ObjectNode) tree(golden(golden));
        EventType type = EventType.fromWireName(root.get("type").asText());
        if (version >= 1 && version <= type.currentVersion()) {
            return;
        }
        root.put("schemaVersion", version);

        assertThatThrownBy(() -> EventCodec.decode(root.toString().getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventCodec.MalformedEventException.class)
                .hasMessageContaining("unsupported schemaVersion " + version);
    }

    private static void assertDecodesOrFailsAsDocumented(byte[] bytes) {
        try {
            EventEnvelope<EventPayload> envelope = EventCodec.decode(bytes);
            assertThat(envelope.payload()).isNotNull();
            // what was read can be written and read again (nulls inside a payload's maps are left out on writing)
            EventEnvelope<EventPayload> again = EventCodec.decode(EventCodec.encode(envelope));
            assertThat(again.eventId()).isEqualTo(envelope.eventId());
            assertThat(again.payload().getClass()).isEqualTo(envelope.payload().getClass());
        } catch (EventCodec.MalformedEventException | EventType.UnknownEventTypeException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode object) {
            into.add(object);
        }
        for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
            collectObjects(children.next(), into);
        }
    }

    /** A JSON value to put where another was. */
    record JsonNodeValue(JsonNode node) {}

    @Provide
    Arbitrary<JsonNodeValue> values() {
        return Arbitraries.of(
                        "null",
                        "0",
                        "-1",
                        "2147483648",
                        "1.5",
                        "true",
                        "\"\"",
                        "\"x\"",
                        "[]",
                        "[1]",
                        "{}",
                        "{\"a\":1}",
                        "\"2026-13-45T99:00:00Z\"",
                        "\"not-a-uuid\"",
                        "\"EMAIL\"",
                        "[null]")
                .map(text -> new JsonNodeValue(tree(text)));
    }

    @Provide
    Arbitrary<Integer> goldenIndex() {
        return Arbitraries.integers().between(0, GOLDEN.size() - 1);
    }

    @Provide
    Arbitrary<String> damage() {
        return Arbitraries.oneOf(
                Arbitraries.of("", "\"", "{", "}", "[", "]", ",", ":", "null", "\\u0000", "\\", "-", "0", "\"\":"),
                Arbitraries.strings().ofMaxLength(4));
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs()
                .between(
                        Instant.parse("0001-01-01T00:00:00Z").getEpochSecond(),
                        Instant.parse("9999-12-31T23:59:59Z").getEpochSecond())
                .flatMap(seconds -> Arbitraries.integers()
                        .between(0, 999_999_999)
                        .map(nanos -> Instant.ofEpochSecond(seconds, nanos)));
    }

    @Provide
    Arbitrary<Practice> practices() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(30);
        Arbitrary<PostalAddress> address = Combinators.combine(text, text, text, text)
                .as(PostalAddress::new)
                .injectNull(0.3);
        return Combinators.combine(
                        text,
                        text,
                        text.injectNull(0.3),
                        text.list().ofMaxSize(5),
                        address,
                        Arbitraries.of("de", "en"),
                        text.injectNull(0.3),
                        Arbitraries.of(PreferredChannel.class))
                .as(Practice::new);
    }

    private static String golden(int index) {
        try (InputStream in = EventCodecPropertiesTest.class.getResourceAsStream("/golden/" + GOLDEN.get(index))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return EventJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
