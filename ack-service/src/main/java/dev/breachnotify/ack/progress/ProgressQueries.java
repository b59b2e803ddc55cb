package dev.breachnotify.ack.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.breachnotify.ack.AckSettings;
import dev.breachnotify.ack.network.ClientNetworks;
import dev.breachnotify.ack.projection.ProjectionQueries;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.EventJson;
import dev.breachnotify.events.PartnerAssignment;
import dev.breachnotify.events.RotationStatus;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** The counts of the progress report, from the projections. */
@Singleton
public class ProgressQueries {

    private final TransactionOperations<Connection> transactions;
    private final ProjectionQueries projections;
    private final long automatedWindowMillis;
    private final String[] scannerNetworks;

    public ProgressQueries(
            TransactionOperations<Connection> transactions, ProjectionQueries projections, AckSettings settings) {
        this.transactions = transactions;
        this.projections = projections;
        this.automatedWindowMillis = settings.getAutomatedWindow().toMillis();
        this.scannerNetworks = settings.getScannerNetworks().stream()
                .map(network -> {
                    String cidr = ClientNetworks.cidrOrNull(network);
                    if (cidr == null) {
                        throw new IllegalArgumentException(
                                "breachnotify.ack.scanner-networks: not a CIDR block: " + network);
                    }
                    return cidr;
                })
                .toArray(String[]::new);
    }

    /**
     * The targeted practices of an advisory that have not confirmed receipt and every credential, by practice id,
     * or empty if no such advisory was published.
     */
    public Optional<List<AdvisoryProgress.Outstanding>> outstanding(String advisoryId) {
        Optional<AdvisoryPublished> advisory = projections.advisory(advisoryId);
        if (advisory.isEmpty()) {
            return Optional.empty();
        }
        List<String> credentialIds = credentialIds(advisory.get());
        return Optional.of(transactions.executeRead(status -> {
            Connection connection = status.getConnection();
            Map<String, String> partnerNames = PartnerAndRoleQueries.partnerNames(connection);
            List<AdvisoryProgress.Outstanding> rows = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT t.practice_id, p.name, COALESCE(d.email_status, 'NONE'), t.letter,
                           a.practice_id IS NOT NULL,
                           ARRAY(SELECT c.credential_id FROM credential_confirmation c
                                  WHERE c.advisory_id = t.advisory_id AND c.practice_id = t.practice_id),
                           NULLIF(p.partners, '[]'::jsonb)::text
                      FROM (SELECT advisory_id, practice_id, bool_or(channel = 'LETTER') AS letter
                              FROM notification WHERE advisory_id = ? GROUP BY advisory_id, practice_id) t
                      LEFT JOIN practice p ON p.practice_id = t.practice_id
                      LEFT JOIN practice_delivery d
                             ON d.advisory_id = t.advisory_id AND d.practice_id = t.practice_id
                      LEFT JOIN acknowledgement a
                             ON a.advisory_id = t.advisory_id AND a.practice_id = t.practice_id
                     ORDER BY t.practice_id""")) {
                query.setString(1, advisoryId);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        List<String> answered =
                                List.of((String[]) row.getArray(6).getArray());
                        List<String> missing = credentialIds.stream()
                                .filter(id -> !answered.contains(id))
                                .toList();
                        boolean acknowledged = row.getBoolean(5);
                        if (acknowledged && missing.isEmpty()) {
                            continue;
                        }
                        rows.add(new AdvisoryProgress.Outstanding(
                                row.getString(1),
                                row.getString(2),
                                row.getString(3),
                                row.getBoolean(4),
                                acknowledged,
                                missing,
                                partners(row.getString(7), missing, partnerNames)));
                    }
                }
            }
            return rows;
        }));
    }

    /**
     * The partners responsible for the missing credentials, by id: the assignment for a credential beats the one
     * for every credential ({@code *}), as {@code Practice.partnerFor} decides.
     */
    static List<AdvisoryProgress.PartnerName> partners(
            String assignmentsJson, List<String> missing, Map<String, String> names) {
        if (assignmentsJson == null || missing.isEmpty()) {
            return List.of();
        }
        List<PartnerAssignment> assignments;
        try {
            assignments =
                    EventJson.mapper().readValue(assignmentsJson, new TypeReference<List<PartnerAssignment>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable partner assignments from the database", e);
        }
        TreeSet<String> ids = new TreeSet<>();
        for (String credential : missing) {
            String forAll = null;
            String forCredential = null;
            for (PartnerAssignment assignment : assignments) {
                if (assignment.partnerId() == null || assignment.credentialId() == null) {
                    continue;
                }
                if (assignment.credentialId().equals(credential)) {
                    forCredential = assignment.partnerId();
                } else if (PartnerAssignment.ALL_CREDENTIALS.equals(assignment.credentialId())) {
                    forAll = assignment.partnerId();
                }
            }
            String responsible = forCredential != null ? forCredential : forAll;
            if (responsible != null) {
                ids.add(responsible);
            }
        }
        return ids.stream()
                .map(id -> new AdvisoryProgress.PartnerName(id, names.getOrDefault(id, id)))
                .toList();
    }

    private static List<String> credentialIds(AdvisoryPublished advisory) {
        return advisory.credentials() == null
                ? List.of()
                : advisory.credentials().stream().map(Credential::id).distinct().toList();
    }

    /** The progress of an advisory, or empty if no such advisory was published. */
    public Optional<AdvisoryProgress> progress(String advisoryId) {
        Optional<AdvisoryPublished> advisory = projections.advisory(advisoryId);
        if (advisory.isEmpty()) {
            return Optional.empty();
        }
        List<Credential> credentials = advisory.get().credentials() == null
                ? List.of()
                : advisory.get().credentials();
        String[] credentialIds =
                credentials.stream().map(Credential::id).distinct().toArray(String[]::new);
        return Optional.of(transactions.executeRead(status -> {
            Connection connection = status.getConnection();
            long targeted = count(
                    connection,
                    "SELECT count(DISTINCT practice_id) FROM notification WHERE advisory_id = ?",
                    advisoryId);
            long sent = count(connection, """
                    SELECT count(*) FROM practice_delivery
                     WHERE advisory_id = ? AND email_status = 'SENT'""", advisoryId);
            long deferred = count(connection, """
                    SELECT count(*) FROM practice_delivery
                     WHERE advisory_id = ? AND email_status = 'DEFERRED'""", advisoryId);
            long failed = count(connection, """
                    SELECT count(*) FROM practice_delivery
                     WHERE advisory_id = ? AND email_status = 'FAILED'""", advisoryId);
            long bounced = count(connection, """
                    SELECT count(*) FROM practice_delivery p
                     WHERE p.advisory_id = ? AND p.email_status = 'FAILED'
                       AND EXISTS (SELECT 1 FROM email_delivery d
                                    WHERE d.advisory_id = p.advisory_id AND d.practice_id = p.practice_id
                                      AND d.status = 'FAILED' AND d.permanent)""", advisoryId);
            long letters = count(connection, """
                    SELECT count(DISTINCT practice_id) FROM notification
                     WHERE advisory_id = ? AND channel = 'LETTER'""", advisoryId);
            long fullyRotated = fullyRotated(connection, advisoryId, credentialIds);
            long suspected = suspectedAutomated(connection, advisoryId);
            List<AdvisoryProgress.HourCount> perHour = perHour(connection, ACKNOWLEDGEMENTS_PER_HOUR, advisoryId);
            List<AdvisoryProgress.HourCount> rotationsPerHour = perHour(connection, ROTATIONS_PER_HOUR, advisoryId);
            long acknowledged =
                    count(connection, "SELECT count(*) FROM acknowledgement WHERE advisory_id = ?", advisoryId);
            long fullyConfirmed =
                    credentialIds.length == 0 ? acknowledged : fullyConfirmed(connection, advisoryId, credentialIds);
            Map<String, Map<RotationStatus, Long>> counts = countsByCredential(connection, advisoryId, credentialIds);
            List<AdvisoryProgress.CredentialProgress> perCredential = new ArrayList<>();
            for (Credential credential : credentials) {
                Map<RotationStatus, Long> byStatus = new EnumMap<>(RotationStatus.class);
                for (RotationStatus rotation : RotationStatus.values()) {
                    byStatus.put(rotation, 0L);
                }
                byStatus.putAll(counts.getOrDefault(credential.id(), Map.of()));
                long answered =
                        byStatus.values().stream().mapToLong(Long::longValue).sum();
                perCredential.add(new AdvisoryProgress.CredentialProgress(
                        credential.id(),
                        credential.labelIn("de"),
                        Map.of("de", credential.labelIn("de"), "en", credential.labelIn("en")),
                        byStatus,
                        Math.max(0, targeted - answered)));
            }
            return new AdvisoryProgress(
                    advisoryId,
                    targeted,
                    sent,
                    deferred,
                    failed,
                    bounced,
                    letters,
                    acknowledged,
                    fullyConfirmed,
                    fullyRotated,
                    suspected,
                    List.copyOf(perCredential),
                    perHour,
                    rotationsPerHour,
                    PartnerAndRoleQueries.byRole(connection, advisoryId, credentialIds),
                    PartnerAndRoleQueries.byPartner(connection, advisoryId, credentialIds));
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

    private static long fullyRotated(Connection connection, String advisoryId, String[] credentialIds)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT count(*) FROM acknowledgement a
                 WHERE a.advisory_id = ?
                   AND (SELECT count(DISTINCT c.credential_id) FROM credential_confirmation c
                         WHERE c.advisory_id = a.advisory_id AND c.practice_id = a.practice_id
                           AND c.credential_id = ANY (?)) = ?""")) {
            query.setString(1, advisoryId);
            query.setArray(2, connection.createArrayOf("text", credentialIds));
            query.setInt(3, credentialIds.length);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /**
     * Acknowledgements that came too soon after the practice's email was accepted (the {@code email.sent} event's
     * time), or from a scanner network: likely a mail gateway following the link, not a person.
     */
    private long suspectedAutomated(Connection connection, String advisoryId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT count(*) FROM acknowledgement a
                 WHERE a.advisory_id = ?
                   AND (EXISTS (SELECT 1 FROM email_delivery d
                                 WHERE d.advisory_id = a.advisory_id AND d.practice_id = a.practice_id
                                   AND d.status = 'SENT' AND a.submitted_at >= d.updated_at
                                   AND a.submitted_at < d.updated_at + CAST(? AS double precision) * INTERVAL '1 millisecond')
                        OR a.client_network <<= ANY (CAST(? AS inet[])))""")) {
            query.setString(1, advisoryId);
            query.setLong(2, automatedWindowMillis);
            query.setArray(3, connection.createArrayOf("text", scannerNetworks));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static final String ACKNOWLEDGEMENTS_PER_HOUR = """
            SELECT date_trunc('hour', submitted_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour, count(*)
              FROM acknowledgement WHERE advisory_id = ? GROUP BY hour ORDER BY hour""";
    /** Credentials confirmed as changed (by the practice or its provider), by the hour of the latest answer. */
    private static final String ROTATIONS_PER_HOUR = """
            SELECT date_trunc('hour', submitted_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour, count(*)
              FROM credential_confirmation WHERE advisory_id = ? AND status IN ('CHANGED', 'CHANGED_BY_PROVIDER')
             GROUP BY hour ORDER BY hour""";

    private static List<AdvisoryProgress.HourCount> perHour(Connection connection, String sql, String advisoryId)
            throws SQLException {
        List<AdvisoryProgress.HourCount> hours = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, advisoryId);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    hours.add(new AdvisoryProgress.HourCount(
                            row.getObject(1, OffsetDateTime.class).toInstant(), row.getLong(2)));
                }
            }
        }
        return List.copyOf(hours);
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
