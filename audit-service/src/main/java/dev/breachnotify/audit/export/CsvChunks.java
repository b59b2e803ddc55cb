package dev.breachnotify.audit.export;

import dev.breachnotify.platform.csv.CsvWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A streaming CSV download from an open result set: the header, then one record per row, in chunks of about
 * {@value #CHUNK_CHARS} characters for {@link Downloads#stream}. Synchronized, because a cancelled download closes
 * it from another thread.
 */
public final class CsvChunks implements Downloads.Chunks {

    /** Rows are gathered into chunks of about this many characters before they are sent. */
    static final int CHUNK_CHARS = 64 * 1024;

    /** The fields of the current row of a result set, in the order of the columns. */
    @FunctionalInterface
    public interface RowFields {
        List<String> of(ResultSet row) throws SQLException;
    }

    private final Connection connection;
    private final ResultSet rows;
    private final List<String> columns;
    private final RowFields fields;
    private boolean headerSent;
    private boolean done;

    /**
     * @param connection the read-only transaction the rows come from, released when the download ends
     * @param rows       the rows, or {@code null} for a CSV with the header only
     */
    public CsvChunks(Connection connection, ResultSet rows, List<String> columns, RowFields fields) {
        this.connection = connection;
        this.rows = rows;
        this.columns = List.copyOf(columns);
        this.fields = fields;
    }

    @Override
    public synchronized byte[] nextChunk() throws SQLException {
        if (done) {
            return null;
        }
        StringBuilder out = new StringBuilder(CHUNK_CHARS + 4096);
        CsvWriter csv = CsvWriter.to(out);
        if (!headerSent) {
            csv.row(columns);
            headerSent = true;
        }
        while (out.length() < CHUNK_CHARS) {
            if (rows == null || !rows.next()) {
                done = true;
                break;
            }
            csv.row(fields.of(rows));
        }
        return out.length() == 0 ? null : out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        done = true;
        Downloads.release(connection); // also closes the statement and result set
    }
}
