package dev.breachnotify.notifier.escalation;

import dev.breachnotify.events.AcknowledgementRecorded;
import dev.breachnotify.events.CredentialRotationConfirmed;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.PartnerResponsibilityDeclined;
import dev.breachnotify.notifier.deadletter.DeadLetters;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;

/**
 * The notifier's projection of who confirmed what, fed only by ack-service's events on the acknowledgements topic
 * (never by ack-service's database): acknowledgements, the latest confirmation per credential (a practice's or its
 * IT service partner's alike), and what partners declined as not their job (their reminder digests leave it out). Upserts, so a
 * redelivered event changes nothing; offsets are committed after the batch is written.
 */
@KafkaListener(
        groupId = "notifier-confirmations",
        batch = true,
        offsetReset = OffsetReset.EARLIEST,
        isolation = IsolationLevel.READ_COMMITTED,
        offsetStrategy = OffsetStrategy.SYNC,
        errorStrategy =
                @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR, retryDelay = "5s", retryCount = 10_000))
public class ConfirmationListener {

    private final TransactionOperations<Connection> transactions;
    private final EscalationStore store;
    private final DeadLetters deadLetters;

    public ConfirmationListener(
            TransactionOperations<Connection> transactions, EscalationStore store, DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
        this.transactions = transactions;
        this.store = store;
    }

    @Topic(dev.breachnotify.events.Topic.Names.ACKNOWLEDGEMENTS)
    void onAcknowledgements(List<ConsumerRecord<String, byte[]>> records) {
        List<EventPayload> relevant = deadLetters.readable(records, "notifier-confirmations").stream()
                .map(EventEnvelope::payload)
                .filter(payload -> (payload instanceof AcknowledgementRecorded a && a.submittedAt() != null)
                        || (payload instanceof PartnerResponsibilityDeclined d
                                && d.submittedAt() != null
                                && d.credentialId() != null
                                && d.partnerId() != null)
                        || (payload instanceof CredentialRotationConfirmed c
                                && c.submittedAt() != null
                                && c.credentialId() != null
                                && c.status() != null))
                .toList();
        if (relevant.isEmpty()) {
            return;
        }
        transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            for (EventPayload payload : relevant) {
                if (payload instanceof AcknowledgementRecorded acknowledgement) {
                    store.acknowledged(connection, acknowledgement);
                } else if (payload instanceof CredentialRotationConfirmed confirmation) {
                    store.confirmed(connection, confirmation);
                } else if (payload instanceof PartnerResponsibilityDeclined declined) {
                    store.declined(connection, declined);
                }
            }
            return null;
        });
    }
}
