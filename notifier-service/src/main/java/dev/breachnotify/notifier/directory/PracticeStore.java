package dev.breachnotify.notifier.directory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.breachnotify.events.AdvisoryPublished.Audience;
import dev.breachnotify.events.Contact;
import dev.breachnotify.events.EventJson;
import dev.breachnotify.events.PartnerAssignment;
import dev.breachnotify.events.PostalAddress;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PreferredChannel;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.sql.Array;
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
import java.util.TreeMap;

/** SQL for the practice directory. Every method works inside the caller's transaction. */
@Singleton
public class PracticeStore {

    private static final String COLUMNS = "practice_id, name, contact_person, emails, street, postcode, city, "
            + "country, language, segment, preferred_channel, attributes, contacts, partners";

    /** The stored practices among {@code ids}. */
    public Map<String, Practice> findByIds(Connection connection, Collection<String> ids) throws SQLException {
        Map<String, Practice> found = new HashMap<>();
        try (PreparedStatement select =
                connection.prepareStatement("SELECT " + COLUMNS + " FROM practice WHERE practice_id = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Practice practice = map(rows);
                    found.put(practice.practiceId(), practice);
                }
            }
        }
        return found;
    }

    /** The practices an IT service partner looks after (for any credential). */
    public List<Practice> findByPartner(Connection connection, String partnerId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM practice WHERE partners @> ?::jsonb ORDER BY practice_id")) {
            select.setString(1, partnerFilter(partnerId));
            List<Practice> found = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(map(rows));
                }
            }
            return found;
        }
    }

    /** One page of the practices a partner looks after, in id order ({@code afterId} {@code null} for the first). */
    public List<Practice> pageByPartner(Connection connection, String partnerId, String afterId, int limit)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM practice WHERE partners @> ?::jsonb AND practice_id > ? ORDER BY practice_id LIMIT ?")) {
            select.setString(1, partnerFilter(partnerId));
            select.setString(2, afterId == null ? "" : afterId);
            select.setInt(3, limit);
            List<Practice> page = new ArrayList<>(limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    page.add(map(rows));
                }
            }
            return page;
        }
    }

    private static final int INDEXED_COUNTS = 10;

    /** How many practices each of the partners looks after (a partner without any may be missing). */
    public Map<String, Long> countByPartner(Connection connection, Collection<String> partnerIds) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        // a few partners: one containment query each, from the GIN index on partners; many: one scan of the table
        // (measured with 100,000 practices: 0.1 s for one partner by the index, 0.4 s for 500 by the scan, 5 s for
        // 500 by the index)
        String sql = partnerIds.size() <= INDEXED_COUNTS
                ? "SELECT id, (SELECT count(*) FROM practice "
                        + "WHERE partners @> jsonb_build_array(jsonb_build_object('partnerId', id))) "
                        + "FROM unnest(?::text[]) AS id"
                : "SELECT a ->> 'partnerId', count(DISTINCT p.practice_id) FROM practice p "
                        + "CROSS JOIN LATERAL jsonb_array_elements(p.partners) a "
                        + "WHERE a ->> 'partnerId' = ANY (?) GROUP BY 1";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setArray(1, connection.createArrayOf("text", partnerIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return counts;
    }

    private static String partnerFilter(String partnerId) {
        return json(List.of(Map.of("partnerId", partnerId)));
    }

    /** The stored practice with the id, if any. */
    public java.util.Optional<Practice> findById(Connection connection, String practiceId) throws SQLException {
        return java.util.Optional.ofNullable(
                findByIds(connection, List.of(practiceId)).get(practiceId));
    }

    /** Inserts or replaces practices. */
    public void upsert(Connection connection, List<Practice> practices, Instant now) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO practice (" + COLUMNS
                + ", created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?) "
                + "ON CONFLICT (practice_id) DO UPDATE SET name = EXCLUDED.name, "
                + "contact_person = EXCLUDED.contact_person, emails = EXCLUDED.emails, street = EXCLUDED.street, "
                + "postcode = EXCLUDED.postcode, city = EXCLUDED.city, country = EXCLUDED.country, "
                + "language = EXCLUDED.language, segment = EXCLUDED.segment, "
                + "preferred_channel = EXCLUDED.preferred_channel, attributes = EXCLUDED.attributes, "
                + "contacts = EXCLUDED.contacts, partners = EXCLUDED.partners, "
                + "updated_at = EXCLUDED.updated_at")) {
            Timestamp timestamp = Timestamp.from(now);
            for (Practice practice : practices) {
                PostalAddress address = practice.address();
                upsert.setString(1, practice.practiceId());
                upsert.setString(2, practice.name());
                upsert.setString(3, practice.contactPerson());
                upsert.setArray(
                        4, connection.createArrayOf("text", practice.emails().toArray()));
                upsert.setString(5, address == null ? null : address.street());
                upsert.setString(6, address == null ? null : address.postcode());
                upsert.setString(7, address == null ? null : address.city());
                upsert.setString(8, address == null ? null : address.country());
                upsert.setString(9, practice.language());
                upsert.setString(10, practice.segment());
                upsert.setString(11, practice.preferredChannel().name());
                upsert.setString(12, json(new TreeMap<>(practice.attributes())));
                upsert.setString(13, json(practice.contacts()));
                upsert.setString(14, json(practice.partners()));
                upsert.setTimestamp(15, timestamp);
                upsert.setTimestamp(16, timestamp);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /**
     * One page of the practices an audience targets, in id order (keyset pagination).
     *
     * @param afterId the last id of the previous page, or {@code null} for the first page
     */
    public List<Practice> page(Connection connection, Audience audience, String afterId, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM practice WHERE practice_id > ?");
        switch (audience.kind()) {
            case SEGMENTS -> sql.append(" AND segment = ANY (?)");
            case PRACTICES -> sql.append(" AND practice_id = ANY (?)");
            case ALL -> {}
        }
        sql.append(" ORDER BY practice_id LIMIT ?");
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            int index = 1;
            select.setString(index++, afterId == null ? "" : afterId);
            if (audience.kind() != Audience.Kind.ALL) {
                select.setArray(
                        index++,
                        connection.createArrayOf("text", audience.values().toArray()));
            }
            select.setInt(index, limit);
            List<Practice> page = new ArrayList<>(limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    page.add(map(rows));
                }
            }
            return page;
        }
    }

    /** How many practices an audience targets. */
    public long count(Connection connection, Audience audience) throws SQLException {
        String sql = switch (audience.kind()) {
            case ALL -> "SELECT count(*) FROM practice WHERE cardinality(?::text[]) >= 0";
            case SEGMENTS -> "SELECT count(*) FROM practice WHERE segment = ANY (?)";
            case PRACTICES -> "SELECT count(*) FROM practice WHERE practice_id = ANY (?)";
        };
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setArray(
                    1, connection.createArrayOf("text", audience.values().toArray()));
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Practice map(ResultSet rows) throws SQLException {
        Array emails = rows.getArray("emails");
        String street = rows.getString("street");
        String postcode = rows.getString("postcode");
        String city = rows.getString("city");
        PostalAddress address = street == null && postcode == null && city == null
                ? null
                : new PostalAddress(street, postcode, city, rows.getString("country"));
        return new Practice(
                rows.getString("practice_id"),
                rows.getString("name"),
                rows.getString("contact_person"),
                List.of((String[]) emails.getArray()),
                address,
                rows.getString("language"),
                rows.getString("segment"),
                PreferredChannel.valueOf(rows.getString("preferred_channel")),
                attributes(rows.getString("attributes")),
                read(rows.getString("contacts"), CONTACTS),
                read(rows.getString("partners"), PARTNERS));
    }

    private static final TypeReference<List<Contact>> CONTACTS = new TypeReference<>() {};
    private static final TypeReference<List<PartnerAssignment>> PARTNERS = new TypeReference<>() {};

    private static <T> List<T> read(String json, TypeReference<List<T>> type) {
        if (json == null) {
            return List.of();
        }
        try {
            return EventJson.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> attributes(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return EventJson.mapper().readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
