package dev.breachnotify.notifier.print;

import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.LetterPosted;
import dev.breachnotify.notifier.outbox.OutboxWriter;
import dev.breachnotify.platform.kafka.EventFactory;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Imports a print-and-mail service's dispatch report: CSV (';' or ',' separated, UTF-8, with or without BOM) with
 * the columns {@code batch_id}, {@code practice_id}, {@code posted_date} (ISO {@code 2026-11-25} or German
 * {@code 25.11.2026}). Each valid line records its letters as posted ({@code letter.posted}); a line naming a
 * letter already posted changes nothing; every other problem is reported by line and field, and the valid lines
 * are applied all the same (one transaction).
 */
@Singleton
public class DispatchReportImporter {

    static final List<String> COLUMNS = List.of("batch_id", "practice_id", "posted_date");
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final DateTimeFormatter GERMAN_DATE =
            DateTimeFormatter.ofPattern("d.M.uuuu").withResolverStyle(ResolverStyle.STRICT);

    private final TransactionOperations<Connection> transactions;
    private final PrintStore store;
    private final OutboxWriter outbox;
    private final EventFactory events;
    private final Clock clock;

    public DispatchReportImporter(
            TransactionOperations<Connection> transactions,
            PrintStore store,
            OutboxWriter outbox,
            EventFactory events,
            Clock clock) {
        this.transactions = transactions;
        this.store = store;
        this.outbox = outbox;
        this.events = events;
        this.clock = clock;
    }

    /** Thrown when the file as a whole cannot be read (no header, unknown columns); nothing is applied. */
    public static final class ReportFileException extends RuntimeException {
        public ReportFileException(String message) {
            super(message);
        }
    }

    public DispatchReport importReport(InputStream body, String source) throws IOException {
        String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String header = new BufferedReader(new StringReader(text)).readLine();
        if (header == null || header.isBlank()) {
            throw new ReportFileException("line 1: the report is empty; expected the header " + COLUMNS);
        }
        char delimiter = header.indexOf(';') >= 0 ? ';' : ',';
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setDelimiter(delimiter)
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .build();
        try (CSVParser parser = format.parse(new StringReader(text))) {
            Map<String, Integer> columns = parser.getHeaderMap();
            List<String> normalised = columns.keySet().stream()
                    .map(c -> c.strip().toLowerCase(Locale.ROOT))
                    .toList();
            for (String column : COLUMNS) {
                if (!normalised.contains(column)) {
                    throw new ReportFileException("line 1: column '" + column + "' is missing; expected " + COLUMNS);
                }
            }
            List<CSVRecord> records = parser.getRecords();
            LocalDate today = LocalDate.now(clock.withZone(ZONE));
            return transactions.executeWrite(status -> apply(status.getConnection(), records, columns, source, today));
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new ReportFileException("cannot read the report: " + e.getMessage());
        }
    }

    private DispatchReport apply(
            Connection connection,
            List<CSVRecord> records,
            Map<String, Integer> columns,
            String source,
            LocalDate today)
            throws java.sql.SQLException {
        List<DispatchReport.Problem> problems = new ArrayList<>();
        List<EventEnvelope<?>> posted = new ArrayList<>();
        int already = 0;
        for (CSVRecord record : records) {
            long line = record.getRecordNumber() + 1; // the header is line 1
            String batchId = value(record, columns, "batch_id");
            String practiceId = value(record, columns, "practice_id");
            String dateText = value(record, columns, "posted_date");
            if (batchId.isEmpty()) {
                problems.add(new DispatchReport.Problem(line, "batch_id", "is missing"));
                continue;
            }
            if (practiceId.isEmpty()) {
                problems.add(new DispatchReport.Problem(line, "practice_id", "is missing"));
                continue;
            }
            LocalDate postedOn = date(dateText);
            if (postedOn == null) {
                problems.add(new DispatchReport.Problem(
                        line, "posted_date", "'" + dateText + "' is not a date (use YYYY-MM-DD or DD.MM.YYYY)"));
                continue;
            }
            if (postedOn.isAfter(today)) {
                problems.add(new DispatchReport.Problem(line, "posted_date", postedOn + " lies in the future"));
                continue;
            }
            if (!store.batchExists(connection, batchId)) {
                problems.add(new DispatchReport.Problem(line, "batch_id", "no print batch '" + batchId + "'"));
                continue;
            }
            List<PrintStore.Letter> letters = store.lettersIn(connection, batchId, practiceId).stream()
                    .filter(letter -> !letter.status().equals("SKIPPED"))
                    .toList();
            if (letters.isEmpty()) {
                problems.add(new DispatchReport.Problem(
                        line, "practice_id", "practice '" + practiceId + "' has no letter in batch " + batchId));
                continue;
            }
            if (letters.stream().anyMatch(letter -> letter.status().equals("BATCHED"))) {
                problems.add(new DispatchReport.Problem(
                        line, "batch_id", "batch " + batchId + " has not been handed to the printer yet"));
                continue;
            }
            boolean any = false;
            for (PrintStore.Letter letter : letters) {
                if (letter.status().equals("HANDED_OVER")) {
                    store.posted(connection, letter.notificationId(), postedOn);
                    posted.add(events.wrap(new LetterPosted(
                            letter.notificationId(),
                            letter.advisoryId(),
                            letter.practiceId(),
                            batchId,
                            postedOn,
                            source)));
                    any = true;
                }
            }
            if (!any) {
                already++;
            }
        }
        outbox.append(connection, posted);
        return new DispatchReport(source, records.size(), posted.size(), already, problems.size(), problems);
    }

    private static String value(CSVRecord record, Map<String, Integer> columns, String column) {
        for (Map.Entry<String, Integer> entry : columns.entrySet()) {
            if (entry.getKey().strip().toLowerCase(Locale.ROOT).equals(column)) {
                return entry.getValue() < record.size()
                        ? record.get(entry.getValue()).strip()
                        : "";
            }
        }
        return "";
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException iso) {
            try {
                return LocalDate.parse(text, GERMAN_DATE);
            } catch (DateTimeParseException german) {
                return null;
            }
        }
    }
}
