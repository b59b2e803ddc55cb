package dev.breachnotify.notifier.email;

import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** SQL for the notifications the email worker has finished with. */
@Singleton
public class DeliveryStore {

    /** Which of these notifications were already sent or given up. */
    Set<UUID> finished(Connection connection, Collection<UUID> notificationIds) throws SQLException {
        Set<UUID> finished = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT notification_id FROM email_delivery WHERE notification_id = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("uuid", notificationIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    finished.add(rows.getObject(1, UUID.class));
                }
            }
        }
        return finished;
    }

    /** Records finished deliveries; a notification already recorded is left as it was. */
    void recordAll(Connection connection, List<Delivery> deliveries, Instant at) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO email_delivery (notification_id, "
                + "advisory_id, practice_id, status, attempts, smtp_code, detail, finished_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (notification_id) DO NOTHING")) {
            Timestamp timestamp = Timestamp.from(at);
            for (Delivery delivery : deliveries) {
                String detail = delivery.outcome().detail();
                insert.setObject(1, delivery.notification().notificationId());
                insert.setString(2, delivery.notification().advisoryId());
                insert.setString(3, delivery.notification().practiceId());
                insert.setString(4, delivery.sent() ? "SENT" : "FAILED");
                insert.setInt(5, delivery.attempts());
                insert.setObject(6, delivery.outcome().smtpCode());
                insert.setString(7, detail == null ? null : detail.substring(0, Math.min(detail.length(), 500)));
                insert.setTimestamp(8, timestamp);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
