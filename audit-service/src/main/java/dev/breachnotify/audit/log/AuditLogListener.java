package dev.breachnotify.audit.log;

import dev.breachnotify.events.Topic.Names;
import io.micronaut.configuration.kafka.ConsumerSeekAware;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerExceptionHandler;
import io.micronaut.configuration.kafka.seek.KafkaSeekOperation;
import io.micronaut.configuration.kafka.seek.KafkaSeeker;
import io.micronaut.context.annotation.Property;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every topic and hands each batch to the {@link AuditLogAppender}. The log's own table
 * {@code audit_consumer_position}, written in the transaction of each batch, is the only record of how far the
 * log has read:
 * <ul>
 *   <li>{@code offsetStrategy = DISABLED}: Kafka's committed offsets are neither written nor read;</li>
 *   <li>on assignment, each partition is sought to its stored position, or to the beginning if it has none
 *       ({@code offsetReset = EARLIEST} only covers a stored position that Kafka no longer has);</li>
 *   <li>{@code isolation = READ_COMMITTED}: aborted transactional writes never reach the log;</li>
 *   <li>{@code errorStrategy = RETRY_EXPONENTIALLY_ON_ERROR}: when a batch fails (the database), nothing of it is
 *       stored, the consumer is rewound to the batch's first offsets and the batch is retried after 0.5 s, 1 s,
 *       2 s ... 16 s. Because the listener rewinds the consumer itself before rethrowing, the batch is read again
 *       even once those retries are exhausted: the log never skips a record it could not store.</li>
 * </ul>
 * Undecodable records are not errors: the appender stores them in {@code audit_rejects} and moves on.
 */
@KafkaListener(
        groupId = AuditLogListener.GROUP_ID,
        batch = true,
        offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.DISABLED,
        isolation = IsolationLevel.READ_COMMITTED,
        errorStrategy =
                @ErrorStrategy(
                        value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR,
                        retryDelay = "500ms",
                        retryCount = 6,
                        handleAllExceptions = true), // every failed attempt reaches handle(...), not only the last
        properties = @Property(name = ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, value = "false"))
public class AuditLogListener implements ConsumerSeekAware, KafkaListenerExceptionHandler {

    /** The consumer group; its per-group Kafka settings are under {@code kafka.consumers.audit-service}. */
    public static final String GROUP_ID = "audit-service";

    private static final Logger LOG = LoggerFactory.getLogger(AuditLogListener.class);

    private final AuditLogAppender appender;
    private final AuditMetrics metrics;

    public AuditLogListener(AuditLogAppender appender, AuditMetrics metrics) {
        this.appender = appender;
        this.metrics = metrics;
    }

    /** One batch, one transaction. */
    @Topic({
        Names.PRACTICES,
        Names.ADVISORIES,
        Names.NOTIFICATIONS,
        Names.DELIVERIES,
        Names.ACKNOWLEDGEMENTS,
        Names.AUDIT,
        Names.ESCALATIONS
    })
    public void append(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        try {
            metrics.batch(appender.append(records));
        } catch (RuntimeException e) {
            rewind(consumer, records);
            throw e;
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions, KafkaSeeker seeker) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> stored;
        try {
            stored = appender.positions(partitions);
        } catch (RuntimeException e) {
            // Safe, only slower: the appender skips whatever lies below its stored positions.
            LOG.warn(
                    "Cannot read the stored positions ({}); reading {} partitions from the beginning",
                    Failures.describe(e),
                    partitions.size());
            stored = Map.of();
        }
        for (TopicPartition partition : partitions) {
            Long next = stored.get(partition);
            seeker.perform(
                    next == null
                            ? KafkaSeekOperation.seekToBeginning(partition)
                            : KafkaSeekOperation.seek(partition, next));
        }
        LOG.info(
                "Assigned {} partitions: {} resume at their stored position, {} start from the beginning",
                partitions.size(),
                stored.size(),
                partitions.size() - stored.size());
    }

    /**
     * Logs each failed attempt at a batch, without its content (events carry personal data). Nothing of the batch
     * was stored and it will be read again.
     */
    @Override
    public void handle(KafkaListenerException exception) {
        Throwable cause = exception.getCause() != null ? exception.getCause() : exception;
        LOG.error(
                "Could not append a batch; nothing of it was stored and it will be read again: {}",
                Failures.describe(cause));
        LOG.debug("Append failure", cause);
    }

    /** Puts the consumer back at the first record of the batch in each partition. */
    private static void rewind(Consumer<?, ?> consumer, List<ConsumerRecord<String, byte[]>> records) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
        }
        first.forEach(consumer::seek);
    }
}
