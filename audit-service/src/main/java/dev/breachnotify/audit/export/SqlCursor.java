package dev.breachnotify.audit.export;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A server-side cursor ({@code DECLARE … CURSOR}) read {@code FETCH} by {@code FETCH}, in a read-only,
 * repeatable-read transaction: one consistent snapshot however long the download takes, one fetch of rows in memory.
 *
 * <p>Why not the driver's fetch size on a plain query: PostgreSQL plans such a query (a protocol-level portal) for
 * its whole result, and for the whole log it chose a parallel sequential scan and an external sort of the table on
 * disk before sending the first row (the JSON Lines export spent much of its time so). A declared cursor is
 * planned for a fast start ({@code cursor_tuple_fraction}), so the rows come in index order straight from the index.
 *
 * <p>Read it like a result set: {@link #next()}, then the current row's columns from {@link #row()}.
 */
final class SqlCursor {

    private static final String NAME = "bn_download";

    private final PreparedStatement fetch;
    private final int fetchSize;
    private ResultSet page;
    private int pageRows;
    private boolean last;

    private SqlCursor(PreparedStatement fetch, int fetchSize) {
        this.fetch = fetch;
        this.fetchSize = fetchSize;
    }

    /**
     * Declares the cursor for {@code sql} with its parameters on {@code connection}, in a new read-only,
     * repeatable-read transaction; {@link Downloads#release} ends it.
     */
    static SqlCursor open(Connection connection, String sql, List<Object> parameters, int fetchSize)
            throws SQLException {
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (PreparedStatement declare =
                connection.prepareStatement("DECLARE " + NAME + " NO SCROLL CURSOR FOR " + sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                declare.setObject(i + 1, parameters.get(i));
            }
            declare.execute();
        }
        return new SqlCursor(connection.prepareStatement("FETCH FORWARD " + fetchSize + " FROM " + NAME), fetchSize);
    }

    /** Moves to the next row, fetching more when the current fetch is used up; {@code false} at the end. */
    boolean next() throws SQLException {
        while (true) {
            if (page != null && page.next()) {
                pageRows++;
                return true;
            }
            if (page != null) {
                page.close();
                last = pageRows < fetchSize; // a short fetch was the last one
            }
            if (last) {
                return false;
            }
            page = fetch.executeQuery();
            pageRows = 0;
        }
    }

    /** The current row (after {@link #next()} returned {@code true}); valid until the next call to it. */
    ResultSet row() {
        return page;
    }
}
