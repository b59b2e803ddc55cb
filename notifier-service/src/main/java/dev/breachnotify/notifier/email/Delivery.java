package dev.breachnotify.notifier.email;

import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.NotificationRequested;
import java.time.Instant;
import java.util.List;

/**
 * What became of one notification's mail after this round of attempts: sent, failed for good, or deferred to
 * {@code nextAttemptAt}; with the events to record (an {@code email.deferred} per failed try, then
 * {@code email.sent} or {@code email.failed}).
 *
 * @param attempts       attempts made in total, across rounds
 * @param firstAttemptAt when the first attempt was made (the retry deadline counts from it)
 * @param nextAttemptAt  for a deferred mail, when to try again; else {@code null}
 * @param deadline       the first attempt plus the retry deadline
 */
record Delivery(
        NotificationRequested notification,
        Status status,
        SendOutcome outcome,
        int attempts,
        List<EventPayload> events,
        Instant firstAttemptAt,
        Instant nextAttemptAt,
        Instant deadline) {

    enum Status {
        SENT,
        FAILED,
        DEFERRED
    }

    boolean sent() {
        return status == Status.SENT;
    }

    boolean deferred() {
        return status == Status.DEFERRED;
    }
}
