package dev.breachnotify.ack.partner;

import dev.breachnotify.ack.partner.PartnerQueries.PartnerAccess;
import dev.breachnotify.ack.projection.ProjectionStore;
import dev.breachnotify.ack.projection.SubmissionProjection;
import dev.breachnotify.events.CredentialRotationConfirmed;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.PartnerResponsibilityDeclined;
import dev.breachnotify.events.RotationStatus;
import dev.breachnotify.platform.kafka.EventFactory;
import dev.breachnotify.platform.kafka.EventPublisher;
import dev.breachnotify.platform.kafka.EventRecords;
import io.micronaut.configuration.kafka.TransactionalProducerRegistry;
import io.micronaut.core.type.Argument;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.scheduling.annotation.Async;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a partner's validated submission: all its events in <em>one Kafka transaction</em> (so that every
 * reader, all of which read {@code read_committed}, sees all of them or none), then in the projection, so that
 * the page shows them at once (the listener applies them too; both writes are idempotent).
 *
 * <p>One transactional producer per instance, used by one submission at a time: partner submissions are few
 * (one per partner and sitting) and large, and a transactional producer cannot run two transactions at once.
 * A producer in a state it cannot abort from (fenced, or a fatal error) is replaced by a new one.
 */
@Singleton
public class PartnerRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerRecorder.class);
    static final String CLIENT_ID = "ack-partner-submissions";

    private final EventFactory events;
    private final SubmissionProjection projection;
    private final TransactionalProducerRegistry producers;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private Producer<String, byte[]> producer;

    public PartnerRecorder(
            EventFactory events,
            SubmissionProjection projection,
            TransactionalProducerRegistry producers,
            Clock clock) {
        this.events = events;
        this.projection = projection;
        this.producers = producers;
        this.clock = clock;
    }

    /**
     * Publishes the answers as one transaction and waits until Kafka committed it, then applies them.
     *
     * @return the events published: one per answer, in order
     * @throws EventPublisher.EventPublishException if Kafka did not commit them; then none of them counts
     */
    public List<EventEnvelope<? extends EventPayload>> record(
            PartnerAccess access, List<PartnerAnswer> answers, String confirmedBy) {
        UUID submissionId = UUID.randomUUID();
        Instant now = clock.instant();
        List<EventEnvelope<? extends EventPayload>> toPublish = new ArrayList<>(answers.size());
        for (PartnerAnswer answer : answers) {
            toPublish.add(events.wrap(
                    answer.declined()
                            ? new PartnerResponsibilityDeclined(
                                    submissionId,
                                    access.advisoryId(),
                                    answer.practiceId(),
                                    answer.credentialId(),
                                    access.partnerId(),
                                    confirmedBy,
                                    now)
                            : new CredentialRotationConfirmed(
                                    submissionId,
                                    access.advisoryId(),
                                    answer.practiceId(),
                                    answer.credentialId(),
                                    RotationStatus.CHANGED,
                                    answer.changedOn(),
                                    confirmedBy,
                                    now,
                                    null,
                                    access.partnerId())));
        }
        publishAtomically(toPublish);
        try {
            projection.apply(toPublish);
        } catch (ProjectionStore.ProjectionException e) {
            // Kafka has the submission: the listener will apply it. Only the page may lag.
            LOG.warn(
                    "Partner submission {} is in Kafka but not yet in the projection: {}",
                    submissionId,
                    e.getMessage());
        }
        return toPublish;
    }

    private void publishAtomically(List<EventEnvelope<? extends EventPayload>> toPublish) {
        lock.lock();
        try {
            Producer<String, byte[]> current = producer();
            current.beginTransaction();
            try {
                for (EventEnvelope<? extends EventPayload> event : toPublish) {
                    current.send(EventRecords.toRecord(event));
                }
                // flushes every send and fails if any of them failed; the transaction is then aborted
                current.commitTransaction();
            } catch (KafkaException e) {
                abort(current);
                throw new EventPublisher.EventPublishException("Kafka did not commit the submission: " + e, e);
            }
        } catch (KafkaException e) {
            discard();
            throw new EventPublisher.EventPublishException("Kafka refused the transaction: " + e, e);
        } finally {
            lock.unlock();
        }
    }

    private void abort(Producer<String, byte[]> current) {
        try {
            current.abortTransaction();
        } catch (KafkaException e) {
            LOG.warn("Could not abort a partner submission's transaction; replacing the producer: {}", e.toString());
            discard();
        }
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            producer = producers.getTransactionalProducer(
                    CLIENT_ID, CLIENT_ID + "-" + UUID.randomUUID(), Argument.STRING, Argument.of(byte[].class));
        }
        return producer;
    }

    private void discard() {
        if (producer != null) {
            try {
                producers.close(producer);
            } catch (RuntimeException e) {
                LOG.debug("Closing a broken producer failed", e);
            }
            producer = null;
        }
    }

    /**
     * Registers the transactional id with Kafka once the service is up, on a thread of its own, so that the first
     * partner's submission does not wait for it (a second or so); if Kafka is not there yet, the first submission
     * does it.
     */
    @EventListener
    @Async
    void onStartup(ServerStartupEvent event) {
        lock.lock();
        try {
            producer();
        } catch (KafkaException e) {
            LOG.warn("The partner submissions' producer is not ready yet: {}", e.toString());
            discard();
        } finally {
            lock.unlock();
        }
    }

    @PreDestroy
    void close() {
        lock.lock();
        try {
            discard();
        } finally {
            lock.unlock();
        }
    }
}
