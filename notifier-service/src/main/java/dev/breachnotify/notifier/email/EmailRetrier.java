package dev.breachnotify.notifier.email;

import dev.breachnotify.events.Practice;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionDefinition;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The durable retries: every {@code retry-poll-interval} claims the deferred mails that are due
 * ({@code SELECT ... FOR UPDATE SKIP LOCKED}, so several instances share them and none is sent by two), sends them
 * through {@link EmailSender} like the worker does, and records the outcome in the same transaction: sent, failed
 * for good (5xx), deferred again, or failed with {@code retriesExpired} once the deadline has passed (which
 * becomes a letter). A retry whose advisory was withdrawn is dropped unsent. A crash while sending rolls the claim
 * back: the mails are tried again later, and one whose 250 came just before the crash is sent twice; the claimed
 * mails are marked in flight (committed before the sends), so that second {@code email.sent} carries
 * {@code possibleDuplicate: true}.
 */
@Singleton
public class EmailRetrier {

    private static final Logger LOG = LoggerFactory.getLogger(EmailRetrier.class);

    private final EmailPath email;

    public EmailRetrier(EmailPath email) {
        this.email = email;
    }

    @Scheduled(fixedDelay = "${breachnotify.notifier.email.retry-poll-interval:10s}",
            initialDelay = "${breachnotify.notifier.email.retry-poll-interval:10s}")
    void retryDue() {
        int batch = Math.max(1, email.settings().getRetryBatchSize());
        try {
            while (retryBatch(batch) == batch) {
                LOG.debug("a full batch of retries was due; claiming the next");
            }
        } catch (RuntimeException e) {
            LOG.warn("Retrying deferred mails failed; trying again in {}: {}",
                    email.settings().getRetryPollInterval(), e.toString());
        }
    }

    /** Claims, sends and records one batch of due retries; returns how many were claimed. */
    int retryBatch(int limit) {
        return email.transactions().executeWrite(status -> {
            Connection connection = status.getConnection();
            List<DeliveryStore.Retry> due = email.deliveries().claimDue(connection, email.clock().instant(),
                    limit);
            if (due.isEmpty()) {
                return 0;
            }
            Map<String, Practice> directory = email.practices().findByIds(connection,
                    due.stream().map(retry -> retry.notification().practiceId()).distinct().toList());
            // Marked in flight in a transaction of its own, committed before the sends: a crash rolls the claim
            // back but leaves the mark, so the next attempt announces a possible duplicate.
            Set<UUID> wasInFlight = email.transactions().execute(
                    TransactionDefinition.of(TransactionDefinition.Propagation.REQUIRES_NEW),
                    mark -> email.deliveries().markInFlight(mark.getConnection(), due.stream()
                            .filter(retry -> !retry.withdrawn()).map(retry -> retry.notification().notificationId())
                            .toList(), email.clock().instant()));
            List<Delivery> done = new ArrayList<>(due.size());
            List<EmailSender.Attempt> toSend = new ArrayList<>(due.size());
            for (DeliveryStore.Retry retry : due) {
                EmailSender.Round round = new EmailSender.Round(retry.attempts(), retry.firstAttemptAt(),
                        retry.deadline(), 1, wasInFlight.contains(retry.notification().notificationId()));
                if (retry.withdrawn()) {
                    done.add(EmailSender.withdrawn(retry.notification(), round));
                } else {
                    toSend.add(new EmailSender.Attempt(retry.notification(),
                            directory.get(retry.notification().practiceId()), round));
                }
            }
            done.addAll(email.sender().deliverAll(toSend));
            email.recorder().record(connection, done);
            LOG.info("Retried {} deferred mail(s): {} sent, {} deferred again, {} failed", due.size(),
                    done.stream().filter(Delivery::sent).count(), done.stream().filter(Delivery::deferred).count(),
                    done.stream().filter(delivery -> delivery.status() == Delivery.Status.FAILED).count());
            return due.size();
        });
    }
}
