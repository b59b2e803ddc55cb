package dev.breachnotify.notifier;

import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning, committed records only, until a condition holds or a deadline passes. */
final class KafkaTopicReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    KafkaTopicReader(String bootstrapServers, Topic... topics) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                        // large polls: the tests of this module share one broker, and a condition is tested on
                        // everything
                        // read so far after every poll
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20000",
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024)),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(java.util.Arrays.stream(topics).map(Topic::topicName).toList());
    }

    /** Polls until the records read so far satisfy the condition. */
    List<ConsumerRecord<String, byte[]>> readUntil(
            Duration timeout, String description, Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        Instant deadline = Instant.now().plus(timeout);
        while (!done.test(records)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + description + "; read "
                        + records.size() + " records");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return List.copyOf(records);
    }

    /**
     * The records that are events. The tests of this module share one broker, and {@code DeadLetterIT} puts a record
     * on the notifications topic that is not one (on purpose): it is skipped here.
     */
    static List<EventEnvelope<EventPayload>> events(List<ConsumerRecord<String, byte[]>> records) {
        List<EventEnvelope<EventPayload>> events = new java.util.ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(EventCodec.decode(record.value()));
            } catch (IllegalArgumentException notAnEvent) {
                // a poison record of DeadLetterIT
            }
        }
        return events;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
