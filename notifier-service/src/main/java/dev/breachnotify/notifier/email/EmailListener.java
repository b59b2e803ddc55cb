package dev.breachnotify.notifier.email;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.EmailDeferred;
import dev.breachnotify.events.EmailFailed;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.notifier.deadletter.DeadLetters;
import dev.breachnotify.events.EventEnvelope;
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
import jakarta.annotation.PreDestroy;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The email worker: sends one mail per email {@link NotificationRequested} of a polled batch, in parallel over
 * the relay connections ({@code breachnotify.notifier.email.senders}), each within the per-domain limits of
 * {@link DomainThrottle}; then records every outcome ({@code email.sent} / {@code email.deferred} /
 * {@code email.failed}) with its delivery row in one database transaction, and only then lets the batch's offsets
 * be committed. A redelivered notification that is already recorded is skipped. A crash between a relay's 250 and
 * the batch's record re-sends at most that batch (the in-flight window, {@code max.poll.records}); the duplicate
 * is visible as a second {@code email.sent} with the same notification id and Message-ID.
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
    private final MailMetrics metrics;
    private final ExecutorService senders;
    private final DeadLetters deadLetters;

    public EmailListener(TransactionOperations<Connection> transactions, DeliveryStore deliveries,
                         PracticeStore practices, AdvisoryService advisories, CodeIssuer codes, AckLinks links,
                         MailRenderer renderer, Mailer mailer, OutboxWriter outbox, EventFactory events,
                         EmailSettings settings, MailMetrics metrics, Clock clock, DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
        this.metrics = metrics;
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
        this.senders = Executors.newFixedThreadPool(Math.max(1, settings.getSenders()), runnable -> {
            Thread thread = new Thread(runnable, "email-sender");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Topic(dev.breachnotify.events.Topic.Names.NOTIFICATIONS)
    void onNotifications(List<ConsumerRecord<String, byte[]>> records) {
        List<NotificationRequested> emails = deadLetters.readable(records, "notifier-email").stream()
                .map(EventEnvelope::payload)
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
        List<CompletableFuture<Delivery>> sending = new ArrayList<>();
        for (NotificationRequested notification : emails) {
            if (!finished.contains(notification.notificationId())) {
                Practice practice = directory.get(notification.practiceId());
                sending.add(CompletableFuture.supplyAsync(() -> deliver(notification, practice), senders));
            }
        }
        List<Delivery> done = sending.stream().map(CompletableFuture::join).toList();
        record(done);
    }

    private Delivery deliver(NotificationRequested notification, Practice practice) {
        if (practice == null) {
            return delivery(notification, new SendOutcome(SendOutcome.Kind.PERMANENT, null,
                    "practice no longer in the directory"), 0, new ArrayList<>());
        }
        AdvisoryPublished advisory = advisories.published(notification.advisoryId());
        String code = codes.codeFor(notification.advisoryId(), notification.practiceId()).formatted();
        OutgoingMail mail = new OutgoingMail(notification.notificationId(), notification.recipients(),
                practice.language(), renderer.render(advisory, practice, links.linkFor(code), code,
                notification.step()));
        List<EventPayload> deferrals = new ArrayList<>();
        Duration backoff = settings.getInitialBackoff();
        for (int attempt = 1; ; attempt++) {
            SendOutcome outcome = sendThrottled(mail);
            if (outcome.kind() != SendOutcome.Kind.TRANSIENT || attempt >= settings.getMaxAttempts()) {
                return delivery(notification, outcome, attempt, deferrals);
            }
            Duration wait = backoff.plusMillis(ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2 + 1));
            deferrals.add(new EmailDeferred(notification.notificationId(), notification.advisoryId(),
                    notification.practiceId(), outcome.smtpCode(), outcome.detail(), attempt,
                    clock.instant().plus(wait)));
            sleep(wait);
            backoff = backoff.multipliedBy(2);
        }
    }

    private Delivery delivery(NotificationRequested notification, SendOutcome outcome, int attempts,
                              List<EventPayload> events) {
        events.add(outcome.kind() == SendOutcome.Kind.SENT
                ? new EmailSent(notification.notificationId(), notification.advisoryId(), notification.practiceId(),
                        notification.recipients(), mailer.messageId(notification.notificationId()), outcome.detail(),
                        attempts)
                : new EmailFailed(notification.notificationId(), notification.advisoryId(),
                        notification.practiceId(), outcome.smtpCode(), outcome.detail(), attempts,
                        outcome.kind() == SendOutcome.Kind.PERMANENT));
        if (outcome.kind() != SendOutcome.Kind.SENT) {
            LOG.info("Email for notification {} failed after {} attempt(s): {} {}", notification.notificationId(),
                    attempts, outcome.smtpCode(), outcome.kind());
        }
        return new Delivery(notification, outcome, attempts, events);
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
            long started = System.nanoTime();
            SendOutcome outcome = mailer.send(mail);
            metrics.record(mail.recipients().get(0), outcome, Duration.ofNanos(System.nanoTime() - started));
            return outcome;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a domain's send limit", e);
        } finally {
            permits.forEach(DomainThrottle.Permit::close);
        }
    }

    private void record(List<Delivery> done) {
        if (done.isEmpty()) {
            return;
        }
        List<EventEnvelope<?>> outcomes = new ArrayList<>();
        done.forEach(delivery -> delivery.events().forEach(payload -> outcomes.add(events.wrap(payload))));
        transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            deliveries.recordAll(connection, done, clock.instant());
            outbox.append(connection, outcomes);
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

    @PreDestroy
    void stopSenders() {
        senders.shutdownNow();
    }
}
