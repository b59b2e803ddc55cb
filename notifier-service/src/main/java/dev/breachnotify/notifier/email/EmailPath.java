package dev.breachnotify.notifier.email;

import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Partner;
import dev.breachnotify.events.PartnerNotificationRequested;
import dev.breachnotify.events.Practice;
import dev.breachnotify.notifier.directory.PartnerStore;
import dev.breachnotify.notifier.directory.PracticeStore;
import dev.breachnotify.notifier.lifecycle.AdvisoryState;
import dev.breachnotify.notifier.lifecycle.SendGate;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * What the email worker and the retrier share: one path from a notification to a recorded outcome (the
 * directory, the sender, the delivery and retry rows, the outcome's record), so that a retry is sent and recorded
 * exactly as a first attempt is; and the one question both ask before they send: may this go out now?
 */
@Singleton
record EmailPath(
        TransactionOperations<Connection> transactions,
        DeliveryStore deliveries,
        PracticeStore practices,
        PartnerStore partners,
        EmailSender sender,
        DeliveryRecorder recorder,
        EmailSettings settings,
        Clock clock,
        SendGate gate) {

    /**
     * Asks the gate about each notification, in the caller's transaction (which then holds the advisories' states
     * until it ends), and sorts them: those to send become attempts, the others are answered here (dropped or
     * held). Returns the attempts; the answered ones are added to {@code done}.
     */
    List<EmailSender.Attempt> gate(Connection connection, List<EmailSender.Attempt> candidates, List<Delivery> done)
            throws SQLException {
        Map<String, AdvisoryState> states = gate.holdOpen(
                connection,
                candidates.stream()
                        .map(attempt -> attempt.notification().advisoryId())
                        .distinct()
                        .toList());
        Instant now = clock.instant();
        List<EmailSender.Attempt> toSend = new ArrayList<>(candidates.size());
        for (EmailSender.Attempt attempt : candidates) {
            String advisoryId = attempt.notification().advisoryId();
            switch (SendGate.answer(states, advisoryId, AdvisoryState.Outbound.TO_PRACTICE)) {
                case SEND -> toSend.add(attempt);
                case HOLD ->
                    done.add(ofPartnerMail(
                            attempt,
                            EmailSender.held(
                                    attempt.notification(),
                                    attempt.round(),
                                    now,
                                    now.plus(settings.getRetryPollInterval()),
                                    settings.getRetryDeadline())));
                case DROP ->
                    done.add(ofPartnerMail(
                            attempt,
                            EmailSender.dropped(
                                    attempt.notification(),
                                    attempt.round(),
                                    states.getOrDefault(advisoryId, AdvisoryState.WITHDRAWN))));
            }
        }
        return toSend;
    }

    /** A held partner's mail must keep its request in the retry row, to be rendered when it is let go. */
    private static Delivery ofPartnerMail(EmailSender.Attempt attempt, Delivery delivery) {
        return attempt.partnerMail() == null
                ? delivery
                : delivery.ofPartnerMail(attempt.partnerMail().request());
    }

    /**
     * The attempts of a batch's mails (practices', contacts' and partners'): each with its addressee as the
     * directory has it now, read in the caller's transaction.
     */
    List<EmailSender.Attempt> attempts(
            Connection connection,
            List<NotificationRequested> notifications,
            Map<UUID, PartnerNotificationRequested> partnerMails,
            Function<NotificationRequested, EmailSender.Round> rounds)
            throws SQLException {
        Map<String, Practice> directory = practices.findByIds(
                connection,
                notifications.stream()
                        .map(NotificationRequested::practiceId)
                        .filter(Objects::nonNull)
                        .distinct()
                        .toList());
        Map<String, Partner> partnerDirectory = partnerMails.isEmpty()
                ? Map.of()
                : partners.findByIds(
                        connection,
                        partnerMails.values().stream()
                                .map(PartnerNotificationRequested::partnerId)
                                .distinct()
                                .toList());
        List<EmailSender.Attempt> attempts = new ArrayList<>(notifications.size());
        for (NotificationRequested notification : notifications) {
            PartnerNotificationRequested request = partnerMails.get(notification.notificationId());
            attempts.add(new EmailSender.Attempt(
                    notification,
                    notification.practiceId() == null ? null : directory.get(notification.practiceId()),
                    rounds.apply(notification),
                    request == null ? null : new PartnerMail(request, partnerDirectory.get(request.partnerId()))));
        }
        return attempts;
    }
}
