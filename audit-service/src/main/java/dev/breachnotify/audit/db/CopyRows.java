package dev.breachnotify.audit.db;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows for PostgreSQL's {@code COPY ... FROM STDIN} in binary format, the fastest way to append a batch: no bind
 * parameters and no statement to plan, no text for the server to scan and parse (a canonical JSON of hundreds of
 * bytes is copied, not searched for escapes), and the table's constraints and triggers apply as to an
 * {@code INSERT} (COPY needs only the INSERT privilege).
 *
 * <p>Each value is written in its column type's binary form ({@code int2}, {@code int4}, {@code int8},
 * {@code uuid}, {@code text}, {@code bytea}, {@code timestamptz}), so the writer must call the method of the
 * column's exact type; a row must give every column, in the order of {@code columns}.
 */
public final class CopyRows {

    /** The binary format's signature, flags (none) and header extension length (0). */
    private static final byte[] HEADER = {
        'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
    };
    /** PostgreSQL's timestamps count microseconds from 2000-01-01T00:00:00Z. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private final String table;
    private final String columns;
    private final int columnCount;
    private byte[] buffer = new byte[1 << 16];
    private int length;
    private int fieldsInRow = -1;
    private int rows;
    private CopyIn copy;

    /**
     * @param table   the table
     * @param columns its columns in the order each row gives them, comma-separated
     */
    public CopyRows(String table, String columns) {
        this.table = table;
        this.columns = columns;
        this.columnCount = columns.split(",").length;
    }

    /** A {@code text} value, or NULL. */
    public CopyRows text(String value) {
        return value == null ? nullValue() : field(value.getBytes(StandardCharsets.UTF_8));
    }

    /** An {@code int2} value. */
    public CopyRows int16(int value) {
        if (value != (short) value) {
            throw new IllegalArgumentException(value + " does not fit a smallint");
        }
        fieldLength(2);
        putShort(value);
        return this;
    }

    /** An {@code int4} value. */
    public CopyRows int32(int value) {
        fieldLength(4);
        putInt(value);
        return this;
    }

    /** An {@code int8} value. */
    public CopyRows int64(long value) {
        fieldLength(8);
        putLong(value);
        return this;
    }

    /** A {@code uuid} value. */
    public CopyRows uuid(UUID value) {
        fieldLength(16);
        putLong(value.getMostSignificantBits());
        putLong(value.getLeastSignificantBits());
        return this;
    }

    /** A {@code bytea} value. */
    public CopyRows bytes(byte[] value) {
        return field(value);
    }

    /**
     * A {@code timestamptz} value, rounded to PostgreSQL's microseconds the way the JDBC driver rounds a bound
     * {@code OffsetDateTime} (half up), so that a value reads back the same whichever way it was written.
     */
    public CopyRows timestamp(Instant value) {
        fieldLength(8);
        putLong(postgresMicros(value));
        return this;
    }

    /** Ends the current row. */
    public void endRow() {
        if (fieldsInRow != columnCount) {
            throw new IllegalStateException(
                    "a row of " + table + " has " + columnCount + " columns, not " + Math.max(fieldsInRow, 0));
        }
        fieldsInRow = -1;
        rows++;
    }

    /** @return the rows added and not yet sent */
    public int pending() {
        return rows;
    }

    /** @return the pending rows as they will be sent (after the header, which goes once per COPY) */
    byte[] pendingBytes() {
        return Arrays.copyOf(buffer, length);
    }

    /**
     * Writes the pending rows with one {@code COPY} on the connection (in its transaction).
     *
     * @return the number of rows written
     */
    public long copyInto(Connection connection) throws SQLException {
        send(connection);
        return finish();
    }

    /**
     * Sends the pending rows on the connection, starting the {@code COPY} with the first of them. PostgreSQL
     * inserts them while the caller prepares the next ones; until {@link #finish()} (or {@link #abort()}) the
     * connection runs nothing else.
     */
    public void send(Connection connection) throws SQLException {
        if (rows == 0) {
            return;
        }
        if (copy == null) {
            copy = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("COPY " + table + " (" + columns + ") FROM STDIN (FORMAT binary)");
            copy.writeToCopy(HEADER, 0, HEADER.length);
        }
        copy.writeToCopy(buffer, 0, length);
        length = 0;
        rows = 0;
    }

    /**
     * Ends the {@code COPY}: waits until PostgreSQL has inserted every row sent and checked them.
     *
     * @return the number of rows written, 0 if none were sent
     */
    public long finish() throws SQLException {
        if (copy == null) {
            return 0;
        }
        CopyIn open = copy;
        copy = null;
        byte[] trailer = {(byte) 0xff, (byte) 0xff}; // a field count of -1
        open.writeToCopy(trailer, 0, trailer.length);
        return open.endCopy();
    }

    /** Cancels a {@code COPY} still open after a failure, so that the transaction can be rolled back. */
    public void abort() {
        CopyIn open = copy;
        copy = null;
        if (open != null && open.isActive()) {
            try {
                open.cancelCopy();
            } catch (SQLException e) {
                // the transaction fails anyway; the caller's exception says why
            }
        }
    }

    /** Microseconds from PostgreSQL's epoch, rounded half up from nanoseconds. */
    static long postgresMicros(Instant value) {
        long micros = (value.getEpochSecond() - POSTGRES_EPOCH_SECONDS) * 1_000_000L + value.getNano() / 1_000;
        return value.getNano() % 1_000 >= 500 ? micros + 1 : micros;
    }

    private CopyRows field(byte[] value) {
        fieldLength(value.length);
        ensure(value.length);
        System.arraycopy(value, 0, buffer, length, value.length);
        length += value.length;
        return this;
    }

    private CopyRows nullValue() {
        fieldLength(-1);
        return this;
    }

    /** Starts a field (and the row with its field count, before its first field). */
    private void fieldLength(int fieldLength) {
        if (fieldsInRow < 0) {
            putShort(columnCount);
            fieldsInRow = 0;
        }
        if (++fieldsInRow > columnCount) {
            throw new IllegalStateException("a row of " + table + " has only " + columnCount + " columns");
        }
        putInt(fieldLength);
    }

    private void putShort(int value) {
        ensure(2);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void putInt(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[length++] = (byte) (value >>> shift);
        }
    }

    private void putLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[length++] = (byte) (value >>> shift);
        }
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
