package dev.breachnotify.ack.partner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.EventJson;
import dev.breachnotify.events.RotationStatus;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads of the projections for an IT service partner's page: its code, its practices for the advisory with what
 * was answered for them, and its list (which practices and credentials it may answer for). Every read is one
 * connection in autocommit; the page's two statements (count, then the page) need no common snapshot.
 */
@Singleton
public class PartnerQueries {

    private final ConnectionOperations<Connection> connections;
    private final Map<String, AdvisoryPublished> advisories = new ConcurrentHashMap<>();

    public PartnerQueries(ConnectionOperations<Connection> connections) {
        this.connections = connections;
    }

    /**
     * A partner's code as its mail announced it, with the advisory and the partner.
     *
     * @param expiresAt    {@code null}: does not expire
     * @param retractedAt  {@code null}: not withdrawn
     */
    public record PartnerAccess(
            String advisoryId,
            String partnerId,
            String language,
            Instant expiresAt,
            AdvisoryPublished advisory,
            Instant retractedAt,
            String retractionReason,
            boolean superseded,
            String partnerName) {

        public boolean expiredAt(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }
    }

    /** The latest confirmation of a credential, by the practice ({@code partnerId} null) or a partner. */
    public record Answer(
            String credentialId,
            RotationStatus status,
            LocalDate changedOn,
            String confirmedBy,
            String partnerId,
            Instant submittedAt) {}

    /** This partner's "not our job" for a credential. */
    public record Decline(String credentialId, String confirmedBy, Instant submittedAt) {}

    /** One practice of the partner's list with what was answered for its credentials. */
    public record Row(
            String practiceId,
            String name,
            String city,
            List<String> credentialIds,
            List<Answer> answers,
            List<Decline> declines) {}

    /** One page of the partner's practices: {@code total} matching the search, {@code all} on the list. */
    public record Listing(List<Row> rows, int total, int all, int page, int pageSize) {

        public int pages() {
            return Math.max(1, (total + pageSize - 1) / pageSize);
        }
    }

    /** The code with this hash, if a partner's mail announced it and its advisory has arrived. */
    public Optional<PartnerAccess> access(String codeHash) {
        return connections.executeRead(status -> {
            try (PreparedStatement query = status.getConnection().prepareStatement(ACCESS_QUERY)) {
                query.setString(1, codeHash);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next() || row.getString(1) == null || row.getString(5) == null) {
                        return Optional.empty();
                    }
                    return Optional.of(new PartnerAccess(
                            row.getString(1),
                            row.getString(2),
                            row.getString(3),
                            instant(row, 4),
                            advisory(row.getString(1), row.getString(5)),
                            instant(row, 6),
                            row.getString(7),
                            row.getString(8) != null,
                            row.getString(9) == null ? row.getString(2) : row.getString(9)));
                }
            } catch (SQLException e) {
                throw new DataAccessException("reading a partner's code failed: " + e.getMessage(), e);
            }
        });
    }

    // An unknown code runs the same statement and gets a row of NULLs.
    private static final String ACCESS_QUERY = """
            SELECT c.advisory_id, c.partner_id, c.language, c.expires_at, a.content::text, a.retracted_at,
                   a.retraction_reason, a.superseded_by, p.name
              FROM (SELECT ?::text AS code_hash) q
              LEFT JOIN partner_access_code c ON c.code_hash = q.code_hash
              LEFT JOIN advisory a ON a.advisory_id = c.advisory_id
              LEFT JOIN partner p ON p.partner_id = c.partner_id""";

    /**
     * One page of the partner's practices, ordered by practice id, those whose id or name contains {@code search}
     * (case-insensitive; {@code null}: all). A page beyond the last gives the last.
     */
    public Listing listing(String advisoryId, String partnerId, String search, int page, int pageSize) {
        String pattern = search == null || search.isBlank() ? null : "%" + likeEscaped(search.strip()) + "%";
        return connections.executeRead(status -> {
            Connection connection = status.getConnection();
            try {
                // Usually one statement: the page's rows carry the counts. Only a page beyond the last (or no match)
                // needs the counts on their own, and then the last page.
                int asked = Math.max(1, page);
                int[] counts = new int[2];
                List<Row> rows =
                        rows(connection, advisoryId, partnerId, pattern, (asked - 1) * pageSize, pageSize, counts);
                if (!rows.isEmpty()) {
                    return new Listing(rows, counts[0], counts[1], asked, pageSize);
                }
                counts = counts(connection, advisoryId, partnerId, pattern);
                int last = Math.max(1, (counts[0] + pageSize - 1) / pageSize);
                if (counts[0] > 0 && last < asked) {
                    rows = rows(
                            connection, advisoryId, partnerId, pattern, (last - 1) * pageSize, pageSize, new int[2]);
                }
                return new Listing(rows, counts[0], counts[1], Math.min(asked, last), pageSize);
            } catch (SQLException e) {
                throw new DataAccessException("reading a partner's practices failed: " + e.getMessage(), e);
            }
        });
    }

    private static int[] counts(Connection connection, String advisoryId, String partnerId, String pattern)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT count(*) FILTER (WHERE ?::text IS NULL OR pp.practice_id ILIKE ? OR pr.name ILIKE ?),
                       count(*)
                  FROM partner_practice pp LEFT JOIN practice pr ON pr.practice_id = pp.practice_id
                 WHERE pp.advisory_id = ? AND pp.partner_id = ?""")) {
            query.setString(1, pattern);
            query.setString(2, pattern);
            query.setString(3, pattern);
            query.setString(4, advisoryId);
            query.setString(5, partnerId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return new int[] {row.getInt(1), row.getInt(2)};
            }
        }
    }

    // The page's rows first (sorted, cut), then their answers: the answers are read for one page only.
    private static final String ROWS_QUERY = """
            SELECT m.practice_id, m.name, m.city, m.credential_ids,
                   (SELECT json_agg(json_build_object('credentialId', f.credential_id, 'status', f.status,
                                                      'changedOn', f.changed_on, 'confirmedBy', f.confirmed_by,
                                                      'partnerId', f.partner_id, 'submittedAt', f.submitted_at)
                                    ORDER BY f.credential_id)
                      FROM credential_confirmation f
                     WHERE f.advisory_id = ? AND f.practice_id = m.practice_id)::text,
                   (SELECT json_agg(json_build_object('credentialId', d.credential_id, 'confirmedBy', d.confirmed_by,
                                                      'submittedAt', d.submitted_at)
                                    ORDER BY d.credential_id)
                      FROM partner_decline d
                     WHERE d.advisory_id = ? AND d.practice_id = m.practice_id AND d.partner_id = ?)::text,
                   m.total, m.listed
              FROM (SELECT pp.practice_id, pr.name, pr.attributes ->> 'city' AS city, pp.credential_ids,
                           count(*) OVER () AS total,
                           (SELECT count(*) FROM partner_practice l
                             WHERE l.advisory_id = ? AND l.partner_id = ?) AS listed
                      FROM partner_practice pp LEFT JOIN practice pr ON pr.practice_id = pp.practice_id
                     WHERE pp.advisory_id = ? AND pp.partner_id = ?
                       AND (?::text IS NULL OR pp.practice_id ILIKE ? OR pr.name ILIKE ?)
                     ORDER BY pp.practice_id
                     LIMIT ? OFFSET ?) m
             ORDER BY m.practice_id""";

    private static List<Row> rows(
            Connection connection,
            String advisoryId,
            String partnerId,
            String pattern,
            int offset,
            int limit,
            int[] counts)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(ROWS_QUERY)) {
            query.setString(1, advisoryId);
            query.setString(2, advisoryId);
            query.setString(3, partnerId);
            query.setString(4, advisoryId);
            query.setString(5, partnerId);
            query.setString(6, advisoryId);
            query.setString(7, partnerId);
            query.setString(8, pattern);
            query.setString(9, pattern);
            query.setString(10, pattern);
            query.setInt(11, limit);
            query.setInt(12, offset);
            List<Row> rows = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    rows.add(new Row(
                            row.getString(1),
                            row.getString(2),
                            row.getString(3),
                            strings(row.getArray(4)),
                            json(row.getString(5), new TypeReference<List<Answer>>() {}),
                            json(row.getString(6), new TypeReference<List<Decline>>() {})));
                    counts[0] = row.getInt(7);
                    counts[1] = row.getInt(8);
                }
            }
            return rows;
        }
    }

    /** The partner's list: practice id to the credentials it is responsible for there. */
    public Map<String, List<String>> responsibilities(String advisoryId, String partnerId) {
        return connections.executeRead(status -> {
            try (PreparedStatement query = status.getConnection()
                    .prepareStatement("SELECT practice_id, credential_ids FROM partner_practice "
                            + "WHERE advisory_id = ? AND partner_id = ?")) {
                query.setString(1, advisoryId);
                query.setString(2, partnerId);
                Map<String, List<String>> list = new HashMap<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        list.put(row.getString(1), strings(row.getArray(2)));
                    }
                }
                return list;
            } catch (SQLException e) {
                throw new DataAccessException("reading a partner's list failed: " + e.getMessage(), e);
            }
        });
    }

    /** {@code %}, {@code _} and the escape character itself stand for themselves in the search. */
    static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private AdvisoryPublished advisory(String advisoryId, String json) {
        // A published advisory never changes: parsed once per advisory.
        return advisories.computeIfAbsent(advisoryId, id -> json(json, new TypeReference<AdvisoryPublished>() {}));
    }

    private static List<String> strings(java.sql.Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        try {
            return Arrays.asList((String[]) array.getArray());
        } finally {
            array.free();
        }
    }

    private static <T> T json(String json, TypeReference<T> type) {
        if (json == null) {
            @SuppressWarnings("unchecked")
            T empty = (T) List.of();
            return empty;
        }
        try {
            return EventJson.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new DataAccessException("unreadable projection row: " + e.getOriginalMessage(), e);
        }
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        java.time.OffsetDateTime value = row.getObject(column, java.time.OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
