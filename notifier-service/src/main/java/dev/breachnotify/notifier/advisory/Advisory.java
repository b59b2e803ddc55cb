package dev.breachnotify.notifier.advisory;

import java.time.Instant;

/**
 * An advisory as stored: a draft, or published and immutable.
 *
 * @param withdrawal its withdrawal, or {@code null} while it stands
 */
public record Advisory(
        String advisoryId,
        Status status,
        AdvisoryDraft content,
        String createdBy,
        Instant createdAt,
        String publishedBy,
        Instant publishedAt,
        Withdrawal withdrawal) {

    public enum Status { DRAFT, PUBLISHED }

    /** A published advisory's withdrawal ({@code advisory.retracted}). */
    public record Withdrawal(String reason, String supersededBy, String withdrawnBy, Instant withdrawnAt) {
    }
}
