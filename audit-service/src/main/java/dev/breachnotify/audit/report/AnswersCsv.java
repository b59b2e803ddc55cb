package dev.breachnotify.audit.report;

import dev.breachnotify.audit.export.CsvChunks;
import dev.breachnotify.audit.export.Downloads;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
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

    private final EvidenceQueries queries;
    private final Scheduler scheduler;

    public AnswersCsv(EvidenceQueries queries, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.queries = queries;
        this.scheduler = Schedulers.fromExecutorService(blocking, "answers-csv");
    }

    /** The CSV as UTF-8 chunks: the header, then one record per answer in log order. */
    public Flux<byte[]> stream(String advisoryId) {
        return Downloads.stream(() -> open(queries, advisoryId), scheduler);
    }

    private static CsvChunks open(EvidenceQueries queries, String advisoryId) throws SQLException {
        Connection connection = queries.snapshot();
        try {
            PreparedStatement select = connection.prepareStatement(Answers.ROWS);
            select.setString(1, advisoryId);
            select.setFetchSize(FETCH_SIZE);
            return new CsvChunks(connection, select.executeQuery(), COLUMNS, AnswersCsv::fields);
        } catch (SQLException | RuntimeException e) {
            Downloads.release(connection);
            throw e;
        }
    }

    private static List<String> fields(ResultSet row) throws SQLException {
        String contactId = row.getString("contact_id");
        String partnerId = row.getString("partner_id");
        List<String> fields = new ArrayList<>(COLUMNS.size());
        fields.add(Long.toString(row.getLong("idx")));
        fields.add(
                row.getObject("recorded_at", OffsetDateTime.class).toInstant().toString());
        fields.add(row.getString("type"));
        fields.add(row.getString("practice_id"));
        fields.add(row.getString("credential_id"));
        fields.add(row.getString("status"));
        fields.add(row.getString("changed_on"));
        fields.add(partnerId != null ? "partner" : contactId != null ? "contact" : "practice");
        fields.add(contactId);
        fields.add(row.getString("contact_role"));
        fields.add(row.getString("contact_name"));
        fields.add(partnerId);
        fields.add(row.getString("partner_name"));
        fields.add(row.getString("confirmed_by"));
        fields.add(row.getString("submitted_at"));
        fields.add(row.getString("event_id"));
        fields.add(HexFormat.of().formatHex(row.getBytes("leaf_hash")));
        return fields;
    }
}
