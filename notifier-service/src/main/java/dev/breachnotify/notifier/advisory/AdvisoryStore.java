package dev.breachnotify.notifier.advisory;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.breachnotify.events.EventJson;
import dev.breachnotify.notifier.lifecycle.AdvisoryState;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for advisories. Every method works inside the caller's transaction. */
@Singleton
public class AdvisoryStore {

    void insert(Connection connection, Advisory advisory) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO advisory (advisory_id, status, "
                + "title, content, created_by, created_at) VALUES (?, ?, ?, ?::jsonb, ?, ?)")) {
            insert.setString(1, advisory.advisoryId());
            insert.setString(2, advisory.status().name());
            insert.setString(3, advisory.content().title());
            insert.setString(4, json(advisory.content()));
            insert.setString(5, advisory.createdBy());
            insert.setTimestamp(6, Timestamp.from(advisory.createdAt()));
            insert.executeUpdate();
        }
    }

    /** Advisories with their withdrawal, if any; a WHERE or ORDER BY clause follows. */
    private static final String SELECT_ADVISORIES =
            "SELECT a.advisory_id, a.status, a.content, a.created_by, a.created_at, "
                    + "a.published_by, a.published_at, r.reason AS withdrawal_reason, r.superseded_by, r.retracted_by, "
                    + "r.retracted_at, COALESCE(e.paused, false) AS paused, EXISTS (SELECT 1 FROM escalation_step s "
                    + "WHERE s.advisory_id = a.advisory_id AND s.step = 'final-list' AND s.fired_at IS NOT NULL) AS closed "
                    + "FROM advisory a LEFT JOIN advisory_retraction r ON r.advisory_id = a.advisory_id "
                    + "LEFT JOIN escalation e ON e.advisory_id = a.advisory_id";

    /** The advisory, locked for update when {@code forUpdate}. */
    Optional<Advisory> find(Connection connection, String advisoryId, boolean forUpdate) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                SELECT_ADVISORIES + " WHERE a.advisory_id = ?" + (forUpdate ? " FOR UPDATE OF a" : ""))) {
            select.setString(1, advisoryId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(map(row)) : Optional.empty();
            }
        }
    }

    /** The most recently created advisories first, at most {@code limit}. */
    List<Advisory> latest(Connection connection, int limit) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement(SELECT_ADVISORIES + " ORDER BY a.created_at DESC, a.advisory_id LIMIT ?")) {
            select.setInt(1, limit);
            List<Advisory> advisories = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    advisories.add(map(rows));
                }
            }
            return advisories;
        }
    }

    private static Advisory map(ResultSet row) throws SQLException {
        Timestamp publishedAt = row.getTimestamp("published_at");
        Timestamp withdrawnAt = row.getTimestamp("retracted_at");
        Advisory.Withdrawal withdrawal = withdrawnAt == null
                ? null
                : new Advisory.Withdrawal(
                        row.getString("withdrawal_reason"),
                        row.getString("superseded_by"),
                        row.getString("retracted_by"),
                        withdrawnAt.toInstant(),
                        List.of());
        Advisory.Status status = Advisory.Status.valueOf(row.getString("status"));
        AdvisoryState state = AdvisoryState.of(
                status == Advisory.Status.PUBLISHED,
                withdrawal != null,
                row.getBoolean("closed"),
                row.getBoolean("paused"));
        try {
            return new Advisory(
                    row.getString("advisory_id"),
                    status,
                    EventJson.mapper().readValue(row.getString("content"), AdvisoryDraft.class),
                    row.getString("created_by"),
                    row.getTimestamp("created_at").toInstant(),
                    row.getString("published_by"),
                    publishedAt == null ? null : publishedAt.toInstant(),
                    withdrawal,
                    state);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    void markPublished(Connection connection, String advisoryId, String publishedBy, Instant publishedAt)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE advisory SET status = 'PUBLISHED', "
                + "published_by = ?, published_at = ? WHERE advisory_id = ? AND status = 'DRAFT'")) {
            update.setString(1, publishedBy);
            update.setTimestamp(2, Timestamp.from(publishedAt));
            update.setString(3, advisoryId);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("advisory " + advisoryId + " is not a draft");
            }
        }
    }

    private static String json(AdvisoryDraft draft) {
        try {
            return EventJson.mapper().writeValueAsString(draft);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
