package dev.breachnotify.launcher;

import dev.breachnotify.events.EmailDeferred;
import dev.breachnotify.events.EmailFailed;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every committed event of the pipeline's topics, read from the beginning to the end offsets as they are when the
 * reading starts ({@code read_committed}): what the fault tests compare the services' records with.
 */
final class TopicContents {

    private final List<EventEnvelope<EventPayload>> events;

    private TopicContents(List<EventEnvelope<EventPayload>> events) {
        this.events = events;
    }

    /** Reads all topics to their current end. */
    static TopicContents read(String bootstrap) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        5_000),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic topic : Topic.values()) {
                consumer.partitionsFor(topic.topicName(), Duration.ofSeconds(30))
                        .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<EventEnvelope<EventPayload>> events = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read the topics to their end offsets " + end);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        events.add(EventCodec.decode(record.value()));
                    }
                }
            }
            return new TopicContents(events);
        }
    }

    /** @return the id of every event read */
    Set<UUID> eventIds() {
        Set<UUID> ids = new HashSet<>();
        events.forEach(event -> ids.add(event.eventId()));
        return ids;
    }

    /** @return the events read */
    int size() {
        return events.size();
    }

    /** @return the payloads of one type for one advisory */
    <T extends EventPayload> List<T> of(Class<T> type, String advisoryId) {
        List<T> found = new ArrayList<>();
        for (EventEnvelope<EventPayload> event : events) {
            if (type.isInstance(event.payload()) && advisoryId.equals(advisoryOf(event.payload()))) {
                found.add(type.cast(event.payload()));
            }
        }
        return found;
    }

    /** The mail side of one advisory: notifications, sends, deferrals and failures, summed up. */
    Mails mails(String advisoryId) {
        Set<UUID> notifications = new HashSet<>();
        of(NotificationRequested.class, advisoryId).forEach(n -> notifications.add(n.notificationId()));
        Map<UUID, Integer> sent = new HashMap<>();
        Set<String> markedDuplicates = new HashSet<>();
        for (EmailSent s : of(EmailSent.class, advisoryId)) {
            sent.merge(s.notificationId(), 1, Integer::sum);
            if (s.possibleDuplicate()) {
                markedDuplicates.add(s.messageId());
            }
        }
        return new Mails(
                notifications,
                sent,
                markedDuplicates,
                of(EmailDeferred.class, advisoryId),
                of(EmailFailed.class, advisoryId));
    }

    /**
     * @param notifications    ids of the advisory's notifications
     * @param sent             {@code email.sent} events by notification id
     * @param markedDuplicates Message-IDs of the {@code email.sent} events marked {@code possibleDuplicate}
     */
    record Mails(
            Set<UUID> notifications,
            Map<UUID, Integer> sent,
            Set<String> markedDuplicates,
            List<EmailDeferred> deferred,
            List<EmailFailed> failed) {

        int sentEvents() {
            return sent.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private static String advisoryOf(EventPayload payload) {
        try {
            return String.valueOf(payload.getClass().getMethod("advisoryId").invoke(payload));
        } catch (ReflectiveOperationException noAdvisory) {
            return null;
        }
    }

    @Override
    public String toString() {
        return events.size() + " events: " + Arrays.toString(Topic.values());
    }
}
