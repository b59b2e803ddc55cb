package dev.breachnotify.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A practice confirmed one credential; the latest confirmation per credential wins. */
public record CredentialRotationConfirmed(
        UUID submissionId,
        String advisoryId,
        String practiceId,
        String credentialId,
        RotationStatus status,
        LocalDate changedOn,
        String confirmedBy,
        Instant submittedAt)
        implements EventPayload {}
