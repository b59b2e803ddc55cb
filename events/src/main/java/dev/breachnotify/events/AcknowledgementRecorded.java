package dev.breachnotify.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A practice acknowledged that it received and read the advisory.
 *
 * @param contactId the contact whose code was used, or {@code null} for the practice's general code
 */
public record AcknowledgementRecorded(
        UUID submissionId,
        String advisoryId,
        String practiceId,
        String confirmedBy,
        Instant submittedAt,
        ClientInfo client,
        String contactId)
        implements EventPayload {

    /** An acknowledgement with the practice's general code. */
    public AcknowledgementRecorded(
            UUID submissionId,
            String advisoryId,
            String practiceId,
            String confirmedBy,
            Instant submittedAt,
            ClientInfo client) {
        this(submissionId, advisoryId, practiceId, confirmedBy, submittedAt, client, null);
    }
}
