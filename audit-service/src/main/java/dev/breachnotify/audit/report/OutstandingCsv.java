package dev.breachnotify.audit.report;

import dev.breachnotify.audit.export.CsvChunks;
import dev.breachnotify.audit.export.Downloads;
import dev.breachnotify.events.AdvisoryPublished;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
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
        return Downloads.stream(() -> open(queries, advisoryId), scheduler);
    }

    private static CsvChunks open(EvidenceQueries queries, String advisoryId) throws SQLException {
        Connection connection = queries.snapshot();
        try {
            AdvisoryPublished advisory =
                    EvidenceQueries.advisory(connection, advisoryId).orElse(null);
            ResultSet rows = null;
            if (advisory != null) {
                PreparedStatement select = EvidenceQueries.outstandingQuery(
                        connection, advisoryId, EvidenceQueries.credentialIds(advisory), 0);
                select.setFetchSize(FETCH_SIZE);
                rows = select.executeQuery();
            }
            return new CsvChunks(connection, rows, COLUMNS, OutstandingCsv::fields);
        } catch (SQLException | RuntimeException e) {
            Downloads.release(connection);
            throw e;
        }
    }

    private static List<String> fields(ResultSet row) throws SQLException {
        EvidenceReport.OutstandingPractice practice = EvidenceQueries.outstandingPractice(row);
        return List.of(
                practice.practiceId(),
                practice.delivery(),
                Boolean.toString(practice.acknowledged()),
                String.join(" ", practice.missingCredentials()));
    }
}
