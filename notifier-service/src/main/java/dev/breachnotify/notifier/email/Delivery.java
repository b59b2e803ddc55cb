package dev.breachnotify.notifier.email;

import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.PartnerNotificationRequested;
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
 * @param partnerMail    for a mail to an IT service partner, its request (to retry it); else {@code null}. The
 *                       ninth component: {@code notification} is the mail's bookkeeping for every mail, this is what
 *                       only a partner's mail has, and a holder class would only rename the pair
 */
record Delivery(
        NotificationRequested notification,
        Status status,
        SendOutcome outcome,
        int attempts,
        List<EventPayload> events,
        Instant firstAttemptAt,
        Instant nextAttemptAt,
        Instant deadline,
        PartnerNotificationRequested partnerMail) {

    /** The delivery of a practice's (or contact's) mail. */
    Delivery(
            NotificationRequested notification,
            Status status,
            SendOutcome outcome,
            int attempts,
            List<EventPayload> events,
            Instant firstAttemptAt,
            Instant nextAttemptAt,
            Instant deadline) {
        this(notification, status, outcome, attempts, events, firstAttemptAt, nextAttemptAt, deadline, null);
    }

    /** The same delivery, of a partner's mail. */
    Delivery ofPartnerMail(PartnerNotificationRequested request) {
        return new Delivery(
                notification, status, outcome, attempts, events, firstAttemptAt, nextAttemptAt, deadline, request);
    }

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
