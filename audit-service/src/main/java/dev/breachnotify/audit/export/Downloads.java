package dev.breachnotify.audit.export;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * What the log's streaming downloads (the CSV and JSON Lines exports, the outstanding practices) share: a cursor in
 * a read-only, repeatable-read transaction read in chunks, so that a download of a million entries holds one chunk
 * in memory, and released however the download ends (done, failed, or cancelled by the client).
 */
public final class Downloads {

    private Downloads() {
    }

    /** An open download. Implementations synchronize: a cancelled download is closed from another thread. */
    public interface Chunks {

        /** @return the next chunk, or {@code null} at the end */
        byte[] nextChunk() throws SQLException;

        /** Releases the cursor's connection; idempotent. */
        void close();
    }

    /** The chunks of the download {@code open} starts, read on {@code scheduler} as the client asks for them. */
    public static Flux<byte[]> stream(Callable<? extends Chunks> open, Scheduler scheduler) {
        return Flux.using(open, chunks -> Flux.<byte[]>generate(sink -> {
            try {
                byte[] chunk = chunks.nextChunk();
                if (chunk == null) {
                    sink.complete();
                } else {
                    sink.next(chunk);
                }
            } catch (SQLException | RuntimeException e) {
                sink.error(e);
            }
        }), Chunks::close).subscribeOn(scheduler);
    }

    /**
     * Runs {@code sql} as a forward-only cursor in a read-only, repeatable-read transaction on {@code connection}
     * (PostgreSQL streams with a fetch size only inside a transaction).
     */
    public static ResultSet cursor(Connection connection, String sql, List<Object> parameters, int fetchSize)
            throws SQLException {
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        PreparedStatement statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(fetchSize);
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
        return statement.executeQuery();
    }

    /** Ends the read-only transaction and returns the connection (closing its statement and result set). */
    public static void release(Connection connection) {
        try {
            connection.rollback(); // read-only: nothing to keep
        } catch (SQLException ignored) {
            // the connection is being discarded anyway
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing more to do
        }
    }
}
