package dev.breachnotify.notifier.print;

import dev.breachnotify.events.Channel;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.notifier.deadletter.DeadLetters;
import dev.breachnotify.platform.kafka.EventRecords;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;

/**
 * Queues every LETTER notification (the first step's letters, letters for bounced emails, the escalation's
 * letters) for the next print batch. The notification id is the letter's primary key, so a redelivered or
 * repeated notification never yields a second letter. Offsets are committed after the queue is written.
 */
@KafkaListener(
        groupId = "notifier-letters",
        batch = true,
        offsetReset = OffsetReset.EARLIEST,
        isolation = IsolationLevel.READ_COMMITTED,
        offsetStrategy = OffsetStrategy.SYNC,
        errorStrategy =
                @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR, retryDelay = "5s", retryCount = 10_000))
public class LetterListener {

    private final TransactionOperations<Connection> transactions;
    private final PrintStore store;
    private final Clock clock;
    private final DeadLetters deadLetters;

    public LetterListener(
            TransactionOperations<Connection> transactions, PrintStore store, Clock clock, DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
        this.transactions = transactions;
        this.store = store;
        this.clock = clock;
    }

    @Topic(dev.breachnotify.events.Topic.Names.NOTIFICATIONS)
    void onNotifications(List<ConsumerRecord<String, byte[]>> records) {
        List<NotificationRequested> letters = deadLetters
                .readable(
                        records,
                        "notifier-letters",
                        headers ->
                                !Channel.EMAIL.name().equals(DeadLetters.header(headers, EventRecords.CHANNEL_HEADER)))
                .stream()
                .map(EventEnvelope::payload)
                .filter(payload -> payload instanceof NotificationRequested n && n.channel() == Channel.LETTER)
                .map(NotificationRequested.class::cast)
                .toList();
        if (!letters.isEmpty()) {
            transactions.executeWrite(status -> store.queue(status.getConnection(), letters, clock.instant()));
        }
    }
}
