package dev.breachnotify.notifier.advisory;

import dev.breachnotify.events.AdvisoryRetracted;
import dev.breachnotify.notifier.lifecycle.AdvisoryState;
import java.time.Instant;
import java.util.List;

/**
 * An advisory as stored: a draft, or published and immutable.
 *
 * @param withdrawal its withdrawal, or {@code null} while it stands
 * @param state      where it stands in its lifecycle (draft, running, paused, withdrawn, closed)
 */
public record Advisory(
        String advisoryId,
        Status status,
        AdvisoryDraft content,
        String createdBy,
        Instant createdAt,
        String publishedBy,
        Instant publishedAt,
        Withdrawal withdrawal,
        AdvisoryState state) {

    public enum Status {
        DRAFT,
        PUBLISHED
    }

    /**
     * A published advisory's withdrawal ({@code advisory.retracted}).
     *
     * @param handedToPrinter the print batches with its letters that were at the printer before the withdrawal
     */
    public record Withdrawal(
            String reason,
            String supersededBy,
            String withdrawnBy,
            Instant withdrawnAt,
            List<AdvisoryRetracted.PrintBatch> handedToPrinter) {

        Withdrawal withBatches(List<AdvisoryRetracted.PrintBatch> batches) {
            return new Withdrawal(reason, supersededBy, withdrawnBy, withdrawnAt, batches);
        }
    }

    Advisory withWithdrawal(Withdrawal changed) {
        return new Advisory(
                advisoryId, status, content, createdBy, createdAt, publishedBy, publishedAt, changed, state);
    }
}
