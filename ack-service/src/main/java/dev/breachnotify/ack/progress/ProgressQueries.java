package dev.breachnotify.ack.progress;

import dev.breachnotify.ack.projection.ProjectionQueries;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.RotationStatus;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The counts of the progress report, from the projections. */
@Singleton
public class ProgressQueries {

    private final TransactionOperations<Connection> transactions;
    private final ProjectionQueries projections;

    public ProgressQueries(TransactionOperations<Connection> transactions, ProjectionQueries projections) {
        this.transactions = transactions;
        this.projections = projections;
    }

    /** The progress of an advisory, or empty if no such advisory was published. */
    public Optional<AdvisoryProgress> progress(String advisoryId) {
        Optional<AdvisoryPublished> advisory = projections.advisory(advisoryId);
        if (advisory.isEmpty()) {
            return Optional.empty();
        }
        List<Credential> credentials = advisory.get().credentials() == null
                ? List.of() : advisory.get().credentials();
        String[] credentialIds = credentials.stream().map(Credential::id).distinct().toArray(String[]::new);
        return Optional.of(transactions.executeRead(status -> {
            Connection connection = status.getConnection();
            long targeted = count(connection,
                    "SELECT count(DISTINCT practice_id) FROM notification WHERE advisory_id = ?", advisoryId);
            long sent = count(connection, """
                    SELECT count(*) FROM practice_delivery
                     WHERE advisory_id = ? AND email_status = 'SENT'""", advisoryId);
            long failed = count(connection, """
                    SELECT count(*) FROM practice_delivery
                     WHERE advisory_id = ? AND email_status = 'FAILED'""", advisoryId);
            long acknowledged = count(connection,
                    "SELECT count(*) FROM acknowledgement WHERE advisory_id = ?", advisoryId);
            long fullyConfirmed = credentialIds.length == 0 ? acknowledged
                    : fullyConfirmed(connection, advisoryId, credentialIds);
            Map<String, Map<RotationStatus, Long>> counts = countsByCredential(connection, advisoryId, credentialIds);
            List<AdvisoryProgress.CredentialProgress> perCredential = new ArrayList<>();
            for (Credential credential : credentials) {
                Map<RotationStatus, Long> byStatus = new EnumMap<>(RotationStatus.class);
                for (RotationStatus rotation : RotationStatus.values()) {
                    byStatus.put(rotation, 0L);
                }
                byStatus.putAll(counts.getOrDefault(credential.id(), Map.of()));
                long answered = byStatus.values().stream().mapToLong(Long::longValue).sum();
                perCredential.add(new AdvisoryProgress.CredentialProgress(credential.id(),
                        credential.labelIn("de"), byStatus, Math.max(0, targeted - answered)));
            }
            return new AdvisoryProgress(advisoryId, targeted, sent, failed, acknowledged, fullyConfirmed,
                    List.copyOf(perCredential));
        }));
    }

    private static long fullyConfirmed(Connection connection, String advisoryId, String[] credentialIds)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT count(*) FROM (
                    SELECT practice_id FROM credential_confirmation
                     WHERE advisory_id = ? AND credential_id = ANY (?)
                     GROUP BY practice_id HAVING count(DISTINCT credential_id) = ?) complete""")) {
            Array ids = connection.createArrayOf("text", credentialIds);
            query.setString(1, advisoryId);
            query.setArray(2, ids);
            query.setInt(3, credentialIds.length);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static Map<String, Map<RotationStatus, Long>> countsByCredential(
            Connection connection, String advisoryId, String[] credentialIds) throws SQLException {
        Map<String, Map<RotationStatus, Long>> counts = new HashMap<>();
        if (credentialIds.length == 0) {
            return counts;
        }
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT credential_id, status, count(*) FROM credential_confirmation
                 WHERE advisory_id = ? AND credential_id = ANY (?)
                 GROUP BY credential_id, status""")) {
            query.setString(1, advisoryId);
            query.setArray(2, connection.createArrayOf("text", credentialIds));
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    counts.computeIfAbsent(row.getString(1), id -> new EnumMap<>(RotationStatus.class))
                            .put(RotationStatus.valueOf(row.getString(2)), row.getLong(3));
                }
            }
        }
        return counts;
    }

    private static long count(Connection connection, String sql, String advisoryId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, advisoryId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
