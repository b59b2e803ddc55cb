package dev.breachnotify.notifier.deadletter;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code dead_letter} table. */
@Singleton
class DeadLetterStore {

    private static final String COLUMNS = "dead_letter_id, consumer_group, topic, kafka_partition, kafka_offset, "
            + "record_key, reason, dead_lettered_at, replayed_at, replayed_by";

    /** @return whether the record was new (a redelivered one is already there) */
    boolean insert(Connection connection, DeadLetter letter, byte[] value) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO dead_letter (" + COLUMNS
                + ", record_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?) ON CONFLICT DO NOTHING")) {
            insert.setObject(1, letter.deadLetterId());
            insert.setString(2, letter.consumerGroup());
            insert.setString(3, letter.topic());
            insert.setInt(4, letter.partition());
            insert.setLong(5, letter.offset());
            insert.setString(6, letter.recordKey());
            insert.setString(7, letter.reason());
            insert.setObject(8, letter.deadLetteredAt().atOffset(ZoneOffset.UTC));
            insert.setBytes(9, value);
            return insert.executeUpdate() == 1;
        }
    }

    List<DeadLetter> list(Connection connection, boolean includeReplayed, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM dead_letter"
                + (includeReplayed ? "" : " WHERE replayed_at IS NULL") + " ORDER BY dead_lettered_at LIMIT ?")) {
            select.setInt(1, limit);
            List<DeadLetter> letters = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    letters.add(letter(row));
                }
            }
            return letters;
        }
    }

    /** The dead letter and its value, locked for a replay. */
    Optional<Locked> lock(Connection connection, UUID id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + ", record_value FROM dead_letter WHERE dead_letter_id = ? FOR UPDATE")) {
            select.setObject(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new Locked(letter(row), row.getBytes(11))) : Optional.empty();
            }
        }
    }

    void markReplayed(Connection connection, UUID id, Instant at, String user) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE dead_letter SET replayed_at = ?, replayed_by = ? WHERE dead_letter_id = ?")) {
            update.setObject(1, at.atOffset(ZoneOffset.UTC));
            update.setString(2, user);
            update.setObject(3, id);
            update.executeUpdate();
        }
    }

    record Locked(DeadLetter letter, byte[] value) {}

    private static DeadLetter letter(ResultSet row) throws SQLException {
        return new DeadLetter(
                row.getObject(1, UUID.class),
                row.getString(2),
                row.getString(3),
                row.getInt(4),
                row.getLong(5),
                row.getString(6),
                row.getString(7),
                instant(row.getObject(8, OffsetDateTime.class)),
                instant(row.getObject(9, OffsetDateTime.class)),
                row.getString(10));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
