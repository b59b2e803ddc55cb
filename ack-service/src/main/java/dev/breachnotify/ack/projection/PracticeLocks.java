package dev.breachnotify.ack.projection;

import dev.breachnotify.events.AcknowledgementRecorded;
import dev.breachnotify.events.CredentialRotationConfirmed;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * Serialises the writers of one practice's answers (acknowledgement, credential confirmations) without
 * deadlocks.
 *
 * <p>The submit path and the Kafka listener both apply the same answer events: each inserts the event's id into
 * {@code processed_event} and upserts the practice's rows. Two such transactions could take these locks in
 * opposite orders (the listener holds the practice's row from an earlier event of its batch and waits for the
 * submit path's event id, which waits for the row), and PostgreSQL breaks the cycle only after its
 * {@code deadlock_timeout} (1 s), failing one of them. So every transaction first takes a transaction-scoped
 * advisory lock per practice whose answers it writes, all at once and in ascending order of their keys; the
 * row locks that follow never form a cycle.
 */
final class PracticeLocks {

    /** The first key of the two-key advisory locks, reserved for this purpose ("ACK1"). */
    static final int LOCK_SPACE = 0x41434B31;

    private PracticeLocks() {}

    /**
     * The lock keys of the practices whose answers the events write, distinct and in ascending order. A key is
     * a hash of advisory and practice: two practices that share one merely wait for each other.
     */
    static int[] keys(Collection<? extends EventEnvelope<? extends EventPayload>> events) {
        return events.stream()
                .map(event -> practiceOfAnswer(event.payload()))
                .filter(Objects::nonNull)
                .mapToInt(String::hashCode)
                .distinct()
                .sorted()
                .toArray();
    }

    /** Takes the locks of {@link #keys}, held until the transaction ends. */
    static void lock(Connection connection, Collection<? extends EventEnvelope<? extends EventPayload>> events)
            throws SQLException {
        int[] keys = keys(events);
        if (keys.length == 0) {
            return;
        }
        // unnest yields the keys in array order, and the aggregate takes the locks one row after the other.
        Array array =
                connection.createArrayOf("int4", Arrays.stream(keys).boxed().toArray());
        try (PreparedStatement lock =
                connection.prepareStatement("SELECT count(pg_advisory_xact_lock(?, k)) FROM unnest(?::int4[]) AS k")) {
            lock.setInt(1, LOCK_SPACE);
            lock.setArray(2, array);
            lock.executeQuery().close();
        } finally {
            array.free();
        }
    }

    private static String practiceOfAnswer(EventPayload payload) {
        if (payload instanceof AcknowledgementRecorded ack) {
            return ack.advisoryId() + '\n' + ack.practiceId();
        }
        if (payload instanceof CredentialRotationConfirmed confirmation) {
            return confirmation.advisoryId() + '\n' + confirmation.practiceId();
        }
        return null;
    }
}
