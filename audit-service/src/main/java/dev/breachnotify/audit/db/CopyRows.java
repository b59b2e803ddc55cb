package dev.breachnotify.audit.db;

import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
        if (rows == 0) {
            return 0;
        }
        byte[] data = text.toString().getBytes(StandardCharsets.UTF_8);
        try {
            long copied = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY " + table + " (" + columns + ") FROM STDIN (FORMAT text)", new ByteArrayInputStream(data));
            text.setLength(0);
            rows = 0;
            return copied;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not from a byte array
        }
    }

    private void separate() {
        if (rowStarted) {
            text.append('\t');
        }
        rowStarted = true;
    }
}
