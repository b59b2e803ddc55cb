package dev.breachnotify.platform.kafka;

import dev.breachnotify.events.EventEnvelope;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.context.annotation.Property;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes events and returns only once Kafka has them on all in-sync replicas (idempotent producer,
 * {@code acks=all}), so that a caller may treat a returned publish as durable.
 */
@Singleton
public class EventPublisher {

    private static final long TIMEOUT_SECONDS = 30;

    private final Producer<String, byte[]> producer;

    public EventPublisher(
            @KafkaClient(
                            id = "event-publisher",
                            acks = KafkaClient.Acknowledge.ALL,
                            properties = {
                                @Property(name = ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, value = "true"),
                                @Property(name = ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, value = "5"),
                                @Property(name = ProducerConfig.LINGER_MS_CONFIG, value = "5"),
                                @Property(name = ProducerConfig.COMPRESSION_TYPE_CONFIG, value = "lz4")
                            })
                    Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /** Publishes one event and waits for the broker's acknowledgement. */
    public RecordMetadata publish(EventEnvelope<?> event) {
        return publishAll(List.of(event)).get(0);
    }

    /** Publishes events in order and waits for all acknowledgements. */
    public List<RecordMetadata> publishAll(Collection<? extends EventEnvelope<?>> events) {
        return sendAll(events.stream().map(EventRecords::toRecord).toList());
    }

    /** Sends records built by {@link EventRecords} in order and waits for all acknowledgements. */
    public List<RecordMetadata> sendAll(List<ProducerRecord<String, byte[]>> records) {
        List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
        for (ProducerRecord<String, byte[]> record : records) {
            sends.add(producer.send(record));
        }
        List<RecordMetadata> acknowledged = new ArrayList<>(sends.size());
        try {
            for (Future<RecordMetadata> send : sends) {
                acknowledged.add(send.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            }
        } catch (ExecutionException e) {
            throw new EventPublishException(
                    "Kafka rejected an event: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new EventPublishException("Kafka did not acknowledge within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventPublishException("interrupted while publishing", e);
        }
        return acknowledged;
    }

    /** An event could not be made durable in Kafka; the caller's work must not count as done. */
    public static final class EventPublishException extends RuntimeException {
        public EventPublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
