package dev.breachnotify.ack.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.EventJson;
import dev.breachnotify.events.RotationStatus;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads of the projections for one practice's page. */
@Singleton
public class ProjectionQueries {

    private final TransactionOperations<Connection> transactions;

    public ProjectionQueries(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    /** A code's hash as fan-out announced it. {@code expiresAt} is {@code null} for a code that does not expire. */
    public record AccessCode(String advisoryId, String practiceId, String language, Instant expiresAt) {

        public boolean expiredAt(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }
    }

    /** A practice as the pages show it. */
    public record PracticeName(String name, String language) {
    }

    /** The latest acknowledgement of a practice. */
    public record Acknowledgement(UUID submissionId, String confirmedBy, Instant submittedAt) {
    }

    /** The latest confirmation of one credential. */
    public record Confirmation(String credentialId, RotationStatus status, LocalDate changedOn, String confirmedBy,
                               Instant submittedAt) {
    }

    /** Everything the page of one code shows, read in one transaction. */
    public record PracticePage(AccessCode code, AdvisoryPublished advisory, Optional<PracticeName> practice,
                               Optional<Acknowledgement> acknowledgement, List<Confirmation> confirmations,
                               Optional<Retraction> retraction) {
    }

    /** The advisory was withdrawn ({@code advisory.retracted}). */
    public record Retraction(Instant retractedAt, String reason, String supersededBy) {
    }

    /** An advisory as stored, with its withdrawal if there was one. */
    private record StoredAdvisory(AdvisoryPublished advisory, Optional<Retraction> retraction) {
    }

    /** The access code with this hash, if fan-out announced one. */
    public Optional<AccessCode> accessCode(String codeHash) {
        return read(connection -> accessCode(connection, codeHash));
    }

    /**
     * The page of the code with this hash: empty if the code is unknown or its advisory has not arrived yet.
     */
    public Optional<PracticePage> practicePage(String codeHash) {
        return read(connection -> {
            Optional<AccessCode> code = accessCode(connection, codeHash);
            // The same queries run for an unknown code (with ids that match nothing), so that the time of the
            // answer does not tell whether a code exists.
            String advisoryId = code.map(AccessCode::advisoryId).orElse("");
            String practiceId = code.map(AccessCode::practiceId).orElse("");
            Optional<StoredAdvisory> advisory = storedAdvisory(connection, advisoryId);
            Optional<PracticeName> practice = practice(connection, practiceId);
            Optional<Acknowledgement> acknowledgement = acknowledgement(connection, advisoryId, practiceId);
            List<Confirmation> confirmations = confirmations(connection, advisoryId, practiceId);
            if (code.isEmpty() || advisory.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new PracticePage(code.get(), advisory.get().advisory(), practice, acknowledgement,
                    confirmations, advisory.get().retraction()));
        });
    }

    /** The advisory as published. */
    public Optional<AdvisoryPublished> advisory(String advisoryId) {
        return read(connection -> advisory(connection, advisoryId));
    }

    private static Optional<AccessCode> accessCode(Connection connection, String codeHash) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT advisory_id, practice_id, language, expires_at FROM access_code WHERE code_hash = ?")) {
            query.setString(1, codeHash);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new AccessCode(row.getString(1), row.getString(2), row.getString(3),
                        instant(row.getObject(4, OffsetDateTime.class))));
            }
        }
    }

    private static Optional<StoredAdvisory> storedAdvisory(Connection connection, String advisoryId)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT content::text, retracted_at, "
                + "retraction_reason, superseded_by FROM advisory WHERE advisory_id = ?")) {
            query.setString(1, advisoryId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                OffsetDateTime retractedAt = row.getObject(2, OffsetDateTime.class);
                Optional<Retraction> retraction = retractedAt == null ? Optional.empty()
                        : Optional.of(new Retraction(retractedAt.toInstant(), row.getString(3), row.getString(4)));
                return Optional.of(new StoredAdvisory(parse(advisoryId, row.getString(1)), retraction));
            }
        }
    }

    private static AdvisoryPublished parse(String advisoryId, String json) {
        try {
            return EventJson.mapper().readValue(json, AdvisoryPublished.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored advisory " + advisoryId + " is unreadable", e);
        }
    }

    static Optional<AdvisoryPublished> advisory(Connection connection, String advisoryId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT content::text FROM advisory WHERE advisory_id = ?")) {
            query.setString(1, advisoryId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(parse(advisoryId, row.getString(1)));
            }
        }
    }

    private static Optional<PracticeName> practice(Connection connection, String practiceId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT name, language FROM practice WHERE practice_id = ?")) {
            query.setString(1, practiceId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(new PracticeName(row.getString(1), row.getString(2)))
                        : Optional.empty();
            }
        }
    }

    private static Optional<Acknowledgement> acknowledgement(Connection connection, String advisoryId,
                                                             String practiceId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT submission_id, confirmed_by, submitted_at FROM acknowledgement
                 WHERE advisory_id = ? AND practice_id = ?""")) {
            query.setString(1, advisoryId);
            query.setString(2, practiceId);
            try (ResultSet row = query.executeQuery()) {
                return row.next()
                        ? Optional.of(new Acknowledgement(row.getObject(1, UUID.class), row.getString(2),
                                instant(row.getObject(3, OffsetDateTime.class))))
                        : Optional.empty();
            }
        }
    }

    private static List<Confirmation> confirmations(Connection connection, String advisoryId, String practiceId)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT credential_id, status, changed_on, confirmed_by, submitted_at FROM credential_confirmation
                 WHERE advisory_id = ? AND practice_id = ? ORDER BY credential_id""")) {
            query.setString(1, advisoryId);
            query.setString(2, practiceId);
            List<Confirmation> confirmations = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    confirmations.add(new Confirmation(row.getString(1), RotationStatus.valueOf(row.getString(2)),
                            row.getObject(3, LocalDate.class), row.getString(4),
                            instant(row.getObject(5, OffsetDateTime.class))));
                }
            }
            return confirmations;
        }
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private <R> R read(Read<R> read) {
        return transactions.executeRead(status -> read.apply(status.getConnection()));
    }

    @FunctionalInterface
    interface Read<R> {
        R apply(Connection connection) throws SQLException;
    }
}
