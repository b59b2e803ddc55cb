package dev.breachnotify.notifier.email;

import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.NotificationRequested;

import java.util.List;

/**
 * What became of one notification's mail: the final outcome after {@code attempts} tries, and the events to
 * record (any {@code email.deferred} for the failed tries, then {@code email.sent} or {@code email.failed}).
 */
record Delivery(NotificationRequested notification, SendOutcome outcome, int attempts, List<EventPayload> events) {

    boolean sent() {
        return outcome.kind() == SendOutcome.Kind.SENT;
    }
}
