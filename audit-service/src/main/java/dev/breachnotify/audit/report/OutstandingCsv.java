package dev.breachnotify.audit.report;

import dev.breachnotify.audit.export.Downloads;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.platform.csv.CsvWriter;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * All outstanding practices of an advisory as CSV, the same list the evidence report starts: streamed from one
 * database cursor in a read-only snapshot, {@value #FETCH_SIZE} rows at a time, as fast as the client reads.
 * Columns: {@code practice_id,delivery,acknowledged,missing_credentials} (credential ids separated by spaces).
 */
@Singleton
public class OutstandingCsv {

    /** The CSV's columns. */
    public static final List<String> COLUMNS =
            List.of("practice_id", "delivery", "acknowledged", "missing_credentials");

    static final int FETCH_SIZE = 500;
    private static final int CHUNK_CHARS = 64 * 1024;

    private final EvidenceQueries queries;
    private final Scheduler scheduler;

    public OutstandingCsv(EvidenceQueries queries, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.queries = queries;
        this.scheduler = Schedulers.fromExecutorService(blocking, "outstanding-csv");
    }

    /** Whether the log holds the advisory's publication (the CSV of an unknown advisory is a 404). */
    public boolean knows(String advisoryId) throws SQLException {
        try (Connection connection = queries.snapshot()) {
            try {
                return EvidenceQueries.advisory(connection, advisoryId).isPresent();
            } finally {
                connection.rollback();
            }
        }
    }

    /** The CSV as UTF-8 chunks: the header, then one record per outstanding practice in practice id order. */
    public Flux<byte[]> stream(String advisoryId) {
        return Downloads.stream(() -> Cursor.open(queries, advisoryId), scheduler);
    }

    /** An open listing; synchronized because a cancelled download closes it from another thread. */
    private static final class Cursor implements Downloads.Chunks {

        private final Connection connection;
        private final ResultSet rows;
        private boolean headerSent;
        private boolean done;

        private Cursor(Connection connection, ResultSet rows) {
            this.connection = connection;
            this.rows = rows;
        }

        static Cursor open(EvidenceQueries queries, String advisoryId) throws SQLException {
            Connection connection = queries.snapshot();
            try {
                AdvisoryPublished advisory =
                        EvidenceQueries.advisory(connection, advisoryId).orElse(null);
                if (advisory == null) {
                    return new Cursor(connection, null);
                }
                PreparedStatement select = EvidenceQueries.outstandingQuery(
                        connection, advisoryId, EvidenceQueries.credentialIds(advisory), 0);
                select.setFetchSize(FETCH_SIZE);
                return new Cursor(connection, select.executeQuery());
            } catch (SQLException | RuntimeException e) {
                Downloads.release(connection);
                throw e;
            }
        }

        @Override
        public synchronized byte[] nextChunk() throws SQLException {
            if (done) {
                return null;
            }
            StringBuilder out = new StringBuilder(CHUNK_CHARS + 1024);
            CsvWriter csv = CsvWriter.to(out);
            if (!headerSent) {
                csv.row(COLUMNS);
                headerSent = true;
            }
            while (out.length() < CHUNK_CHARS) {
                if (rows == null || !rows.next()) {
                    done = true;
                    break;
                }
                EvidenceReport.OutstandingPractice practice = EvidenceQueries.outstandingPractice(rows);
                csv.row(List.of(
                        practice.practiceId(),
                        practice.delivery(),
                        Boolean.toString(practice.acknowledged()),
                        String.join(" ", practice.missingCredentials())));
            }
            return out.length() == 0 ? null : out.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public synchronized void close() {
            done = true;
            Downloads.release(connection);
        }
    }
}
