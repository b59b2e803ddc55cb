package dev.breachnotify.notifier.directory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.breachnotify.events.EventJson;
import dev.breachnotify.events.Partner;
import dev.breachnotify.events.PartnerContact;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** SQL for the IT service partners. Every method works inside the caller's transaction. */
@Singleton
public class PartnerStore {

    private static final String COLUMNS = "partner_id, name, language, contacts";
    private static final TypeReference<List<PartnerContact>> CONTACTS = new TypeReference<>() {};

    /** The stored partners among {@code ids}. */
    public Map<String, Partner> findByIds(Connection connection, Collection<String> ids) throws SQLException {
        Map<String, Partner> found = new HashMap<>();
        try (PreparedStatement select =
                connection.prepareStatement("SELECT " + COLUMNS + " FROM partner WHERE partner_id = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Partner partner = map(rows);
                    found.put(partner.partnerId(), partner);
                }
            }
        }
        return found;
    }

    /** One page of all partners in id order (keyset pagination; {@code afterId} {@code null} for the first). */
    public List<Partner> page(Connection connection, String afterId, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM partner WHERE partner_id > ? ORDER BY partner_id LIMIT ?")) {
            select.setString(1, afterId == null ? "" : afterId);
            select.setInt(2, limit);
            List<Partner> page = new ArrayList<>(limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    page.add(map(rows));
                }
            }
            return page;
        }
    }

    /** Inserts or replaces partners. */
    public void upsert(Connection connection, List<Partner> partners, Instant now) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO partner (" + COLUMNS
                + ", created_at, updated_at) VALUES (?, ?, ?, ?::jsonb, ?, ?) "
                + "ON CONFLICT (partner_id) DO UPDATE SET name = EXCLUDED.name, language = EXCLUDED.language, "
                + "contacts = EXCLUDED.contacts, updated_at = EXCLUDED.updated_at")) {
            Timestamp timestamp = Timestamp.from(now);
            for (Partner partner : partners) {
                upsert.setString(1, partner.partnerId());
                upsert.setString(2, partner.name());
                upsert.setString(3, partner.language());
                upsert.setString(4, PracticeStore.json(partner.contacts()));
                upsert.setTimestamp(5, timestamp);
                upsert.setTimestamp(6, timestamp);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private static Partner map(ResultSet rows) throws SQLException {
        try {
            return new Partner(
                    rows.getString("partner_id"),
                    rows.getString("name"),
                    rows.getString("language"),
                    EventJson.mapper().readValue(rows.getString("contacts"), CONTACTS));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
