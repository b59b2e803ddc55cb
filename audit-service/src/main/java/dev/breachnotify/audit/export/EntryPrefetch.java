package dev.breachnotify.audit.export;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads an export's entries ({@code idx, leaf_hash, canonical_json}) from its cursor on a thread of its own, one
 * batch ahead: PostgreSQL sends the next rows while the export works out the proofs and writes the lines of the
 * current ones. At most {@value #AHEAD} batches wait, so memory stays flat however slowly the client reads.
 *
 * <p>The cursor's connection belongs to the reading thread until {@link #close()} returns.
 */
final class EntryPrefetch implements AutoCloseable {

    /** Entries read, in cursor order; fewer than the batch size only at the end. */
    record Batch(long[] indexes, byte[][] leaves, byte[][] events, int size) {}

    private static final int AHEAD = 2;

    private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(AHEAD);
    private final Thread reader;
    private volatile boolean closed;

    EntryPrefetch(SqlCursor rows, int batchSize) {
        this.reader = new Thread(() -> read(rows, batchSize), "audit-export-prefetch");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * The next batch, waiting for it if need be; a batch smaller than the batch size (maybe empty) is the last.
     *
     * @throws SQLException as the cursor threw it
     */
    Batch next() throws SQLException {
        Object next;
        try {
            next = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the export's entries", e);
        }
        if (next instanceof SQLException e) {
            throw new SQLException(e.getMessage(), e.getSQLState(), e);
        }
        if (next instanceof RuntimeException e) {
            throw e;
        }
        return (Batch) next;
    }

    /** Stops reading; returns once the reading thread has let go of the cursor (within its current fetch). */
    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void read(SqlCursor rows, int batchSize) {
        try {
            while (!closed) {
                Batch batch = readBatch(rows, batchSize);
                ready.put(batch);
                if (batch.size() < batchSize) {
                    return;
                }
            }
        } catch (SQLException | RuntimeException e) {
            offer(e);
        } catch (InterruptedException e) {
            // closed
        }
    }

    private static Batch readBatch(SqlCursor rows, int batchSize) throws SQLException {
        long[] indexes = new long[batchSize];
        byte[][] leaves = new byte[batchSize][];
        byte[][] events = new byte[batchSize][];
        int size = 0;
        while (size < batchSize && rows.next()) {
            ResultSet row = rows.row();
            indexes[size] = row.getLong(1);
            leaves[size] = row.getBytes(2);
            events[size] = row.getBytes(3); // text in the client encoding, UTF-8: the canonical JSON's bytes
            size++;
        }
        return new Batch(indexes, leaves, events, size);
    }

    private void offer(Exception failure) {
        try {
            ready.put(failure);
        } catch (InterruptedException e) {
            // closed: nobody waits for it
        }
    }
}
