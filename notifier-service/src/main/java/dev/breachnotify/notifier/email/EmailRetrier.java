package dev.breachnotify.notifier.email;

import dev.breachnotify.events.PartnerNotificationRequested;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionDefinition;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable retries: every {@code retry-poll-interval} claims the deferred mails that are due
 * ({@code SELECT ... FOR UPDATE SKIP LOCKED}, so several instances share them and none is sent by two), sends them
 * through {@link EmailSender} like the worker does, and records the outcome in the same transaction: sent, failed
 * for good (5xx), deferred again, or failed with {@code retriesExpired} once the deadline has passed (which
 * becomes a letter). Before sending it asks the {@link dev.breachnotify.notifier.lifecycle.SendGate} in the same
 * transaction: a retry whose advisory was withdrawn or closed is dropped unsent, one whose advisory is paused is held
 * for the next poll. A crash while sending rolls the claim
 * back: the mails are tried again later, and one whose 250 came just before the crash is sent twice; the claimed
 * mails are marked in flight (committed before the sends), so that second {@code email.sent} carries
 * {@code possibleDuplicate: true}. After each poll the backlog (retries waiting, the next one's time) goes to
 * {@link MailMetrics}.
 */
@Singleton
public class EmailRetrier {

    private static final Logger LOG = LoggerFactory.getLogger(EmailRetrier.class);

    private final EmailPath email;
    private final MailMetrics metrics;

    public EmailRetrier(EmailPath email, MailMetrics metrics) {
        this.email = email;
        this.metrics = metrics;
    }

    @Scheduled(
            fixedDelay = "${breachnotify.notifier.email.retry-poll-interval:10s}",
            initialDelay = "${breachnotify.notifier.email.retry-poll-interval:10s}")
    void retryDue() {
        int batch = Math.max(1, email.settings().getRetryBatchSize());
        try {
            // the backlog goes to the metrics after every batch: a long backlog keeps this loop busy for minutes
            while (retryBatch(batch) == batch) {
                LOG.debug("a full batch of retries was due; claiming the next");
                reportBacklog();
            }
            reportBacklog();
        } catch (RuntimeException e) {
            LOG.warn(
                    "Retrying deferred mails failed; trying again in {}: {}",
                    email.settings().getRetryPollInterval(),
                    e.toString());
        }
    }

    private void reportBacklog() {
        Instant now = email.clock().instant();
        metrics.retries(
                email.transactions().executeRead(status -> email.deliveries().backlog(status.getConnection(), now)),
                now);
    }

    /** Claims, sends and records one batch of due retries; returns how many were claimed. */
    int retryBatch(int limit) {
        return email.transactions().executeWrite(status -> {
            Connection connection = status.getConnection();
            List<DeliveryStore.Retry> due =
                    email.deliveries().claimDue(connection, email.clock().instant(), limit);
            if (due.isEmpty()) {
                return 0;
            }
            Map<UUID, PartnerNotificationRequested> partnerMails = new HashMap<>();
            for (DeliveryStore.Retry retry : due) {
                if (retry.partnerMail() != null) {
                    partnerMails.put(retry.notification().notificationId(), retry.partnerMail());
                }
            }
            Map<UUID, DeliveryStore.Retry> byId = new HashMap<>();
            due.forEach(retry -> byId.put(retry.notification().notificationId(), retry));
            List<Delivery> done = new ArrayList<>(due.size());
            List<EmailSender.Attempt> claimed = email.attempts(
                    connection,
                    due.stream().map(DeliveryStore.Retry::notification).toList(),
                    partnerMails,
                    notification -> {
                        DeliveryStore.Retry retry = byId.get(notification.notificationId());
                        return new EmailSender.Round(
                                retry.attempts(), retry.firstAttemptAt(), retry.deadline(), 1, false);
                    });
            // the gate holds the advisories' states until this transaction ends, after the sends are recorded
            List<EmailSender.Attempt> allowed = email.gate(connection, claimed, done);
            // Marked in flight in a transaction of its own, committed before the sends: a crash rolls the claim
            // back but leaves the mark, so the next attempt announces a possible duplicate.
            Set<UUID> wasInFlight = allowed.isEmpty()
                    ? Set.of()
                    : email.transactions()
                            .execute(
                                    TransactionDefinition.of(TransactionDefinition.Propagation.REQUIRES_NEW),
                                    mark -> email.deliveries()
                                            .markInFlight(
                                                    mark.getConnection(),
                                                    allowed.stream()
                                                            .map(attempt -> attempt.notification()
                                                                    .notificationId())
                                                            .toList(),
                                                    email.clock().instant()));
            done.addAll(email.sender()
                    .deliverAll(allowed.stream()
                            .map(attempt -> attempt.in(new EmailSender.Round(
                                    attempt.round().attemptsBefore(),
                                    attempt.round().firstAttemptAt(),
                                    attempt.round().deadline(),
                                    1,
                                    wasInFlight.contains(attempt.notification().notificationId()))))
                            .toList()));
            email.recorder().record(connection, done);
            LOG.info(
                    "Retried {} deferred mail(s): {} sent, {} deferred again, {} failed",
                    due.size(),
                    done.stream().filter(Delivery::sent).count(),
                    done.stream().filter(Delivery::deferred).count(),
                    done.stream()
                            .filter(delivery -> delivery.status() == Delivery.Status.FAILED)
                            .count());
            return due.size();
        });
    }
}
