package dev.breachnotify.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A practice, or its IT service partner, confirmed one credential; the latest confirmation per credential wins.
 *
 * @param contactId the practice's contact whose code was used, or {@code null}
 * @param partnerId the IT service partner who confirmed on its page, or {@code null} when the practice did
 */
public record CredentialRotationConfirmed(
        UUID submissionId,
        String advisoryId,
        String practiceId,
        String credentialId,
        RotationStatus status,
        LocalDate changedOn,
        String confirmedBy,
        Instant submittedAt,
        String contactId,
        String partnerId)
        implements EventPayload {

    /** A confirmation with the practice's general code. */
    public CredentialRotationConfirmed(
            UUID submissionId,
            String advisoryId,
            String practiceId,
            String credentialId,
            RotationStatus status,
            LocalDate changedOn,
            String confirmedBy,
            Instant submittedAt) {
        this(
                submissionId,
                advisoryId,
                practiceId,
                credentialId,
                status,
                changedOn,
                confirmedBy,
                submittedAt,
                null,
                null);
    }
}
