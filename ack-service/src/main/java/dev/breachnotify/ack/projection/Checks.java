package dev.breachnotify.ack.projection;

import dev.breachnotify.events.AcknowledgementRecorded;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.CredentialRotationConfirmed;
import dev.breachnotify.events.EmailBounced;
import dev.breachnotify.events.EmailDeferred;
import dev.breachnotify.events.EmailFailed;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.PartnerNotificationRequested;
import dev.breachnotify.events.PartnerRegistered;
import dev.breachnotify.events.PartnerResponsibilityDeclined;
import dev.breachnotify.events.PartnerUpdated;
import dev.breachnotify.events.PracticeRegistered;
import dev.breachnotify.events.PracticeUpdated;

/**
 * What a payload must carry before it can be written: an event that lacks it would fail the same way on
 * every retry and stop the projection, so it is skipped instead (and named in the log).
 */
final class Checks {

    private Checks() {}

    /** @return why the payload cannot be applied, or {@code null} if it can */
    static String problemOf(EventPayload payload) {
        if (payload instanceof PracticeRegistered registered) {
            return registered.practice() == null || blank(registered.practice().practiceId()) ? "no practice id" : null;
        }
        if (payload instanceof PracticeUpdated updated) {
            return updated.practice() == null || blank(updated.practice().practiceId()) ? "no practice id" : null;
        }
        if (payload instanceof AdvisoryPublished advisory) {
            return blank(advisory.advisoryId())
                    ? "no advisory id"
                    : advisory.texts() == null || advisory.texts().isEmpty() ? "no texts" : null;
        }
        if (payload instanceof NotificationRequested notification) {
            return notification.notificationId() == null ? "no notification id" : ids(notification);
        }
        if (payload instanceof EmailSent sent) {
            return sent.notificationId() == null ? "no notification id" : deliveryIds(sent);
        }
        if (payload instanceof EmailDeferred deferred) {
            return deferred.notificationId() == null ? "no notification id" : deliveryIds(deferred);
        }
        if (payload instanceof EmailFailed failed) {
            return failed.notificationId() == null ? "no notification id" : deliveryIds(failed);
        }
        if (payload instanceof EmailBounced bounced) {
            return bounced.notificationId() == null ? "no notification id" : deliveryIds(bounced);
        }
        if (payload instanceof PartnerRegistered registered) {
            return registered.partner() == null || blank(registered.partner().partnerId()) ? "no partner id" : null;
        }
        if (payload instanceof PartnerUpdated updated) {
            return updated.partner() == null || blank(updated.partner().partnerId()) ? "no partner id" : null;
        }
        if (payload instanceof PartnerNotificationRequested notification) {
            return notification.notificationId() == null
                            || blank(notification.advisoryId())
                            || blank(notification.partnerId())
                    ? "incomplete partner notification"
                    : null;
        }
        if (payload instanceof PartnerResponsibilityDeclined declined) {
            return declined.submissionId() == null
                            || declined.submittedAt() == null
                            || declined.confirmedBy() == null
                            || blank(declined.credentialId())
                            || blank(declined.partnerId())
                    ? "incomplete partner statement"
                    : ids(declined);
        }
        if (payload instanceof AcknowledgementRecorded ack) {
            return ack.submissionId() == null || ack.submittedAt() == null || ack.confirmedBy() == null
                    ? "incomplete acknowledgement"
                    : ids(ack);
        }
        if (payload instanceof CredentialRotationConfirmed confirmation) {
            return confirmation.submissionId() == null
                            || confirmation.submittedAt() == null
                            || confirmation.confirmedBy() == null
                            || confirmation.status() == null
                            || blank(confirmation.credentialId())
                    ? "incomplete confirmation"
                    : ids(confirmation);
        }
        return null;
    }

    /** A delivery of a partner's mail has no practice; it is not projected, but not a problem either. */
    private static String deliveryIds(EventPayload payload) {
        return blank(payload.advisoryId()) ? "no advisory id" : null;
    }

    private static String ids(EventPayload payload) {
        return blank(payload.advisoryId()) || blank(payload.practiceId()) ? "no advisory or practice id" : null;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
