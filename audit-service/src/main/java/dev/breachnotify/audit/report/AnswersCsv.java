package dev.breachnotify.audit.report;

import dev.breachnotify.audit.export.Downloads;
import dev.breachnotify.platform.csv.CsvWriter;
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
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Every answer of an advisory with who gave it ({@link Answers}), as CSV streamed from one database cursor in a
 * read-only snapshot, like {@link OutstandingCsv}. {@code answered_by} is {@code contact}, {@code partner} or
 * {@code practice} (the general code); the entry's index and leaf hash tie each row to the log.
 */
@Singleton
public class AnswersCsv {

    /** The CSV's columns. */
    public static final List<String> COLUMNS = List.of(
            "index",
            "recorded_at",
            "type",
            "practice_id",
            "credential_id",
            "status",
            "changed_on",
            "answered_by",
            "contact_id",
            "contact_role",
            "contact_name",
            "partner_id",
            "partner_name",
            "confirmed_by",
            "submitted_at",
            "event_id",
            "leaf_hash");

    static final int FETCH_SIZE = 500;
    private static final int CHUNK_CHARS = 64 * 1024;

    private final EvidenceQueries queries;
    private final Scheduler scheduler;

    public AnswersCsv(EvidenceQueries queries, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.queries = queries;
        this.scheduler = Schedulers.fromExecutorService(blocking, "answers-csv");
    }

    /** The CSV as UTF-8 chunks: the header, then one record per answer in log order. */
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
                PreparedStatement select = connection.prepareStatement(Answers.ROWS);
                select.setString(1, advisoryId);
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
            HexFormat hex = HexFormat.of();
            List<String> fields = new ArrayList<>(COLUMNS.size());
            while (out.length() < CHUNK_CHARS) {
                if (!rows.next()) {
                    done = true;
                    break;
                }
                fields.clear();
                String contactId = rows.getString("contact_id");
                String partnerId = rows.getString("partner_id");
                fields.add(Long.toString(rows.getLong("idx")));
                fields.add(rows.getObject("recorded_at", OffsetDateTime.class)
                        .toInstant()
                        .toString());
                fields.add(rows.getString("type"));
                fields.add(rows.getString("practice_id"));
                fields.add(rows.getString("credential_id"));
                fields.add(rows.getString("status"));
                fields.add(rows.getString("changed_on"));
                fields.add(partnerId != null ? "partner" : contactId != null ? "contact" : "practice");
                fields.add(contactId);
                fields.add(rows.getString("contact_role"));
                fields.add(rows.getString("contact_name"));
                fields.add(partnerId);
                fields.add(rows.getString("partner_name"));
                fields.add(rows.getString("confirmed_by"));
                fields.add(rows.getString("submitted_at"));
                fields.add(rows.getString("event_id"));
                fields.add(hex.formatHex(rows.getBytes("leaf_hash")));
                csv.row(fields);
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
