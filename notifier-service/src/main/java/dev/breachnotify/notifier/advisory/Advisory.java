package dev.breachnotify.notifier.advisory;

import java.time.Instant;

/** An advisory as stored: a draft, or published and immutable. */
public record Advisory(
        String advisoryId,
        Status status,
        AdvisoryDraft content,
        String createdBy,
        Instant createdAt,
        String publishedBy,
        Instant publishedAt) {

    public enum Status { DRAFT, PUBLISHED }
}
