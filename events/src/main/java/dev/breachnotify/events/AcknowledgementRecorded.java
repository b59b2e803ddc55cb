package dev.breachnotify.events;

import java.time.Instant;
import java.util.UUID;

/** A practice acknowledged that it received and read the advisory. */
public record AcknowledgementRecorded(
        UUID submissionId,
        String advisoryId,
        String practiceId,
        String confirmedBy,
        Instant submittedAt,
        ClientInfo client)
        implements EventPayload {}
