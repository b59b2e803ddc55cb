package dev.breachnotify.audit.log;

import dev.breachnotify.audit.checkpoint.Checkpoints;
import dev.breachnotify.audit.checkpoint.SignedCheckpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * What an operator watches on the audit log: how fast it appends ({@code audit_entries_appended_total}; its rate
 * must keep up with the notifier's fan-out), what it rejects, how long the log is ({@code audit_log_entries}) and
 * what the latest signed checkpoint covers and when it was signed ({@code audit_checkpoint_tree_size},
 * {@code audit_checkpoint_issued_seconds}): a growing gap between the two is a signer that stopped.
 */
@Singleton
public class AuditMetrics {

    private final Counter appended;
    private final Counter rejected;
    private final Counter duplicates;

    public AuditMetrics(
            MeterRegistry registry, TransactionOperations<Connection> transactions, Checkpoints checkpoints) {
        appended = Counter.builder("audit.entries.appended")
                .description("events appended to the audit log")
                .register(registry);
        rejected = Counter.builder("audit.records.rejected")
                .description("records that are not readable events, kept in audit_rejects")
                .register(registry);
        duplicates = Counter.builder("audit.events.duplicate")
                .description("events skipped because their id is in the log already")
                .register(registry);
        Gauge.builder("audit.log.entries", transactions, AuditMetrics::logSize)
                .description("entries in the audit log (the tree size of the next checkpoint)")
                .register(registry);
        Gauge.builder(
                        "audit.checkpoint.tree.size",
                        checkpoints,
                        c -> c.latest()
                                .map(SignedCheckpoint::treeSize)
                                .map(Long::doubleValue)
                                .orElse(0.0))
                .description("entries covered by the latest signed checkpoint")
                .register(registry);
        Gauge.builder(
                        "audit.checkpoint.issued",
                        checkpoints,
                        c -> c.latest()
                                .map(latest -> latest.issuedAt().getEpochSecond() * 1.0)
                                .orElse(Double.NaN))
                .description("when the latest checkpoint was signed (epoch seconds)")
                .baseUnit("seconds")
                .register(registry);
    }

    /** Counts a committed batch. */
    void batch(AuditLogAppender.AppendResult result) {
        appended.increment(result.appended());
        rejected.increment(result.rejected().size());
        duplicates.increment(result.duplicates());
    }

    private static double logSize(TransactionOperations<Connection> transactions) {
        try {
            return transactions.executeRead(status -> {
                try (PreparedStatement query = status.getConnection()
                                .prepareStatement("SELECT COALESCE(max(idx) + 1, 0) FROM audit_log");
                        ResultSet row = query.executeQuery()) {
                    row.next();
                    return (double) row.getLong(1);
                }
            });
        } catch (RuntimeException e) {
            return Double.NaN; // the database is unreachable: health says so
        }
    }
}
