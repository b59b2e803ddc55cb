package dev.breachnotify.ack.progress;

import dev.breachnotify.events.RotationStatus;

import java.util.List;
import java.util.Map;

/**
 * How far the practices have got with an advisory.
 *
 * @param targeted       practices with at least one notification
 * @param emailsSent     practices with at least one email the relay accepted
 * @param emailsFailed   practices whose email failed for good and none was accepted: candidates for a letter
 * @param acknowledged   practices that confirmed receipt
 * @param fullyConfirmed practices that answered for every credential of the advisory (for an advisory without
 *                       credentials: that confirmed receipt)
 * @param credentials    per credential, the practices by their latest answer
 */
public record AdvisoryProgress(
        String advisoryId,
        long targeted,
        long emailsSent,
        long emailsFailed,
        long acknowledged,
        long fullyConfirmed,
        List<CredentialProgress> credentials) {

    /**
     * @param counts     practices by latest answer (every status present, zero included)
     * @param unanswered targeted practices without an answer
     */
    public record CredentialProgress(String credentialId, String label, Map<RotationStatus, Long> counts,
                                     long unanswered) {
    }
}
