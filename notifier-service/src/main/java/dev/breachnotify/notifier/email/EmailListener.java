package dev.breachnotify.notifier.email;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.EmailDeferred;
import dev.breachnotify.events.EmailFailed;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Practice;
import dev.breachnotify.notifier.advisory.AckLinks;
import dev.breachnotify.notifier.advisory.AdvisoryService;
import dev.breachnotify.notifier.code.CodeIssuer;
import dev.breachnotify.notifier.directory.PracticeStore;
import dev.breachnotify.notifier.outbox.OutboxWriter;
import dev.breachnotify.notifier.template.MailRenderer;
import dev.breachnotify.platform.kafka.EventFactory;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.transaction.TransactionOperations;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The email worker: sends one mail per email {@link NotificationRequested}, records the outcome
 * ({@code email.sent} / {@code email.deferred} / {@code email.failed}) with the delivery row in one database
 * transaction, and only then lets the batch's offsets be committed. {@code breachnotify.notifier.email.workers}
 * consumers (default 3; at most the topic's partitions do work) send in parallel, each within the per-domain
 * limits of {@link DomainThrottle}. A redelivered notification that is already
 * recorded is skipped; a crash between a send and its record re-sends at most that one mail per worker.
 */
@KafkaListener(groupId = "notifier-email", batch = true, offsetReset = OffsetReset.EARLIEST,
        threadsValue = "${breachnotify.notifier.email.workers:3}",
        isolation = IsolationLevel.READ_COMMITTED, offsetStrategy = OffsetStrategy.SYNC,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR, retryDelay = "5s",
                retryCount = 10_000))
public class EmailListener {

    private static final Logger LOG = LoggerFactory.getLogger(EmailListener.class);

    private final TransactionOperations<Connection> transactions;
    private final DeliveryStore deliveries;
    private final PracticeStore practices;
    private final AdvisoryService advisories;
    private final CodeIssuer codes;
    private final AckLinks links;
    private final MailRenderer renderer;
    private final Mailer mailer;
    private final OutboxWriter outbox;
    private final EventFactory events;
    private final EmailSettings settings;
    private final Clock clock;
    private final DomainThrottle throttle;

    public EmailListener(TransactionOperations<Connection> transactions, DeliveryStore deliveries,
                         PracticeStore practices, AdvisoryService advisories, CodeIssuer codes, AckLinks links,
                         MailRenderer renderer, Mailer mailer, OutboxWriter outbox, EventFactory events,
                         EmailSettings settings, Clock clock) {
        this.transactions = transactions;
        this.deliveries = deliveries;
        this.practices = practices;
        this.advisories = advisories;
        this.codes = codes;
        this.links = links;
        this.renderer = renderer;
        this.mailer = mailer;
        this.outbox = outbox;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.throttle = new DomainThrottle(settings.defaultLimit(), settings.limitsByDomain());
    }

    @Topic(dev.breachnotify.events.Topic.Names.NOTIFICATIONS)
    void onNotifications(List<ConsumerRecord<String, byte[]>> records) {
        List<NotificationRequested> emails = records.stream()
                .map(record -> EventCodec.decode(record.value()).payload())
                .filter(payload -> payload instanceof NotificationRequested n && n.channel() == Channel.EMAIL)
                .map(NotificationRequested.class::cast)
                .toList();
        if (emails.isEmpty()) {
            return;
        }
        Set<UUID> finished = transactions.executeRead(status -> deliveries.finished(status.getConnection(),
                emails.stream().map(NotificationRequested::notificationId).toList()));
        Map<String, Practice> directory = transactions.executeRead(status -> practices.findByIds(
                status.getConnection(), emails.stream().map(NotificationRequested::practiceId).toList()));
        for (NotificationRequested notification : emails) {
            if (finished.contains(notification.notificationId())) {
                continue;
            }
            Practice practice = directory.get(notification.practiceId());
            if (practice == null) {
                finish(notification, new SendOutcome(SendOutcome.Kind.PERMANENT, null,
                        "practice no longer in the directory"), 0);
                continue;
            }
            deliver(notification, practice);
        }
    }

    private void deliver(NotificationRequested notification, Practice practice) {
        AdvisoryPublished advisory = advisories.published(notification.advisoryId());
        String code = codes.codeFor(notification.advisoryId(), notification.practiceId()).formatted();
        OutgoingMail mail = new OutgoingMail(notification.notificationId(), notification.recipients(),
                practice.language(), renderer.render(advisory, practice, links.linkFor(code), code));
        Duration backoff = settings.getInitialBackoff();
        for (int attempt = 1; ; attempt++) {
            SendOutcome outcome = sendThrottled(mail);
            if (outcome.kind() != SendOutcome.Kind.TRANSIENT || attempt >= settings.getMaxAttempts()) {
                finish(notification, outcome, attempt);
                return;
            }
            Duration wait = backoff.plusMillis(ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2 + 1));
            deferred(notification, outcome, attempt, wait);
            sleep(wait);
            backoff = backoff.multipliedBy(2);
        }
    }

    /** Sends within the limits of every recipient domain. */
    private SendOutcome sendThrottled(OutgoingMail mail) {
        List<String> domains = mail.recipients().stream()
                .map(recipient -> recipient.substring(recipient.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT))
                .distinct().sorted().toList();
        List<DomainThrottle.Permit> permits = new ArrayList<>(domains.size());
        try {
            for (String domain : domains) {
                permits.add(throttle.acquire(domain));
            }
            return mailer.send(mail);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a domain's send limit", e);
        } finally {
            permits.forEach(DomainThrottle.Permit::close);
        }
    }

    private void finish(NotificationRequested notification, SendOutcome outcome, int attempts) {
        boolean sent = outcome.kind() == SendOutcome.Kind.SENT;
        EventPayload payload = sent
                ? new EmailSent(notification.notificationId(), notification.advisoryId(), notification.practiceId(),
                        notification.recipients(), mailer.messageId(notification.notificationId()), outcome.detail(),
                        attempts)
                : new EmailFailed(notification.notificationId(), notification.advisoryId(),
                        notification.practiceId(), outcome.smtpCode(), outcome.detail(), attempts,
                        outcome.kind() == SendOutcome.Kind.PERMANENT);
        transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            deliveries.record(connection, notification.notificationId(), notification.advisoryId(),
                    notification.practiceId(), sent, attempts, outcome.smtpCode(), outcome.detail(), clock.instant());
            outbox.append(connection, List.of(events.wrap(payload)));
            return null;
        });
        if (!sent) {
            LOG.info("Email for notification {} failed after {} attempt(s): {} {}", notification.notificationId(),
                    attempts, outcome.smtpCode(), outcome.kind());
        }
    }

    private void deferred(NotificationRequested notification, SendOutcome outcome, int attempt, Duration wait) {
        EmailDeferred payload = new EmailDeferred(notification.notificationId(), notification.advisoryId(),
                notification.practiceId(), outcome.smtpCode(), outcome.detail(), attempt, clock.instant().plus(wait));
        transactions.executeWrite(status -> {
            outbox.append(status.getConnection(), List.of(events.wrap(payload)));
            return null;
        });
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a mail", e);
        }
    }
}
