package dev.breachnotify.ack.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.EventJson;
import dev.breachnotify.events.RotationStatus;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.exceptions.DataAccessException;
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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Reads of the projections for one practice's page. */
@Singleton
public class ProjectionQueries {

    private final TransactionOperations<Connection> transactions;
    private final ConnectionOperations<Connection> connections;
    private final Map<String, AdvisoryPublished> advisories = new ConcurrentHashMap<>();

    public ProjectionQueries(
            TransactionOperations<Connection> transactions, ConnectionOperations<Connection> connections) {
        this.transactions = transactions;
        this.connections = connections;
    }

    /**
     * A code's hash as fan-out announced it. {@code expiresAt} is {@code null} for a code that does not expire;
     * {@code contactId} is the practice's contact the code belongs to, {@code null} for the general code.
     */
    public record AccessCode(
            String advisoryId, String practiceId, String language, Instant expiresAt, String contactId) {

        /** The practice's general code. */
        public AccessCode(String advisoryId, String practiceId, String language, Instant expiresAt) {
            this(advisoryId, practiceId, language, expiresAt, null);
        }

        public boolean expiredAt(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }
    }

    /**
     * A practice as the pages show it.
     *
     * @param contactPerson the contact person, or {@code null} when none is on file
     */
    public record PracticeName(String name, String language, String contactPerson, Map<String, String> attributes) {

        public PracticeName {
            attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        }

        public PracticeName(String name, String language, String contactPerson) {
            this(name, language, contactPerson, Map.of());
        }

        public PracticeName(String name, String language) {
            this(name, language, null);
        }
    }

    /** The latest acknowledgement of a practice. */
    public record Acknowledgement(UUID submissionId, String confirmedBy, Instant submittedAt) {}

    /**
     * The latest confirmation of one credential.
     *
     * @param contactId   the practice's contact whose code gave it, or {@code null}
     * @param partnerId   the IT service partner that gave it on its page, or {@code null}
     * @param partnerName that partner's name, or its id when the directory has not named it
     */
    public record Confirmation(
            String credentialId,
            RotationStatus status,
            LocalDate changedOn,
            String confirmedBy,
            Instant submittedAt,
            String contactId,
            String partnerId,
            String partnerName) {

        /** A confirmation with the practice's general code. */
        public Confirmation(
                String credentialId,
                RotationStatus status,
                LocalDate changedOn,
                String confirmedBy,
                Instant submittedAt) {
            this(credentialId, status, changedOn, confirmedBy, submittedAt, null, null, null);
        }
    }

    /**
     * An IT service partner said a credential of the practice is not its job, and nobody confirmed the credential
     * since.
     */
    public record Decline(String credentialId, String partnerId, String partnerName, Instant submittedAt) {}

    /**
     * Everything the page of one code shows, read in one transaction.
     *
     * @param contacts the practice's contacts' names by contact id
     * @param declines the partners' statements "not our job" that no confirmation followed
     */
    public record PracticePage(
            AccessCode code,
            AdvisoryPublished advisory,
            Optional<PracticeName> practice,
            Optional<Acknowledgement> acknowledgement,
            List<Confirmation> confirmations,
            Optional<Retraction> retraction,
            Map<String, String> contacts,
            List<Decline> declines) {

        public PracticePage {
            contacts = contacts == null ? Map.of() : Map.copyOf(contacts);
            declines = declines == null ? List.of() : List.copyOf(declines);
        }

        /** A page of a practice without contacts and partners. */
        public PracticePage(
                AccessCode code,
                AdvisoryPublished advisory,
                Optional<PracticeName> practice,
                Optional<Acknowledgement> acknowledgement,
                List<Confirmation> confirmations,
                Optional<Retraction> retraction) {
            this(code, advisory, practice, acknowledgement, confirmations, retraction, Map.of(), List.of());
        }

        /** The name of the contact whose code opened the page, or empty for the general code. */
        public Optional<String> contactName() {
            return code.contactId() == null ? Optional.empty() : Optional.ofNullable(contacts.get(code.contactId()));
        }
    }

    /** The advisory was withdrawn ({@code advisory.retracted}). */
    public record Retraction(Instant retractedAt, String reason, String supersededBy) {}

    /** The access code with this hash, if fan-out announced one. */
    public Optional<AccessCode> accessCode(String codeHash) {
        return read(connection -> accessCode(connection, codeHash));
    }

    /**
     * The page of the code with this hash: empty if the code is unknown or its advisory has not arrived yet.
     *
     * <p>One statement, so one round trip and one snapshot: the page is served on every click of every practice
     * (and every mail scanner). An unknown code runs the same statement and gets a row of NULLs, so the time of
     * the answer does not tell whether a code exists. A single statement sees one snapshot without a transaction
     * around it, so it runs on its own (autocommit): no BEGIN and COMMIT for each page. Times come as
     * microseconds since the epoch, which cost less to read than timestamps with a zone.
     */
    public Optional<PracticePage> practicePage(String codeHash) {
        return connections.executeRead(status -> {
            Connection connection = status.getConnection();
            try (PreparedStatement query = connection.prepareStatement(PAGE_QUERY)) {
                query.setString(1, codeHash);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next() || row.getString(1) == null || row.getString(5) == null) {
                        return Optional.empty();
                    }
                    return Optional.of(page(row));
                }
            } catch (SQLException e) {
                throw new DataAccessException("reading the page of a code failed: " + e.getMessage(), e);
            }
        });
    }

    private static final String PAGE_QUERY = """
            SELECT c.advisory_id, c.practice_id, c.language, (extract(epoch FROM c.expires_at) * 1000000)::bigint,
                   a.content::text, (extract(epoch FROM a.retracted_at) * 1000000)::bigint, a.retraction_reason,
                   a.superseded_by,
                   p.name, p.language, p.contact_person,
                   k.submission_id, k.confirmed_by, (extract(epoch FROM k.submitted_at) * 1000000)::bigint,
                   (SELECT json_agg(json_build_object('credential', f.credential_id, 'status', f.status,
                                                      'changedOn', f.changed_on, 'by', f.confirmed_by,
                                                      'at', (extract(epoch FROM f.submitted_at) * 1000000)::bigint,
                                                      'contact', f.contact_id, 'partner', f.partner_id,
                                                      'partnerName', COALESCE(fp.name, f.partner_id))
                                    ORDER BY f.credential_id)
                      FROM credential_confirmation f
                      LEFT JOIN partner fp ON fp.partner_id = f.partner_id
                     WHERE f.advisory_id = c.advisory_id AND f.practice_id = c.practice_id)::text,
                   p.attributes::text,
                   c.contact_id,
                   (SELECT jsonb_object_agg(e ->> 'contactId', COALESCE(e ->> 'name', e ->> 'contactId'))
                      FROM jsonb_array_elements(p.contacts) e WHERE e ->> 'contactId' IS NOT NULL)::text,
                   (SELECT json_agg(json_build_object('credential', d.credential_id, 'partner', d.partner_id,
                                                      'partnerName', COALESCE(dp.name, d.partner_id),
                                                      'at', (extract(epoch FROM d.submitted_at) * 1000000)::bigint)
                                    ORDER BY d.credential_id, d.partner_id)
                      FROM partner_decline d
                      LEFT JOIN partner dp ON dp.partner_id = d.partner_id
                     WHERE d.advisory_id = c.advisory_id AND d.practice_id = c.practice_id
                       AND NOT EXISTS (SELECT 1 FROM credential_confirmation x
                                        WHERE x.advisory_id = d.advisory_id AND x.practice_id = d.practice_id
                                          AND x.credential_id = d.credential_id
                                          AND x.submitted_at >= d.submitted_at))::text
              FROM (SELECT ?::text AS code_hash) q
              LEFT JOIN access_code c ON c.code_hash = q.code_hash
              LEFT JOIN advisory a ON a.advisory_id = c.advisory_id
              LEFT JOIN practice p ON p.practice_id = c.practice_id
              LEFT JOIN acknowledgement k ON k.advisory_id = c.advisory_id AND k.practice_id = c.practice_id""";

    private PracticePage page(ResultSet row) throws SQLException {
        String advisoryId = row.getString(1);
        AccessCode code =
                new AccessCode(advisoryId, row.getString(2), row.getString(3), micros(row, 4), row.getString(17));
        // Published advisories are immutable: parse each once (a withdrawal is read from its own columns)
        String content = row.getString(5);
        AdvisoryPublished advisory = advisories.computeIfAbsent(advisoryId, id -> parse(id, content));
        Instant retractedAt = micros(row, 6);
        Optional<Retraction> retraction = retractedAt == null
                ? Optional.empty()
                : Optional.of(new Retraction(retractedAt, row.getString(7), row.getString(8)));
        Optional<PracticeName> practice = row.getString(9) == null
                ? Optional.empty()
                : Optional.of(new PracticeName(
                        row.getString(9), row.getString(10), row.getString(11), attributes(row.getString(16))));
        Optional<Acknowledgement> acknowledgement = row.getObject(12) == null
                ? Optional.empty()
                : Optional.of(new Acknowledgement(row.getObject(12, UUID.class), row.getString(13), micros(row, 14)));
        return new PracticePage(
                code,
                advisory,
                practice,
                acknowledgement,
                confirmations(row.getString(15)),
                retraction,
                attributes(row.getString(18)),
                declines(row.getString(19)));
    }

    private static List<Decline> declines(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            List<Decline> declines = new ArrayList<>();
            for (JsonNode node : EventJson.mapper().readTree(json)) {
                declines.add(new Decline(
                        node.get("credential").asText(),
                        node.get("partner").asText(),
                        node.get("partnerName").asText(),
                        micros(node.get("at").asLong())));
            }
            return declines;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable partner declines from the database", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Map<String, String> attributes(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return EventJson.mapper().readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable practice attributes from the database", e);
        }
    }

    private static List<Confirmation> confirmations(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            List<Confirmation> confirmations = new ArrayList<>();
            for (JsonNode node : EventJson.mapper().readTree(json)) {
                confirmations.add(new Confirmation(
                        node.get("credential").asText(),
                        RotationStatus.valueOf(node.get("status").asText()),
                        node.get("changedOn").isNull()
                                ? null
                                : LocalDate.parse(node.get("changedOn").asText()),
                        node.get("by").asText(),
                        micros(node.get("at").asLong()),
                        text(node, "contact"),
                        text(node, "partner"),
                        text(node, "partnerName")));
            }
            return confirmations;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable confirmations from the database", e);
        }
    }

    /** A published advisory for its public incident page, and its withdrawal, if any. */
    public record Incident(AdvisoryPublished advisory, Optional<Retraction> retraction) {}

    /** The advisory with this id for the public incident page: empty if it has not arrived (or does not exist). */
    public Optional<Incident> incident(String advisoryId) {
        return connections.executeRead(status -> {
            try (PreparedStatement query = status.getConnection()
                    .prepareStatement("SELECT content::text, retracted_at, retraction_reason, superseded_by "
                            + "FROM advisory WHERE advisory_id = ?")) {
                query.setString(1, advisoryId);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    String content = row.getString(1);
                    AdvisoryPublished advisory = advisories.computeIfAbsent(advisoryId, id -> parse(id, content));
                    Instant retractedAt = instant(row.getObject(2, OffsetDateTime.class));
                    return Optional.of(new Incident(
                            advisory,
                            retractedAt == null
                                    ? Optional.empty()
                                    : Optional.of(new Retraction(retractedAt, row.getString(3), row.getString(4)))));
                }
            } catch (SQLException e) {
                throw new DataAccessException("reading advisory " + advisoryId + " failed: " + e.getMessage(), e);
            }
        });
    }

    /** The advisory as published. */
    public Optional<AdvisoryPublished> advisory(String advisoryId) {
        return read(connection -> advisory(connection, advisoryId));
    }

    private static Optional<AccessCode> accessCode(Connection connection, String codeHash) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT advisory_id, practice_id, language, expires_at, contact_id FROM access_code WHERE code_hash = ?")) {
            query.setString(1, codeHash);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new AccessCode(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        instant(row.getObject(4, OffsetDateTime.class)),
                        row.getString(5)));
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
        try (PreparedStatement query =
                connection.prepareStatement("SELECT content::text FROM advisory WHERE advisory_id = ?")) {
            query.setString(1, advisoryId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(parse(advisoryId, row.getString(1)));
            }
        }
    }

    /** A column of microseconds since the epoch, as {@code extract(epoch ...) * 1000000} gives them. */
    private static Instant micros(ResultSet row, int column) throws SQLException {
        long micros = row.getLong(column);
        return row.wasNull() ? null : micros(micros);
    }

    private static Instant micros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
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
