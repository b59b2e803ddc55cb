package dev.breachnotify.audit.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventType;
import dev.breachnotify.events.PostalAddress;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PracticeRegistered;
import dev.breachnotify.events.PreferredChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class IncomingRecordTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30.123456789Z");
    private static final String TOPIC = "breachnotify.deliveries.v1";

    private static ConsumerRecord<String, byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>(TOPIC, 3, 42L, key, value);
    }

    @Test
    void anEventIsReadWithItsColumnsItsCanonicalJsonAndItsLeafHash() {
        var sent = EventEnvelope.wrap(
                new EmailSent(UUID.randomUUID(), "ADV-1", "P-7", List.of("a@b.de"), "<m@x>", "250 OK", 1),
                "notifier-service",
                NOW);
        byte[] value = EventCodec.encode(sent);

        var event = (IncomingRecord.Event) IncomingRecord.read(record("P-7", value));

        assertThat(event.eventId()).isEqualTo(sent.eventId());
        assertThat(event.type()).isEqualTo("email.sent");
        assertThat(event.schemaVersion()).isEqualTo(EventType.EMAIL_SENT.currentVersion());
        assertThat(event.occurredAt()).isEqualTo(NOW);
        assertThat(event.advisoryId()).isEqualTo("ADV-1");
        assertThat(event.practiceId()).isEqualTo("P-7");
        assertThat(event.producer()).isEqualTo("notifier-service");
        assertThat(event.topic()).isEqualTo(TOPIC);
        assertThat(event.partition()).isEqualTo(3);
        assertThat(event.offset()).isEqualTo(42L);
        assertThat(event.canonicalJson())
                .isEqualTo(CanonicalJson.canonicalize(value))
                .startsWith("{\"correlationId\":\"ADV-1\",\"eventId\":\"" + sent.eventId() + "\",\"key\":\"P-7\"");
        assertThat(event.leafHash()).isEqualTo(LeafHash.of(event.canonicalJson()));
    }

    @Test
    void theLogKeepsTheRecordAsWrittenNotAsUpcast() {
        String v1 = """
                {"eventId":"3f1c6d1e-2a4b-4c5d-8e9f-0a1b2c3d4e5f","type":"advisory.published","schemaVersion":1,
                 "occurredAt":"2026-11-20T09:00:00Z","key":"ADV-2026-001","correlationId":"ADV-2026-001",
                 "producer":"notifier-service","futureField":{"kept":true},
                 "payload":{"advisoryId":"ADV-2026-001","title":"Passwortwechsel","texts":{},"credentials":[],
                  "deadline":"2026-12-01","audience":{"kind":"ALL","values":[]},"publishedBy":"comms",
                  "publishedAt":"2026-11-20T09:00:00Z"}}""";

        var event =
                (IncomingRecord.Event) IncomingRecord.read(record("ADV-2026-001", v1.getBytes(StandardCharsets.UTF_8)));

        assertThat(event.schemaVersion()).isEqualTo(1);
        assertThat(event.practiceId()).isNull();
        assertThat(event.canonicalJson())
                .contains("\"futureField\":{\"kept\":true}")
                .doesNotContain("channels");
    }

    @Test
    void perPracticeDirectoryEventsCarryThePracticeButNoAdvisory() {
        var registered = EventEnvelope.wrap(
                new PracticeRegistered(new Practice(
                        "P-9",
                        "Praxis Dr. Weber",
                        "Dr. Weber",
                        List.of("praxis@example.org"),
                        new PostalAddress("Hauptstr. 1", "10115", "Berlin", "DE"),
                        "de",
                        "dental",
                        PreferredChannel.EMAIL)),
                "notifier-service",
                NOW);

        var event = (IncomingRecord.Event) IncomingRecord.read(record("P-9", EventCodec.encode(registered)));

        assertThat(event.practiceId()).isEqualTo("P-9");
        assertThat(event.advisoryId()).isNull();
    }

    @Test
    void aRecordThatIsNotJsonIsRejectedWithItsRawBytes() {
        byte[] raw = "{\"practice\": \"Dr. Müller\", oops".getBytes(StandardCharsets.UTF_8);

        var rejected = (IncomingRecord.Rejected) IncomingRecord.read(record("P-7", raw));

        assertThat(rejected.reason()).startsWith("not JSON");
        assertThat(rejected.rawBase64()).isEqualTo(Base64.getEncoder().encodeToString(raw));
        assertThat(rejected.raw()).isEqualTo(raw);
        assertThat(rejected.key()).isEqualTo("P-7");
        assertThat(rejected.offset()).isEqualTo(42L);
    }

    @Test
    void anEnvelopeTheCodecCannotReadIsRejected() {
        var missingId = IncomingRecord.read(record(
                "k", "{\"type\":\"email.sent\",\"schemaVersion\":1,\"payload\":{}}".getBytes(StandardCharsets.UTF_8)));
        var unknownType = IncomingRecord.read(
                record("k", "{\"type\":\"email.opened\",\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8)));
        var futureVersion = IncomingRecord.read(
                record("k", "{\"type\":\"email.sent\",\"schemaVersion\":9}".getBytes(StandardCharsets.UTF_8)));

        assertThat(missingId).isInstanceOf(IncomingRecord.Rejected.class);
        assertThat(((IncomingRecord.Rejected) unknownType).reason()).contains("unknown event type");
        assertThat(((IncomingRecord.Rejected) futureVersion).reason()).contains("unsupported schemaVersion 9");
    }

    @Test
    void aTombstoneIsRejectedWithoutRawBytes() {
        var rejected = (IncomingRecord.Rejected) IncomingRecord.read(record("P-7", null));

        assertThat(rejected.reason()).contains("no value");
        assertThat(rejected.rawBase64()).isNull();
    }

    @Test
    void anEventPostgresqlCouldNotStoreIsRejectedInsteadOfBlockingTheLog() {
        var sent = EventEnvelope.wrap(
                new EmailSent(UUID.randomUUID(), "ADV-1", "P\u00007", List.of("a@b.de"), "<m@x>", "250 OK", 1),
                "notifier-service",
                NOW);

        var rejected = (IncomingRecord.Rejected) IncomingRecord.read(record("P\u00007", EventCodec.encode(sent)));

        assertThat(rejected.reason()).contains("payload.practiceId contains U+0000");
        assertThat(rejected.key()).isEqualTo("P\uFFFD7");
    }

    @Test
    void theLoggedReasonQuotesNothingFromTheRecord() {
        var rejected = new IncomingRecord.Rejected(
                TOPIC,
                0,
                1,
                "k",
                "email.sent: Cannot deserialize value of type `java.util.UUID` from String \"Dr. Müller\": bad\n"
                        + "at line 2 'secret'",
                null);

        assertThat(rejected.reasonForLog())
                .isEqualTo("email.sent: Cannot deserialize value of type `java.util.UUID` from String '…': bad");
    }
}
