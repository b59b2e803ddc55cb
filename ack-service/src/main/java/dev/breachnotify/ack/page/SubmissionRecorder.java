package dev.breachnotify.ack.page;

import dev.breachnotify.ack.projection.ProjectionQueries.AccessCode;
import dev.breachnotify.ack.projection.ProjectionStore;
import dev.breachnotify.ack.projection.SubmissionProjection;
import dev.breachnotify.events.AcknowledgementRecorded;
import dev.breachnotify.events.ClientInfo;
import dev.breachnotify.events.CredentialRotationConfirmed;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.platform.kafka.EventFactory;
import dev.breachnotify.platform.kafka.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a valid submission: as events on the acknowledgements topic first (the record of what the practice
 * said), then in the projection, so that the page shows it at once. How long a submission waits for each is
 * timed: {@code ack.submission.publish} (Kafka's acknowledgement of its events) and
 * {@code ack.submission.projection} (the commit of the transaction that holds them).
 */
@Singleton
public class SubmissionRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(SubmissionRecorder.class);

    private final EventFactory events;
    private final EventPublisher publisher;
    private final SubmissionProjection projection;
    private final Clock clock;
    private final Timer publishing;
    private final Timer projecting;

    public SubmissionRecorder(
            EventFactory events,
            EventPublisher publisher,
            SubmissionProjection projection,
            Clock clock,
            MeterRegistry meters) {
        this.events = events;
        this.publisher = publisher;
        this.projection = projection;
        this.clock = clock;
        this.publishing = Timer.builder("ack.submission.publish")
                .description("a submission's wait for Kafka's acknowledgement of its events")
                .register(meters);
        this.projecting = Timer.builder("ack.submission.projection")
                .description("a submission's wait for the projection's commit")
                .register(meters);
    }

    /**
     * Publishes the submission and waits until Kafka has it.
     *
     * @return the events published: an acknowledgement if ticked, then one confirmation per answered credential;
     *     with a contact's code, each carries the contact's id ({@code confirmedBy} stays the name typed)
     * @throws EventPublisher.EventPublishException if Kafka did not take them; nothing counts as recorded then
     */
    public List<EventEnvelope<? extends EventPayload>> record(
            AccessCode code, ConfirmationForm.Submission submission, ClientInfo client) {
        UUID submissionId = UUID.randomUUID();
        Instant now = clock.instant();
        List<EventEnvelope<? extends EventPayload>> toPublish = new ArrayList<>();
        if (submission.acknowledged()) {
            toPublish.add(events.wrap(new AcknowledgementRecorded(
                    submissionId,
                    code.advisoryId(),
                    code.practiceId(),
                    submission.confirmedBy(),
                    now,
                    client,
                    code.contactId())));
        }
        for (ConfirmationForm.Answer answer : submission.answers()) {
            toPublish.add(events.wrap(new CredentialRotationConfirmed(
                    submissionId,
                    code.advisoryId(),
                    code.practiceId(),
                    answer.credentialId(),
                    answer.status(),
                    answer.changedOn(),
                    submission.confirmedBy(),
                    now,
                    code.contactId(),
                    null)));
        }
        publishing.record(() -> publisher.publishAll(toPublish));
        try {
            projecting.record(() -> projection.apply(toPublish));
        } catch (ProjectionStore.ProjectionException e) {
            // Kafka has the submission: the listener will apply it. Only the thank-you page may lag.
            LOG.warn("Submission {} is in Kafka but not yet in the projection: {}", submissionId, e.getMessage());
        }
        return toPublish;
    }
}
