package dev.breachnotify.notifier.directory;

import java.io.BufferedReader;
import java.io.Closeable;
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
import java.util.function.Predicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file of the directory (UTF-8, with or without BOM, ';' or ',' separated, header row first) read row by row
 * as fields by lower-case column name. A file that cannot be read to its end fails with a
 * {@link DirectoryFileException} naming the line.
 */
final class CsvTable implements Closeable {

    /** One row: the line where it starts and its fields by column. */
    record Row(long line, Map<String, String> fields) {}

    /** The longest header row read, in characters: the known columns take a few hundred. */
    static final int MAX_HEADER = 64 * 1024;

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> columns;
    private long rowsRead;
    private long lastLine = 1;

    private CsvTable(CSVParser parser, List<String> columns) {
        this.parser = parser;
        this.records = parser.iterator();
        this.columns = columns;
    }

    /**
     * Opens a file and checks its header.
     *
     * @param known    which columns the file may have
     * @param expected the known columns in words, for the error messages
     * @param required the columns it must have
     */
    static CsvTable open(InputStream in, Predicate<String> known, String expected, List<String> required) {
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
                        1, "the file is empty; expected a header row with the columns " + expected);
            }
            if (header.length() >= MAX_HEADER - 2) {
                // the header is read twice (for the separator, then by the parser): longer would not reset
                throw new DirectoryFileException(
                        1,
                        "the header row is longer than " + MAX_HEADER + " characters; expected the columns "
                                + expected);
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
            checkHeader(columns, known, expected, required);
            return new CsvTable(parser, columns);
        } catch (CharacterCodingException e) {
            throw new DirectoryFileException(1, "the file is not UTF-8 encoded");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkHeader(
            List<String> columns, Predicate<String> known, String expected, List<String> required) {
        for (String column : columns) {
            if (!known.test(column)) {
                throw new DirectoryFileException(1, "unknown column '" + column + "'; known columns: " + expected);
            }
        }
        for (String column : required) {
            if (!columns.contains(column)) {
                throw new DirectoryFileException(1, "missing column '" + column + "'");
            }
        }
        if (new HashSet<>(columns).size() != columns.size()) {
            throw new DirectoryFileException(1, "a column appears twice in the header");
        }
    }

    List<String> columns() {
        return columns;
    }

    /**
     * The next row, or {@code null} at the end of the file. A row with the wrong number of fields is reported to
     * {@code problems} and returned without fields.
     */
    Row next(Consumer<RowProblem> problems) {
        try {
            if (!records.hasNext()) {
                return null;
            }
            CSVRecord record = records.next();
            long line = lastLine + 1;
            lastLine = parser.getCurrentLineNumber();
            rowsRead++;
            if (record.size() != columns.size()) {
                problems.accept(new RowProblem(
                        line,
                        null,
                        "*",
                        "has " + record.size() + " fields, the header has " + columns.size()
                                + " (check the separator and quoting)"));
                return new Row(line, null);
            }
            Map<String, String> fields = new HashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                fields.put(columns.get(i), record.get(i));
            }
            return new Row(line, fields);
        } catch (UncheckedIOException e) {
            throw new DirectoryFileException(
                    lastLine + 1,
                    "cannot read the file further: "
                            + (e.getCause() instanceof CharacterCodingException ? "not UTF-8" : e.getMessage()));
        } catch (IllegalStateException e) {
            throw new DirectoryFileException(lastLine + 1, "malformed CSV: " + e.getMessage());
        }
    }

    long rowsRead() {
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
