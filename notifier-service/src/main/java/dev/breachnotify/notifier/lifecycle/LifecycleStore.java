package dev.breachnotify.notifier.lifecycle;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeSet;

/**
 * Reads and holds advisory states in PostgreSQL. The state is derived from the stored facts by
 * {@link AdvisoryState#of}; it is held still by a transaction-scoped advisory lock per advisory (shared for
 * senders, exclusive for a transition). PostgreSQL queues such locks fairly, so a waiting withdrawal is not starved
 * by senders that keep arriving: they queue behind it.
 */
@Singleton
public class LifecycleStore implements SendGate, AdvisoryLifecycle {

    /** The first key of every lifecycle lock ("life"); the second is the advisory id's hash. */
    private static final int LOCK_SPACE = 0x6c696665;

    private static final String STATES = """
            SELECT a.advisory_id, a.status = 'PUBLISHED', r.advisory_id IS NOT NULL,
                   EXISTS (SELECT 1 FROM escalation_step s WHERE s.advisory_id = a.advisory_id
                            AND s.step = 'final-list' AND s.fired_at IS NOT NULL),
                   COALESCE(e.paused, false)
              FROM advisory a
              LEFT JOIN advisory_retraction r ON r.advisory_id = a.advisory_id
              LEFT JOIN escalation e ON e.advisory_id = a.advisory_id
             WHERE a.advisory_id = ANY (?)""";

    @Override
    public Map<String, AdvisoryState> holdOpen(Connection connection, Collection<String> advisoryIds)
            throws SQLException {
        lock(connection, advisoryIds, "pg_advisory_xact_lock_shared");
        return read(connection, advisoryIds);
    }

    @Override
    public AdvisoryState begin(Connection connection, String advisoryId, Transition transition) throws SQLException {
        lock(connection, java.util.List.of(advisoryId), "pg_advisory_xact_lock");
        AdvisoryState state = read(connection, java.util.List.of(advisoryId)).get(advisoryId);
        if (state == null) {
            throw new NoSuchElementException("no advisory " + advisoryId);
        }
        state.after(transition, advisoryId);
        return state;
    }

    @Override
    public Map<String, AdvisoryState> read(Connection connection, Collection<String> advisoryIds) throws SQLException {
        Map<String, AdvisoryState> states = new HashMap<>();
        if (advisoryIds.isEmpty()) {
            return states;
        }
        try (PreparedStatement select = connection.prepareStatement(STATES)) {
            select.setArray(1, connection.createArrayOf("text", new TreeSet<>(advisoryIds).toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    states.put(
                            rows.getString(1),
                            AdvisoryState.of(
                                    rows.getBoolean(2), rows.getBoolean(3), rows.getBoolean(4), rows.getBoolean(5)));
                }
            }
        }
        return states;
    }

    private static void lock(Connection connection, Collection<String> advisoryIds, String function)
            throws SQLException {
        // in the order of the keys: two holders of several advisories take them in the same order
        try (PreparedStatement lock = connection.prepareStatement("SELECT " + function + "(?, k.key) FROM "
                + "(SELECT DISTINCT hashtext(id) AS key FROM unnest(?::text[]) AS id ORDER BY 1) k")) {
            lock.setInt(1, LOCK_SPACE);
            lock.setArray(2, connection.createArrayOf("text", advisoryIds.toArray()));
            lock.executeQuery().close();
        }
    }
}
