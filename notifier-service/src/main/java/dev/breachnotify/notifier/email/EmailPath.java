package dev.breachnotify.notifier.email;

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
                    done.add(EmailSender.held(
                            attempt.notification(),
                            attempt.round(),
                            now,
                            now.plus(settings.getRetryPollInterval()),
                            settings.getRetryDeadline()));
                case DROP ->
                    done.add(EmailSender.dropped(
                            attempt.notification(),
                            attempt.round(),
                            states.getOrDefault(advisoryId, AdvisoryState.WITHDRAWN)));
            }
        }
        return toSend;
    }
}
