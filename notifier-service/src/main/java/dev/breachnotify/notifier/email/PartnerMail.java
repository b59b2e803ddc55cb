package dev.breachnotify.notifier.email;

import dev.breachnotify.events.Channel;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Partner;
import dev.breachnotify.events.PartnerNotificationRequested;

/**
 * A mail to an IT service partner on the email path: its request, and the partner as the directory has it now
 * ({@code null}: gone). The path keeps its books (in flight, delivery, retry, the {@code email.*} events) on
 * {@link #bookkeeping}, a notification without practice, so that a partner's mail is sent, retried, held and
 * dropped exactly as a practice's is.
 */
record PartnerMail(PartnerNotificationRequested request, Partner partner) {

    /** The request as the email path's notification: same id, advisory, step and recipients, no practice. */
    static NotificationRequested bookkeeping(PartnerNotificationRequested request) {
        return new NotificationRequested(
                request.notificationId(),
                request.advisoryId(),
                null,
                Channel.EMAIL,
                request.step(),
                request.language(),
                request.recipients(),
                request.codeHash(),
                request.codeExpiresAt());
    }
}
