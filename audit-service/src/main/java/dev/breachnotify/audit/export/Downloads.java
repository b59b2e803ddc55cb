package dev.breachnotify.audit.export;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * What the log's streaming downloads (the CSV and JSON Lines exports, the outstanding practices) share: a cursor in
 * a read-only, repeatable-read transaction read in chunks, so that a download of a million entries holds one chunk
 * in memory, and released however the download ends (done, failed, or cancelled by the client).
 */
public final class Downloads {

    /** Chunks made ahead of what the client has taken. */
    static final int AHEAD = 4;

    private Downloads() {}

    /** An open download. Implementations synchronize: a cancelled download is closed from another thread. */
    public interface Chunks {

        /** @return the next chunk, or {@code null} at the end */
        byte[] nextChunk() throws SQLException;

        /** Releases the cursor's connection; idempotent. */
        void close();
    }

    /**
     * The chunks of the download {@code open} starts, read on {@code scheduler} as the client asks for them, up to
     * {@value #AHEAD} ahead: the server writes a chunk only once the previous one has (nearly) left its socket, so
     * without the read-ahead the next chunk would be made only while nothing is being sent.
     */
    public static Flux<byte[]> stream(Callable<? extends Chunks> open, Scheduler scheduler) {
        return Flux.using(
                        open,
                        chunks -> Flux.<byte[]>generate(sink -> {
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
                        }),
                        Chunks::close)
                .subscribeOn(scheduler)
                .limitRate(AHEAD, AHEAD / 2);
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
