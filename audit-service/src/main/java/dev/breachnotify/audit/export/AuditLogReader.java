package dev.breachnotify.audit.export;

import dev.breachnotify.platform.csv.CsvWriter;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Reads the audit log for the DPO: the export as a stream of CSV chunks, and the log's head.
 *
 * <p>The export holds one database cursor for its whole length, in a read-only REPEATABLE READ transaction (one
 * consistent snapshot, however long the download takes), and reads {@value #FETCH_SIZE} rows at a time, so memory
 * stays flat for any size of log. Chunks are produced only as fast as the client takes them (Reactor
 * back-pressure), on the blocking executor, never on the event loop.
 */
@Singleton
public class AuditLogReader {

    /** The export's columns, in order. */
    public static final List<String> COLUMNS = List.of(
            "index",
            "recorded_at",
            "occurred_at",
            "type",
            "advisory_id",
            "practice_id",
            "event_id",
            "producer",
            "leaf_hash",
            "event_json");

    static final int FETCH_SIZE = 500;
    /** Rows are gathered into chunks of about this many characters before they are sent. */
    static final int CHUNK_CHARS = 64 * 1024;

    private final DataSource dataSource;
    private final Scheduler scheduler;

    public AuditLogReader(DataSource dataSource, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        // The pool itself: Micronaut Data's contextual proxy would tie the connection to the calling thread,
        // and the export's chunks are read on whichever worker thread the client's demand arrives.
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.scheduler = Schedulers.fromExecutorService(blocking, "audit-export");
    }

    /** The export as UTF-8 CSV chunks: the header, then one record per matching entry in index order. */
    public Flux<byte[]> exportCsv(ExportFilter filter) {
        return Downloads.stream(() -> Cursor.open(dataSource, filter), scheduler);
    }

    /** The head of the log. */
    public LogHead head() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT idx, recorded_at FROM audit_log ORDER BY idx DESC LIMIT 1");
                ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                return LogHead.EMPTY;
            }
            long last = row.getLong(1);
            return new LogHead(
                    last + 1,
                    last,
                    row.getObject(2, OffsetDateTime.class).toInstant().toString());
        }
    }

    /**
     * An open export. Its methods are synchronized because a cancelled download closes it from another thread
     * than the one reading.
     */
    private static final class Cursor implements Downloads.Chunks {

        private final Connection connection;
        private final SqlCursor rows;
        private boolean headerSent;
        private boolean done;

        private Cursor(Connection connection, SqlCursor rows) {
            this.connection = connection;
            this.rows = rows;
        }

        static Cursor open(DataSource dataSource, ExportFilter filter) throws SQLException {
            StringBuilder sql = new StringBuilder("""
                    SELECT idx, recorded_at, occurred_at, type, advisory_id, practice_id, event_id, producer,
                           leaf_hash, canonical_json
                    FROM audit_log WHERE true""");
            List<Object> parameters = new ArrayList<>();
            filter.appendConditions(sql, parameters);
            sql.append(" ORDER BY idx");

            Connection connection = dataSource.getConnection();
            try {
                return new Cursor(connection, SqlCursor.open(connection, sql.toString(), parameters, FETCH_SIZE));
            } catch (SQLException | RuntimeException e) {
                Downloads.release(connection);
                throw e;
            }
        }

        /** The next chunk of CSV, or {@code null} at the end. */
        @Override
        public synchronized byte[] nextChunk() throws SQLException {
            if (done) {
                return null;
            }
            StringBuilder out = new StringBuilder(CHUNK_CHARS + 4096);
            CsvWriter csv = CsvWriter.to(out);
            if (!headerSent) {
                csv.row(COLUMNS);
                headerSent = true;
            }
            HexFormat hex = HexFormat.of();
            List<String> fields = new ArrayList<>(COLUMNS.size());
            while (out.length() < CHUNK_CHARS) {
                if (!rows.next()) {
                    done = true;
                    break;
                }
                fields.clear();
                ResultSet row = rows.row();
                fields.add(Long.toString(row.getLong(1)));
                fields.add(row.getObject(2, OffsetDateTime.class).toInstant().toString());
                fields.add(row.getObject(3, OffsetDateTime.class).toInstant().toString());
                fields.add(row.getString(4));
                fields.add(row.getString(5));
                fields.add(row.getString(6));
                fields.add(row.getString(7));
                fields.add(row.getString(8));
                fields.add(hex.formatHex(row.getBytes(9)));
                fields.add(row.getString(10));
                csv.row(fields);
            }
            return out.length() == 0 ? null : out.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public synchronized void close() {
            done = true;
            Downloads.release(connection); // also closes the statement and result set
        }
    }
}
