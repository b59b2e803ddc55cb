package dev.breachnotify.notifier.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.EmailFailed;
import dev.breachnotify.events.EventType;
import dev.breachnotify.platform.kafka.EventFactory;
import dev.breachnotify.platform.kafka.EventRecords;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The header filter of {@link DeadLetters#readable}: records another consumer's business are not even decoded. */
class DeadLettersFilterTest {

    private final DeadLetters deadLetters = new DeadLetters(null, null, null, null, null, Clock.systemUTC());
    private final EventFactory events = new EventFactory("test", Clock.systemUTC());

    @Test
    void recordsOfOtherTypesArePassedOverUndecoded() {
        // given an email.sent record whose value would not even parse, and a readable email.failed
        ConsumerRecord<String, byte[]> sent = record(
                "not json".getBytes(StandardCharsets.UTF_8), EventRecords.TYPE_HEADER, EventType.EMAIL_SENT.wireName());
        ProducerRecord<String, byte[]> failed = EventRecords.toRecord(
                events.wrap(new EmailFailed(UUID.randomUUID(), "ADV-1", "P-1", 550, "no such user", 1, true, false)));
        ConsumerRecord<String, byte[]> failedRecord =
                record(failed.value(), EventRecords.TYPE_HEADER, EventType.EMAIL_FAILED.wireName());

        // when a consumer of failures and bounces reads the batch
        var readable = deadLetters.readable(
                List.of(sent, failedRecord),
                "test",
                DeadLetters.ofTypes(Set.of(EventType.EMAIL_FAILED.wireName(), EventType.EMAIL_BOUNCED.wireName())));

        // then only the failure is there, and the unreadable email.sent was not set aside (nothing was written)
        assertThat(readable)
                .singleElement()
                .satisfies(event -> assertThat(event.payload()).isInstanceOf(EmailFailed.class));
    }

    @Test
    void aRecordWithoutTheHeaderIsDecoded() {
        ProducerRecord<String, byte[]> failed = EventRecords.toRecord(
                events.wrap(new EmailFailed(UUID.randomUUID(), "ADV-1", "P-1", 550, "no such user", 1, true, false)));
        var readable = deadLetters.readable(
                List.of(record(failed.value(), null, null)),
                "test",
                DeadLetters.ofTypes(Set.of(EventType.EMAIL_BOUNCED.wireName())));
        assertThat(readable).hasSize(1);
    }

    @Test
    void theHeaderIsReadAsText() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventRecords.CHANNEL_HEADER, "EMAIL".getBytes(StandardCharsets.UTF_8));
        assertThat(DeadLetters.header(headers, EventRecords.CHANNEL_HEADER)).isEqualTo("EMAIL");
        assertThat(DeadLetters.header(headers, EventRecords.TYPE_HEADER)).isNull();
    }

    private static ConsumerRecord<String, byte[]> record(byte[] value, String header, String headerValue) {
        RecordHeaders headers = new RecordHeaders();
        if (header != null) {
            headers.add(new RecordHeader(header, headerValue.getBytes(StandardCharsets.UTF_8)));
        }
        return new ConsumerRecord<>(
                "deliveries.v1", 0, 0L, 0L, TimestampType.CREATE_TIME, 0, 0, "P-1", value, headers, Optional.empty());
    }
}
