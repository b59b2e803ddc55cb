package dev.breachnotify.events;

/** Marker for the payload records; {@link EventType#of(EventPayload)} maps each to its type. */
public sealed interface EventPayload
        permits PracticeRegistered,
                PracticeUpdated,
                AdvisoryPublished,
                AdvisoryRetracted,
                NotificationRequested,
                EmailSent,
                EmailDeferred,
                EmailFailed,
                EmailBounced,
                AcknowledgementRecorded,
                CredentialRotationConfirmed,
                PageVisited,
                AuditExported,
                AuditSigningKeyChanged,
                LetterRendered,
                LetterHandedToPrinter,
                LetterPosted,
                EscalationStepFired,
                EscalationPaused,
                EscalationResumed,
                PracticeExcluded,
                AdvisoryFinalList,
                RecordDeadLettered,
                DeadLetterReplayed,
                PartnerRegistered,
                PartnerUpdated,
                PartnerNotificationRequested,
                PartnerResponsibilityDeclined {

    /** The practice this event concerns, or {@code null} for advisory-wide events. */
    String practiceId();

    /** The advisory this event belongs to (the envelope's correlation id), or {@code null}. */
    String advisoryId();
}
