package dev.breachnotify.ack.projection;

import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.EventType;
import dev.breachnotify.platform.kafka.EventRecords;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerExceptionHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the projections up to date from the topics the pages and the progress report read.
 *
 * <p>Records arrive in batches; a batch is applied in one transaction and its offsets are committed
 * ({@link OffsetStrategy#SYNC}) only after that transaction committed. A record that cannot be read (not an
 * event, or an event type this build does not know) is skipped, since no retry would make it readable. A
 * database failure is retried with growing pauses ({@link ErrorStrategyValue#RETRY_EXPONENTIALLY_ON_ERROR},
 * about half a minute in all); should it last longer, {@link #handle(KafkaListenerException)} rewinds the
 * consumer to the failed batch, so that the next cycle of retries starts there and nothing is skipped.
 */
@KafkaListener(
        groupId = "ack-service",
        offsetReset = OffsetReset.EARLIEST,
        isolation = IsolationLevel.READ_COMMITTED,
        batch = true,
        offsetStrategy = OffsetStrategy.SYNC,
        errorStrategy =
                @ErrorStrategy(
                        value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR,
                        retryDelay = "500ms",
                        retryCount = 6))
public class ProjectionListener implements KafkaListenerExceptionHandler {

    /** The topics read, as {@link dev.breachnotify.events.Topic} names them (a test keeps the two equal). */
    static final String[] TOPICS = {
        "breachnotify.practices.v1",
        "breachnotify.advisories.v1",
        "breachnotify.notifications.v1",
        "breachnotify.deliveries.v1",
        "breachnotify.acknowledgements.v1",
    };

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionListener.class);
    private static final byte[] PAGE_VISITED =
            EventType.ACKNOWLEDGEMENT_PAGE_VISITED.wireName().getBytes(StandardCharsets.UTF_8);

    private final ProjectionStore store;

    public ProjectionListener(ProjectionStore store) {
        this.store = store;
    }

    @Topic({
        "breachnotify.practices.v1",
        "breachnotify.advisories.v1",
        "breachnotify.notifications.v1",
        "breachnotify.deliveries.v1",
        "breachnotify.acknowledgements.v1",
    })
    public void onRecords(List<ConsumerRecord<String, byte[]>> records) {
        List<EventEnvelope<EventPayload>> events = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            EventEnvelope<EventPayload> event = decode(record);
            if (event != null) {
                events.add(event);
            }
        }
        int applied = store.apply(events);
        if (LOG.isDebugEnabled()) {
            LOG.debug("Applied {} of {} records", applied, records.size());
        }
    }

    static EventEnvelope<EventPayload> decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null || isPageVisit(record)) {
            return null;
        }
        try {
            return EventCodec.decode(record.value());
        } catch (EventType.UnknownEventTypeException e) {
            LOG.debug(
                    "Skipping {}-{}@{}: an event type this build does not read",
                    record.topic(),
                    record.partition(),
                    record.offset());
            return null;
        } catch (IllegalArgumentException e) {
            // Only the position: the codec's message may quote the record, which may hold personal data.
            LOG.warn(
                    "Skipping {}-{}@{}: not a readable event ({})",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getClass().getSimpleName());
            return null;
        }
    }

    /**
     * Whether the record's type header says it is a page visit: the access log of the pages, the most frequent
     * record on the acknowledgements topic and nothing the projections keep, so it is skipped unread.
     */
    private static boolean isPageVisit(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader(EventRecords.TYPE_HEADER);
        return type != null && Arrays.equals(type.value(), PAGE_VISITED);
    }

    /**
     * Called when the retries are exhausted: rewinds to the first record of the failed batch in each
     * partition, so that it is applied once the database is back, rather than skipped.
     */
    @Override
    public void handle(KafkaListenerException exception) {
        Map<TopicPartition, Long> firstOffsets = new HashMap<>();
        exception
                .getConsumerRecords()
                .ifPresent(records -> records.forEach(record -> firstOffsets.merge(
                        new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min)));
        exception
                .getConsumerRecord()
                .ifPresent(record -> firstOffsets.merge(
                        new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min));
        Consumer<?, ?> consumer = exception.getKafkaConsumer();
        Throwable cause = exception.getCause() != null ? exception.getCause() : exception;
        LOG.error("Projections could not be updated ({}); retrying from {}", cause.getMessage(), firstOffsets);
        if (consumer != null) {
            firstOffsets.forEach(consumer::seek);
        }
    }
}
