package dev.breachnotify.events;

import java.util.UUID;

/**
 * A delivery status notification (RFC 3464) came back for a mail the relay had accepted: the receiving side
 * failed to deliver it ({@code action: failed}; {@code permanent} for a 5.x.x status, a hard bounce that becomes
 * a letter) or reports a delay ({@code action: delayed}, 4.x.x, informational only).
 *
 * @param recipient  the final recipient the report is about
 * @param status     the RFC 3463 status code, e.g. {@code 5.1.1}
 * @param diagnostic the remote server's diagnostic code, if the report has one
 * @param reportId   the report's own Message-ID, if it has one
 */
public record EmailBounced(
        UUID notificationId,
        String advisoryId,
        String practiceId,
        String recipient,
        String action,
        String status,
        String diagnostic,
        boolean permanent,
        String reportId)
        implements EventPayload {}
