package dev.breachnotify.notifier.bounce;

import java.util.List;

/**
 * What a delivery status notification (RFC 3464) says: per recipient the action and status, and the Message-IDs
 * by which the mail it reports on can be found.
 *
 * @param reportId           the report's own Message-ID, if any
 * @param originalMessageIds Message-IDs of the reported mail, best first: the returned message's
 *                           {@code Message-ID}, then {@code Original-Message-ID}, {@code In-Reply-To}, {@code References}
 */
record DeliveryStatusReport(String reportId, List<String> originalMessageIds, List<RecipientStatus> recipients) {

    /**
     * One per-recipient block.
     *
     * @param recipient  the address of {@code Final-Recipient} (or {@code Original-Recipient})
     * @param action     {@code failed}, {@code delayed}, {@code delivered}, {@code relayed} or {@code expanded}
     * @param status     the RFC 3463 status, e.g. {@code 5.1.1}
     * @param diagnostic {@code Diagnostic-Code}, if any
     */
    record RecipientStatus(String recipient, String action, String status, String diagnostic) {

        /** A permanent failure: action {@code failed} with a 5.x.x status. */
        boolean permanentFailure() {
            return action.equals("failed") && status.startsWith("5.");
        }
    }
}
