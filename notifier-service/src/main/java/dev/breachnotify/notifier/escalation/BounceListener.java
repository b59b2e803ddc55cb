package dev.breachnotify.notifier.escalation;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.EmailBounced;
import dev.breachnotify.events.EmailFailed;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.EventType;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Practice;
import dev.breachnotify.notifier.deadletter.DeadLetters;
import dev.breachnotify.notifier.directory.PracticeStore;
import dev.breachnotify.notifier.fanout.NotificationPlanner;
import dev.breachnotify.notifier.lifecycle.AdvisoryState;
import dev.breachnotify.notifier.lifecycle.PublishedAdvisories;
import dev.breachnotify.notifier.lifecycle.SendGate;
import dev.breachnotify.notifier.outbox.OutboxWriter;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hard bounce ({@code email.failed} with {@code permanent: true}) or a mail whose retries expired
 * ({@code email.failed} with {@code retriesExpired: true}), or a delivery status notification of a permanent
 * failure ({@code email.bounced} with {@code permanent: true}) becomes a letter: a LETTER notification of
 * step {@code bounce}, once per advisory and practice, unless the advisory allows no letters, the practice gets a
 * letter anyway in the first step, has no postal address, or is already done or excluded.
 */
@KafkaListener(
        groupId = "notifier-bounce-letters",
        batch = true,
        offsetReset = OffsetReset.EARLIEST,
        isolation = IsolationLevel.READ_COMMITTED,
        offsetStrategy = OffsetStrategy.SYNC,
        errorStrategy =
                @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR, retryDelay = "5s", retryCount = 10_000))
public class BounceListener {

    private static final Logger LOG = LoggerFactory.getLogger(BounceListener.class);

    private final TransactionOperations<Connection> transactions;
    private final EscalationStore store;
    private final Escalations escalations;
    private final PracticeStore practices;
    private final PublishedAdvisories advisories;
    private final SendGate gate;
    private final OutboxWriter outbox;
    private final Clock clock;
    private final DeadLetters deadLetters;

    /**
     * Nine collaborators: a bounce changes a practice's channel in one transaction that reads the practice and the
     * advisory, asks the send gate, records the escalation step, writes the letter request to the outbox and, if
     * the event cannot be handled, parks it as a dead letter. Each is one step of that transaction.
     */
    public BounceListener(
            TransactionOperations<Connection> transactions,
            EscalationStore store,
            Escalations escalations,
            PracticeStore practices,
            PublishedAdvisories advisories,
            OutboxWriter outbox,
            Clock clock,
            DeadLetters deadLetters,
            SendGate gate) {
        this.gate = gate;
        this.transactions = transactions;
        this.store = store;
        this.escalations = escalations;
        this.practices = practices;
        this.advisories = advisories;
        this.outbox = outbox;
        this.clock = clock;
        this.deadLetters = deadLetters;
    }

    /** An email that needs a letter instead, and why (for the log). */
    private record Bounce(UUID notificationId, String advisoryId, String practiceId, String why) {

        /** The only events that can be a bounce; the others (most: {@code email.sent}) are not even decoded. */
        static final Set<String> TYPES = Set.of(EventType.EMAIL_FAILED.wireName(), EventType.EMAIL_BOUNCED.wireName());

        static Bounce of(EventPayload payload) {
            if (payload instanceof EmailFailed failed && failed.needsLetter()) {
                return new Bounce(
                        failed.notificationId(),
                        failed.advisoryId(),
                        failed.practiceId(),
                        !failed.permanent()
                                ? "retries expired"
                                : failed.smtpCode() != null ? "SMTP " + failed.smtpCode() : failed.reason());
            }
            if (payload instanceof EmailBounced bounced && bounced.permanent()) {
                return new Bounce(
                        bounced.notificationId(),
                        bounced.advisoryId(),
                        bounced.practiceId(),
                        "delivery status " + bounced.status());
            }
            return null;
        }
    }

    @Topic(dev.breachnotify.events.Topic.Names.DELIVERIES)
    void onDeliveries(List<ConsumerRecord<String, byte[]>> records) {
        List<Bounce> bounces =
                deadLetters.readable(records, "notifier-bounce-letters", DeadLetters.ofTypes(Bounce.TYPES)).stream()
                        .map(EventEnvelope::payload)
                        .map(Bounce::of)
                        .filter(bounce -> bounce != null && bounce.advisoryId() != null && bounce.practiceId() != null)
                        .toList();
        if (bounces.isEmpty()) {
            return;
        }
        transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            Map<String, Practice> directory = practices.findByIds(
                    connection,
                    bounces.stream().map(Bounce::practiceId).distinct().toList());
            List<EventEnvelope<?>> letters = new ArrayList<>();
            // a withdrawn or closed advisory gets no fallback letter; a paused one's is queued and held at print
            Map<String, AdvisoryState> states = gate.holdOpen(
                    connection,
                    bounces.stream().map(Bounce::advisoryId).distinct().toList());
            for (Bounce bounce : bounces) {
                Practice practice = directory.get(bounce.practiceId());
                if (store.escalation(connection, bounce.advisoryId(), false).isEmpty()
                        || practice == null
                        || SendGate.answer(states, bounce.advisoryId(), AdvisoryState.Outbound.TO_PRACTICE)
                                == AdvisoryState.Answer.DROP) {
                    continue;
                }
                AdvisoryPublished advisory = advisories.published(bounce.advisoryId());
                if (!NotificationPlanner.canBeWritten(advisory, practice)
                        || NotificationPlanner.firstStepChannels(advisory, practice)
                                .contains(Channel.LETTER)
                        || store.settled(connection, advisory.advisoryId(), practice.practiceId())) {
                    continue;
                }
                for (EventEnvelope<NotificationRequested> letter : escalations.requestOnce(
                        connection,
                        advisory,
                        practice,
                        Channel.LETTER,
                        NotificationPlanner.BOUNCE,
                        clock.instant(),
                        store.contactOf(connection, bounce.notificationId()))) {
                    letters.add(letter);
                    LOG.info(
                            "Email {} bounced ({}): letter {} requested",
                            bounce.notificationId(),
                            bounce.why(),
                            letter.payload().notificationId());
                }
            }
            outbox.append(connection, letters);
            return null;
        });
    }
}
