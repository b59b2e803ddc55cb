package dev.breachnotify.notifier.email;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.breachnotify.events.EventJson;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.PartnerNotificationRequested;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** SQL for the notifications the email worker has finished with, and for those waiting to be retried. */
@Singleton
public class DeliveryStore {

    /**
     * A deferred (or held) mail claimed for its next attempt.
     *
     * @param partnerMail for a mail to an IT service partner, its request; else {@code null}
     */
    record Retry(
            NotificationRequested notification,
            int attempts,
            Instant firstAttemptAt,
            Instant deadline,
            PartnerNotificationRequested partnerMail) {}

    /**
     * The retries waiting, across all instances: how many, how many of them are due, and when the earliest is due.
     *
     * @param nextDue {@code null} when none is waiting
     */
    record Backlog(long waiting, long due, Instant nextDue) {}

    /** The retry backlog at {@code now}. */
    Backlog backlog(Connection connection, Instant now) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT count(*), count(*) FILTER (WHERE next_attempt_at <= ?), min(next_attempt_at) FROM email_retry")) {
            select.setTimestamp(1, Timestamp.from(now));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                Timestamp next = row.getTimestamp(3);
                return new Backlog(row.getLong(1), row.getLong(2), next == null ? null : next.toInstant());
            }
        }
    }

    /** Which of these notifications were already sent, given up, or are waiting for a retry. */
    Set<UUID> handled(Connection connection, Collection<UUID> notificationIds) throws SQLException {
        Set<UUID> handled = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT notification_id FROM email_delivery WHERE notification_id = ANY (?)
                UNION ALL SELECT notification_id FROM email_retry WHERE notification_id = ANY (?)""")) {
            java.sql.Array ids = connection.createArrayOf("uuid", notificationIds.toArray());
            select.setArray(1, ids);
            select.setArray(2, ids);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    handled.add(rows.getObject(1, UUID.class));
                }
            }
        }
        return handled;
    }

    /**
     * Marks these notifications as in flight before their mails are sent, in one statement, and returns those that
     * were in flight already: a worker began to send them and did not record the outcome (it crashed).
     */
    Set<UUID> markInFlight(Connection connection, Collection<UUID> notificationIds, Instant at) throws SQLException {
        Set<UUID> already = new HashSet<>();
        try (PreparedStatement mark = connection.prepareStatement("""
                WITH ids AS (SELECT unnest(?::uuid[]) AS notification_id),
                     inserted AS (INSERT INTO email_in_flight (notification_id, started_at)
                                  SELECT notification_id, ? FROM ids ON CONFLICT (notification_id) DO NOTHING
                                  RETURNING notification_id)
                SELECT notification_id FROM ids EXCEPT SELECT notification_id FROM inserted""")) {
            mark.setArray(1, connection.createArrayOf("uuid", notificationIds.toArray()));
            mark.setTimestamp(2, Timestamp.from(at));
            try (ResultSet rows = mark.executeQuery()) {
                while (rows.next()) {
                    already.add(rows.getObject(1, UUID.class));
                }
            }
        }
        return already;
    }

    /**
     * Records the outcome of a round: finished deliveries (a notification already recorded is left as it was)
     * leave the retries, deferred ones are inserted or moved to their next attempt.
     */
    void recordAll(Connection connection, List<Delivery> deliveries, Instant at) throws SQLException {
        List<Delivery> finished =
                deliveries.stream().filter(delivery -> !delivery.deferred()).toList();
        List<Delivery> deferred = deliveries.stream().filter(Delivery::deferred).toList();
        if (!finished.isEmpty()) {
            insertFinished(connection, finished, at);
            // a held mail is a retry row before its first attempt: every finished one leaves the retries
            List<UUID> retried = finished.stream()
                    .map(delivery -> delivery.notification().notificationId())
                    .toList();
            if (!retried.isEmpty()) {
                try (PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM email_retry WHERE notification_id = ANY (?)")) {
                    delete.setArray(1, connection.createArrayOf("uuid", retried.toArray()));
                    delete.executeUpdate();
                }
            }
        }
        if (!deferred.isEmpty()) {
            upsertRetries(connection, deferred);
        }
        try (PreparedStatement landed =
                connection.prepareStatement("DELETE FROM email_in_flight WHERE notification_id = ANY (?)")) {
            landed.setArray(
                    1,
                    connection.createArrayOf(
                            "uuid",
                            deliveries.stream()
                                    .map(delivery -> delivery.notification().notificationId())
                                    .toArray()));
            landed.executeUpdate();
        }
    }

    private static void insertFinished(Connection connection, List<Delivery> deliveries, Instant at)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO email_delivery (notification_id, "
                + "advisory_id, practice_id, status, attempts, smtp_code, detail, finished_at, contact_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (notification_id) DO NOTHING")) {
            Timestamp timestamp = Timestamp.from(at);
            for (Delivery delivery : deliveries) {
                insert.setObject(1, delivery.notification().notificationId());
                insert.setString(2, delivery.notification().advisoryId());
                insert.setString(3, delivery.notification().practiceId());
                insert.setString(4, delivery.sent() ? "SENT" : "FAILED");
                insert.setInt(5, delivery.attempts());
                insert.setObject(6, delivery.outcome().smtpCode());
                insert.setString(7, shortened(delivery.outcome().detail()));
                insert.setTimestamp(8, timestamp);
                insert.setString(9, delivery.notification().contactId());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void upsertRetries(Connection connection, List<Delivery> deliveries) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO email_retry (notification_id, advisory_id, practice_id, notification, attempts,
                                         first_attempt_at, next_attempt_at, deadline, smtp_code, detail,
                                         partner_notification)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (notification_id) DO UPDATE SET attempts = EXCLUDED.attempts,
                    next_attempt_at = EXCLUDED.next_attempt_at, smtp_code = EXCLUDED.smtp_code,
                    detail = EXCLUDED.detail, deadline = EXCLUDED.deadline""")) {
            for (Delivery delivery : deliveries) {
                NotificationRequested notification = delivery.notification();
                upsert.setObject(1, notification.notificationId());
                upsert.setString(2, notification.advisoryId());
                upsert.setString(3, notification.practiceId());
                upsert.setString(4, json(notification));
                upsert.setInt(5, delivery.attempts());
                upsert.setTimestamp(6, Timestamp.from(delivery.firstAttemptAt()));
                upsert.setTimestamp(7, Timestamp.from(delivery.nextAttemptAt()));
                upsert.setTimestamp(8, Timestamp.from(delivery.deadline()));
                upsert.setObject(9, delivery.outcome().smtpCode());
                upsert.setString(10, shortened(delivery.outcome().detail()));
                upsert.setString(11, delivery.partnerMail() == null ? null : json(delivery.partnerMail()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /**
     * Claims up to {@code limit} retries due at {@code now}, oldest first, locked until the caller's transaction
     * ends; rows another instance has claimed are skipped, so no mail is retried by two instances at once.
     */
    List<Retry> claimDue(Connection connection, Instant now, int limit) throws SQLException {
        List<Retry> due = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT r.notification, r.attempts, r.first_attempt_at, r.deadline, r.partner_notification
                FROM email_retry r WHERE r.next_attempt_at <= ?
                ORDER BY r.next_attempt_at LIMIT ? FOR UPDATE OF r SKIP LOCKED""")) {
            select.setTimestamp(1, Timestamp.from(now));
            select.setInt(2, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    due.add(new Retry(
                            notification(rows.getString(1)),
                            rows.getInt(2),
                            rows.getTimestamp(3).toInstant(),
                            rows.getTimestamp(4).toInstant(),
                            partnerMail(rows.getString(5))));
                }
            }
        }
        return due;
    }

    private static String shortened(String detail) {
        return detail == null ? null : detail.substring(0, Math.min(detail.length(), 500));
    }

    private static String json(Object notification) {
        try {
            return EventJson.mapper().writeValueAsString(notification);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a notification as JSON", e);
        }
    }

    private static PartnerNotificationRequested partnerMail(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            return EventJson.mapper().readValue(json, PartnerNotificationRequested.class);
        } catch (JsonProcessingException e) {
            throw new SQLException(
                    "email_retry.partner_notification is not a partner notification: " + e.getOriginalMessage(), e);
        }
    }

    private static NotificationRequested notification(String json) throws SQLException {
        try {
            return EventJson.mapper().readValue(json, NotificationRequested.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("email_retry.notification is not a notification: " + e.getOriginalMessage(), e);
        }
    }
}
