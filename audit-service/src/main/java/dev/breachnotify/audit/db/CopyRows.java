package dev.breachnotify.audit.db;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Rows for PostgreSQL's {@code COPY ... FROM STDIN} in text format, the fastest way to append a batch: no bind
 * parameters and no statement to plan, and the table's constraints and triggers apply as to an {@code INSERT}
 * (COPY needs only the INSERT privilege). Values are escaped as the text format requires: backslash, newline,
 * carriage return and tab; {@code \N} is NULL.
 */
public final class CopyRows {

    private static final HexFormat HEX = HexFormat.of();

    private final String table;
    private final String columns;
    private final StringBuilder text = new StringBuilder(1 << 16);
    private CopyIn copy;
    private boolean rowStarted;
    private int rows;

    /**
     * @param table   the table
     * @param columns its columns in the order each row gives them, comma-separated
     */
    public CopyRows(String table, String columns) {
        this.table = table;
        this.columns = columns;
    }

    /** A text value, or NULL. */
    public CopyRows text(String value) {
        separate();
        if (value == null) {
            text.append("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> text.append(c);
            }
        }
        return this;
    }

    /** An integer value. */
    public CopyRows number(long value) {
        separate();
        text.append(value);
        return this;
    }

    /** A UUID value. */
    public CopyRows uuid(UUID value) {
        separate();
        text.append(value);
        return this;
    }

    /** A bytea value, in hex form. */
    public CopyRows bytes(byte[] value) {
        separate();
        text.append("\\\\x").append(HEX.formatHex(value));
        return this;
    }

    /**
     * A timestamptz value, rounded to PostgreSQL's microseconds the way the JDBC driver rounds a bound
     * {@code OffsetDateTime} (half up), so that a value reads back the same whichever way it was written.
     */
    public CopyRows timestamp(Instant value) {
        separate();
        Instant rounded = value.getNano() % 1000 >= 500 ? value.plusNanos(1000) : value;
        text.append(rounded.truncatedTo(ChronoUnit.MICROS));
        return this;
    }

    /** Ends the current row. */
    public void endRow() {
        text.append('\n');
        rowStarted = false;
        rows++;
    }

    /** @return the rows added and not yet written */
    public int pending() {
        return rows;
    }

    /** @return the pending rows as they will be sent */
    String pendingText() {
        return text.toString();
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
            copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY " + table + " (" + columns + ") FROM STDIN (FORMAT text)");
        }
        byte[] data = text.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(data, 0, data.length);
        text.setLength(0);
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

    private void separate() {
        if (rowStarted) {
            text.append('\t');
        }
        rowStarted = true;
    }
}
