package dev.breachnotify.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An IT service partner said that a credential of a practice is not its job. It confirms nothing: the credential
 * stays outstanding for the practice, and the partner's reminders leave it out. Key: the practice id.
 */
public record PartnerResponsibilityDeclined(
        UUID submissionId,
        String advisoryId,
        String practiceId,
        String credentialId,
        String partnerId,
        String confirmedBy,
        Instant submittedAt)
        implements EventPayload {}
