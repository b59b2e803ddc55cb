package dev.breachnotify.ack.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.ClientInfo;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.PageVisited;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PracticeRegistered;
import dev.breachnotify.events.PreferredChannel;
import dev.breachnotify.events.Topic;
import dev.breachnotify.platform.kafka.EventRecords;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ProjectionListenerTest {

    @Test
    void theListenerReadsTheTopicsOfTheCatalogue() {
        assertThat(ProjectionListener.TOPICS)
                .containsExactly(
                        Topic.PRACTICES.topicName(),
                        Topic.ADVISORIES.topicName(),
                        Topic.NOTIFICATIONS.topicName(),
                        Topic.DELIVERIES.topicName(),
                        Topic.ACKNOWLEDGEMENTS.topicName());
        io.micronaut.configuration.kafka.annotation.Topic annotation =
                onRecords().getAnnotation(io.micronaut.configuration.kafka.annotation.Topic.class);
        assertThat(annotation.value()).containsExactly(ProjectionListener.TOPICS);
    }

    @Test
    void unreadableRecordsAreSkippedNotRetried() {
        assertThat(ProjectionListener.decode(record(null))).isNull();
        assertThat(ProjectionListener.decode(record("not json".getBytes(StandardCharsets.UTF_8))))
                .isNull();
        assertThat(ProjectionListener.decode(
                        record("{\"type\":\"something.new\",\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8))))
                .isNull();

        EventEnvelope<PracticeRegistered> event = EventEnvelope.wrap(
                new PracticeRegistered(
                        new Practice("P-1", "Praxis", null, List.of(), null, "de", null, PreferredChannel.EMAIL)),
                "test",
                Instant.now());
        assertThat(ProjectionListener.decode(record(EventCodec.encode(event)))).isEqualTo(event);
    }

    @Test
    void pageVisitsAreSkippedByTheirTypeHeaderUnread() {
        EventEnvelope<PageVisited> visit = EventEnvelope.wrap(
                new PageVisited(
                        UUID.randomUUID(),
                        "ADV-1",
                        "P-1",
                        "GET",
                        Instant.now(),
                        new ClientInfo("Mozilla/5.0", "192.0.2.0/24")),
                "test",
                Instant.now());
        ProducerRecord<String, byte[]> produced = EventRecords.toRecord(visit);
        ConsumerRecord<String, byte[]> consumed = new ConsumerRecord<>(
                produced.topic(),
                0,
                0L,
                0L,
                TimestampType.CREATE_TIME,
                0,
                0,
                produced.key(),
                produced.value(),
                new RecordHeaders(produced.headers().toArray()),
                Optional.empty());

        assertThat(ProjectionListener.decode(consumed)).isNull();
        assertThat(ProjectionListener.decode(
                        new ConsumerRecord<>(produced.topic(), 0, 0L, produced.key(), produced.value())))
                .as("without the header, decoded (and skipped by the store)")
                .isEqualTo(visit);
    }

    @Test
    void codeHashesAreNormalisedOrRefused() {
        assertThat(ProjectionStore.codeHash("AB".repeat(32))).isEqualTo("ab".repeat(32));
        assertThat(ProjectionStore.codeHash("ab")).isNull();
        assertThat(ProjectionStore.codeHash("zz".repeat(32))).isNull();
        assertThat(ProjectionStore.codeHash(null)).isNull();
    }

    private static java.lang.reflect.Method onRecords() {
        try {
            return ProjectionListener.class.getMethod("onRecords", List.class);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private static ConsumerRecord<String, byte[]> record(byte[] value) {
        return new ConsumerRecord<>(Topic.PRACTICES.topicName(), 0, 0L, "P-1", value);
    }
}
