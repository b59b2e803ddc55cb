package dev.breachnotify.notifier.email;

import dev.breachnotify.events.Channel;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.PartnerNotificationRequested;
import dev.breachnotify.notifier.deadletter.DeadLetters;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;

/**
 * The email worker: sends one mail per email {@link NotificationRequested} and per
 * {@link PartnerNotificationRequested} (a mail to an IT service partner, {@link PartnerMail}) of a polled batch, in parallel over
 * the relay connections ({@link EmailSender}), each within the per-domain limits; then records every outcome
 * ({@code email.sent} / {@code email.deferred} / {@code email.failed}) with its delivery or retry row in one
 * database transaction, and only then lets the batch's offsets be committed. A deferred mail is tried again in
 * the worker at most {@code max-attempts} times with a short backoff, then handed to {@link EmailRetrier}, so a
 * slow relay does not hold the batch. A redelivered notification that is already recorded (sent, failed, or
 * waiting for a retry) is skipped. Before sending, the batch's notifications are marked in flight (one INSERT); a
 * crash between a relay's 250 and the batch's record re-sends at most that batch (the in-flight window,
 * {@code max.poll.records}), and each re-sent notification that was in flight is announced as {@code email.sent}
 * with {@code possibleDuplicate: true} (same notification id and Message-ID as the first send). The sends happen
 * inside the transaction that asked the {@link dev.breachnotify.notifier.lifecycle.SendGate} and records them: a
 * paused advisory's mails are held as retries, a withdrawn or closed one's are not sent.
 */
@KafkaListener(
        groupId = "notifier-email",
        batch = true,
        offsetReset = OffsetReset.EARLIEST,
        threadsValue = "${breachnotify.notifier.email.workers:3}",
        isolation = IsolationLevel.READ_COMMITTED,
        offsetStrategy = OffsetStrategy.SYNC,
        errorStrategy =
                @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR, retryDelay = "5s", retryCount = 10_000))
public class EmailListener {

    private final EmailPath email;
    private final DeadLetters deadLetters;

    public EmailListener(EmailPath email, DeadLetters deadLetters) {
        this.email = email;
        this.deadLetters = deadLetters;
    }

    @Topic(dev.breachnotify.events.Topic.Names.NOTIFICATIONS)
    void onNotifications(List<ConsumerRecord<String, byte[]>> records) {
        Map<UUID, PartnerNotificationRequested> partnerMails = new HashMap<>();
        List<NotificationRequested> emails = new ArrayList<>();
        for (EventEnvelope<EventPayload> event : deadLetters.readable(records, "notifier-email")) {
            if (event.payload() instanceof NotificationRequested n && n.channel() == Channel.EMAIL) {
                emails.add(n);
            } else if (event.payload() instanceof PartnerNotificationRequested partner) {
                partnerMails.put(partner.notificationId(), partner);
                emails.add(PartnerMail.bookkeeping(partner));
            }
        }
        if (emails.isEmpty()) {
            return;
        }
        Set<UUID> handled = email.transactions()
                .executeRead(status -> email.deliveries()
                        .handled(
                                status.getConnection(),
                                emails.stream()
                                        .map(NotificationRequested::notificationId)
                                        .toList()));
        Instant now = email.clock().instant();
        List<NotificationRequested> toSend = new ArrayList<>();
        for (NotificationRequested notification : emails) {
            if (handled.add(notification.notificationId())) {
                toSend.add(notification);
            }
        }
        if (toSend.isEmpty()) {
            return;
        }
        Set<UUID> wasInFlight = email.transactions()
                .executeWrite(status -> email.deliveries()
                        .markInFlight(
                                status.getConnection(),
                                toSend.stream()
                                        .map(NotificationRequested::notificationId)
                                        .toList(),
                                now));
        List<EmailSender.Attempt> attempts = email.transactions()
                .executeRead(status -> email.attempts(
                        status.getConnection(),
                        toSend,
                        partnerMails,
                        notification -> EmailSender.Round.first(
                                now, email.settings(), wasInFlight.contains(notification.notificationId()))));
        // one transaction from the gate's answer to the record: a withdrawal or pause waits for these sends
        email.transactions().executeWrite(status -> {
            List<Delivery> done = new ArrayList<>(attempts.size());
            List<EmailSender.Attempt> allowed = email.gate(status.getConnection(), attempts, done);
            done.addAll(email.sender().deliverAll(allowed));
            email.recorder().record(status.getConnection(), done);
            return null;
        });
    }
}
