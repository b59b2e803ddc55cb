package dev.breachnotify.notifier.directory;

import dev.breachnotify.events.Practice;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams a directory CSV file (UTF-8, with or without BOM, ';' or ',' separated, header row first) as
 * validated rows, in batches, so that a million rows import in bounded memory.
 */
final class DirectoryCsvReader implements DirectoryReader {

    /** The longest header row read, in characters: the known columns take a few hundred. */
    static final int MAX_HEADER = 64 * 1024;

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> columns;
    private final RowChecks checks = new RowChecks();
    private long rowsRead;
    private long lastLine = 1;

    private DirectoryCsvReader(CSVParser parser, List<String> columns) {
        this.parser = parser;
        this.records = parser.iterator();
        this.columns = columns;
    }

    static DirectoryCsvReader open(InputStream in) {
        try {
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(
                            in,
                            StandardCharsets.UTF_8
                                    .newDecoder()
                                    .onMalformedInput(CodingErrorAction.REPORT)
                                    .onUnmappableCharacter(CodingErrorAction.REPORT)),
                    64 * 1024);
            reader.mark(MAX_HEADER);
            String header = reader.readLine();
            if (header == null || header.replace("\uFEFF", "").isBlank()) {
                throw new DirectoryFileException(
                        1, "the file is empty; expected a header row with the columns " + DirectoryColumns.ALL);
            }
            if (header.length() >= MAX_HEADER - 2) {
                // the header is read twice (for the separator, then by the parser): longer would not reset
                throw new DirectoryFileException(
                        1,
                        "the header row is longer than " + MAX_HEADER + " characters; expected the columns "
                                + DirectoryColumns.ALL);
            }
            reader.reset();
            if (header.startsWith("\uFEFF")) {
                reader.skip(1);
                header = header.substring(1);
            }
            char delimiter = count(header, ';') >= count(header, ',') ? ';' : ',';
            CSVFormat format = CSVFormat.DEFAULT
                    .builder()
                    .setDelimiter(delimiter)
                    .setIgnoreEmptyLines(true)
                    .setIgnoreSurroundingSpaces(true)
                    .get();
            CSVParser parser =
                    CSVParser.builder().setReader(reader).setFormat(format).get();
            List<String> columns = new ArrayList<>();
            try {
                for (String name : parser.iterator().next()) {
                    columns.add(name.strip().toLowerCase(Locale.ROOT));
                }
            } catch (UncheckedIOException | IllegalStateException e) {
                throw new DirectoryFileException(1, "malformed CSV header: " + e.getMessage());
            }
            DirectoryCsvReader csv = new DirectoryCsvReader(parser, columns);
            csv.checkHeader();
            return csv;
        } catch (CharacterCodingException e) {
            throw new DirectoryFileException(1, "the file is not UTF-8 encoded");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void checkHeader() {
        for (String column : columns) {
            if (!DirectoryColumns.ALL.contains(column)) {
                throw new DirectoryFileException(
                        1, "unknown column '" + column + "'; known columns: " + DirectoryColumns.ALL);
            }
        }
        for (String required : DirectoryColumns.REQUIRED) {
            if (!columns.contains(required)) {
                throw new DirectoryFileException(1, "missing column '" + required + "'");
            }
        }
        if (new HashSet<>(columns).size() != columns.size()) {
            throw new DirectoryFileException(1, "a column appears twice in the header");
        }
    }

    /**
     * Reads up to {@code max} rows.
     *
     * @return the valid rows; problems go to {@code problems}; an empty list means the end of the file
     */
    @Override
    public List<PracticeRow> readBatch(int max, Consumer<RowProblem> problems) {
        List<PracticeRow> rows = new ArrayList<>(max);
        try {
            while (rows.size() < max && records.hasNext()) {
                CSVRecord record = records.next();
                long line = lastLine + 1;
                lastLine = parser.getCurrentLineNumber();
                rowsRead++;
                Practice practice = toPractice(line, record, problems);
                if (practice != null) {
                    rows.add(new PracticeRow(line, practice));
                }
            }
        } catch (UncheckedIOException e) {
            throw new DirectoryFileException(
                    lastLine + 1,
                    "cannot read the file further: "
                            + (e.getCause() instanceof CharacterCodingException ? "not UTF-8" : e.getMessage()));
        } catch (IllegalStateException e) {
            throw new DirectoryFileException(lastLine + 1, "malformed CSV: " + e.getMessage());
        }
        return rows;
    }

    private Practice toPractice(long line, CSVRecord record, Consumer<RowProblem> problems) {
        if (record.size() != columns.size()) {
            problems.accept(new RowProblem(
                    line,
                    null,
                    "*",
                    "has " + record.size() + " fields, the header has " + columns.size()
                            + " (check the separator and quoting)"));
            return null;
        }
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            fields.put(columns.get(i), record.get(i));
        }
        return checks.check(line, fields, problems);
    }

    @Override
    public long rowsRead() {
        return rowsRead;
    }

    private static long count(String text, char c) {
        return text.chars().filter(ch -> ch == c).count();
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
