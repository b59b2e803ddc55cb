package dev.breachnotify.notifier.fanout;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Partner;
import dev.breachnotify.events.PartnerNotificationRequested;
import dev.breachnotify.events.Practice;
import dev.breachnotify.notifier.code.CodeIssuer;
import dev.breachnotify.notifier.directory.PartnerStore;
import dev.breachnotify.notifier.directory.PracticeStore;
import dev.breachnotify.platform.kafka.EventFactory;
import dev.breachnotify.platform.kafka.EventRecords;
import io.micronaut.configuration.kafka.TransactionalProducerRegistry;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.type.Argument;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fan-out: for each published advisory, one {@link NotificationRequested} per targeted practice (or each of its
 * contacts in the advisory's roles, {@link NotificationPlanner}) and channel, and, when the advisory tells IT service
 * partners, one {@link PartnerNotificationRequested} per partner with targeted practices (in the last transaction),
 * produced in Kafka transactions of up to {@value #CHUNK} notifications, the last of which also commits the
 * consumed offset (consume-transform-produce): the advisory counts as fanned out exactly when all its notifications
 * are committed, and the email workers ({@code read_committed}) start on the first chunk while later ones are still
 * being produced. The first chunk is small ({@value #FIRST_CHUNK}) and each next one twice the last, so that the
 * first mails go out within milliseconds of the publish instead of after {@value #CHUNK} notifications. A fan-out interrupted by a crash is run again from the start and repeats the committed chunks
 * with the same notification and event ids, which every reader treats as duplicates.
 */
@KafkaListener(
        groupId = "notifier-fanout",
        offsetReset = OffsetReset.EARLIEST,
        isolation = IsolationLevel.READ_COMMITTED,
        offsetStrategy = OffsetStrategy.DISABLED,
        errorStrategy =
                @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR, retryDelay = "5s", retryCount = 10_000),
        properties = @Property(name = ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, value = "1800000"))
public class FanOutListener {

    private static final Logger LOG = LoggerFactory.getLogger(FanOutListener.class);
    private static final int PAGE = 2_000;
    static final int CHUNK = 5_000;
    static final int FIRST_CHUNK = 100;

    private final TransactionOperations<Connection> transactions;
    private final PracticeStore practices;
    private final PartnerStore partners;
    private final CodeIssuer codes;
    private final EventFactory events;
    private final TransactionalProducerRegistry producers;
    private final Producer<String, byte[]> producer;
    private final Duration codeValidityAfterDeadline;

    public FanOutListener(
            TransactionOperations<Connection> transactions,
            PracticeStore practices,
            PartnerStore partners,
            CodeIssuer codes,
            EventFactory events,
            TransactionalProducerRegistry producers,
            @Value("${breachnotify.notifier.code-validity-after-deadline:60d}") Duration codeValidityAfterDeadline) {
        this.transactions = transactions;
        this.practices = practices;
        this.partners = partners;
        this.codes = codes;
        this.events = events;
        this.producers = producers;
        this.codeValidityAfterDeadline = codeValidityAfterDeadline;
        this.producer = producers.getTransactionalProducer(
                "notifier-fanout", "notifier-fanout-" + UUID.randomUUID(), Argument.STRING, Argument.of(byte[].class));
    }

    @Topic(dev.breachnotify.events.Topic.Names.ADVISORIES)
    void onAdvisoryEvent(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
        EventEnvelope<EventPayload> event = EventCodec.decode(record.value());
        producer.beginTransaction();
        try {
            if (event.payload() instanceof AdvisoryPublished advisory) {
                long sent = fanOut(advisory);
                LOG.info("Advisory {} fanned out: {} notifications", advisory.advisoryId(), sent);
            }
            producer.sendOffsetsToTransaction(
                    Map.of(
                            new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1)),
                    consumer.groupMetadata());
            producer.commitTransaction();
        } catch (RuntimeException e) {
            producer.abortTransaction();
            throw e;
        }
    }

    private long fanOut(AdvisoryPublished advisory) {
        Instant codeExpiresAt = NotificationPlanner.codeExpiresAt(advisory, codeValidityAfterDeadline);
        long sent = 0;
        PartnerNotices partnerNotices = new PartnerNotices();
        long chunk = FIRST_CHUNK;
        long commitAt = chunk;
        String after = null;
        while (true) {
            String cursor = after;
            List<Practice> page = transactions.executeRead(
                    status -> practices.page(status.getConnection(), advisory.audience(), cursor, PAGE));
            if (page.isEmpty()) {
                // in the transaction that commits the consumed offset: the partners' mails with the last chunk
                return sent + tellPartners(advisory, partnerNotices, codeExpiresAt);
            }
            for (Practice practice : page) {
                if (advisory.recipients().partners()) {
                    partnerNotices.add(advisory, practice);
                }
                NotificationPlanner.ContactCodes practiceCodes =
                        contactId -> codes.codeFor(advisory.advisoryId(), practice.practiceId(), contactId)
                                .hash();
                for (NotificationRequested notification :
                        NotificationPlanner.plan(advisory, practice, practiceCodes, codeExpiresAt)) {
                    UUID eventId = NotificationPlanner.eventIdOf(notification);
                    send(events.wrap(eventId, notification), notification.channel());
                    if (++sent == commitAt) {
                        producer.commitTransaction();
                        producer.beginTransaction();
                        chunk = Math.min(CHUNK, chunk * 2);
                        commitAt = sent + chunk;
                    }
                }
            }
            after = page.get(page.size() - 1).practiceId();
        }
    }

    /**
     * One {@link PartnerNotificationRequested} (step {@code initial}) per IT service partner with targeted
     * practices; a partner the directory does not know or that has no email address is left out, and only their
     * number is logged.
     */
    private long tellPartners(AdvisoryPublished advisory, PartnerNotices notices, Instant codeExpiresAt) {
        if (notices.partnerIds().isEmpty()) {
            return 0;
        }
        Map<String, Partner> known =
                transactions.executeRead(status -> partners.findByIds(status.getConnection(), notices.partnerIds()));
        List<PartnerNotificationRequested> requests = notices.requests(
                advisory,
                known,
                NotificationPlanner.INITIAL,
                partnerId ->
                        codes.partnerCodeFor(advisory.advisoryId(), partnerId).hash(),
                codeExpiresAt);
        long sent = 0;
        for (PartnerNotificationRequested request : requests) {
            EventEnvelope<PartnerNotificationRequested> event = events.wrap(PartnerNotices.eventIdOf(request), request);
            if (PartnerNotices.fits(event)) {
                send(event, Channel.EMAIL);
                sent++;
            } else {
                LOG.error(
                        "Advisory {}: the mail to IT service partner {} lists {} practices, more than one event can"
                                + " carry; it is not sent",
                        advisory.advisoryId(),
                        request.partnerId(),
                        request.practices().size());
            }
        }
        long unreachable = notices.unreachable(known);
        if (unreachable > 0) {
            LOG.warn(
                    "Advisory {}: {} IT service partner(s) with targeted practices have no email address or are not"
                            + " in the directory; they get no mail",
                    advisory.advisoryId(),
                    unreachable);
        }
        return sent;
    }

    private void send(EventEnvelope<?> event, Channel channel) {
        ProducerRecord<String, byte[]> record = EventRecords.toRecord(event);
        record.headers().add(EventRecords.CHANNEL_HEADER, channel.name().getBytes(StandardCharsets.UTF_8));
        producer.send(record);
    }

    @PreDestroy
    void close() {
        producers.close(producer);
    }
}
