package dev.breachnotify.ack.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ProjectionListenerRetryTest {

    private static final TopicPartition P0 = new TopicPartition("breachnotify.practices.v1", 0);
    private static final TopicPartition P1 = new TopicPartition("breachnotify.notifications.v1", 1);

    @Test
    void whenRetriesAreExhaustedTheConsumerIsRewoundToTheFailedBatch() {
        // Given a consumer that has read past a batch the database refused
        MockConsumer<String, byte[]> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
        consumer.assign(List.of(P0, P1));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.seek(P0, 12);
        consumer.seek(P1, 40);
        ConsumerRecords<String, byte[]> batch = new ConsumerRecords<>(
                Map.of(
                        P0, List.of(record(P0, 10), record(P0, 11)),
                        P1, List.of(record(P1, 37), record(P1, 38), record(P1, 39))),
                Map.of());
        ProjectionListener listener = new ProjectionListener(null);

        // When the error strategy gives up on it
        listener.handle(new KafkaListenerException(
                "failed",
                new ProjectionStore.ProjectionException("database down", null),
                listener,
                consumer,
                batch,
                null));

        // Then the next poll starts at the batch again, so nothing is skipped
        assertThat(consumer.position(P0)).isEqualTo(10);
        assertThat(consumer.position(P1)).isEqualTo(37);
    }

    private static ConsumerRecord<String, byte[]> record(TopicPartition partition, long offset) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "key", new byte[0]);
    }
}
