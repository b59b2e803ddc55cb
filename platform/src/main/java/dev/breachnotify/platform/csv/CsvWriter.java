package dev.breachnotify.platform.csv;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The one way breach-notify writes CSV: RFC 4180 (comma, CRLF, double quotes where needed, doubled inside), on
 * Commons CSV, with every text cell neutralised against spreadsheet formula injection (OWASP "CSV Injection"): a
 * cell starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading
 * {@code '}, so that a spreadsheet shows it as text instead of running it. Numbers and booleans are written as
 * they are (a negative number is not a formula); {@code null} is an empty cell.
 *
 * <p>Not thread-safe; one writer per file or response.
 */
public final class CsvWriter implements Closeable, Flushable {

    /** The format: RFC 4180, records ended by CRLF. */
    public static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get();

    private static final String FORMULA_STARTS = "=+-@\t\r";

    private final CSVPrinter printer;

    private CsvWriter(Appendable out) {
        try {
            this.printer = new CSVPrinter(out, FORMAT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A writer onto {@code out} (a {@link StringBuilder}, a {@link java.io.Writer}). */
    public static CsvWriter to(Appendable out) {
        return new CsvWriter(out);
    }

    /** A whole CSV as a string: the header, then the rows. */
    public static String write(List<String> header, Iterable<? extends List<?>> rows) {
        StringWriter out = new StringWriter();
        CsvWriter csv = to(out);
        csv.row(header);
        for (List<?> row : rows) {
            csv.row(row);
        }
        return out.toString();
    }

    /** Writes one record. */
    public CsvWriter row(Object... cells) {
        return row(Arrays.asList(cells));
    }

    /** Writes one record. */
    public CsvWriter row(Iterable<?> cells) {
        List<Object> safe = new ArrayList<>();
        for (Object cell : cells) {
            safe.add(cell instanceof Number || cell instanceof Boolean ? cell.toString() : neutralise(cell));
        }
        try {
            printer.printRecord(safe);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * The cell as text that no spreadsheet runs as a formula: with a leading {@code '} if it starts with
     * {@code = + - @}, tab or CR; {@code ""} for {@code null}.
     */
    public static String neutralise(Object cell) {
        if (cell == null) {
            return "";
        }
        String text = cell.toString();
        return !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }

    @Override
    public void flush() {
        try {
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flushes and closes the underlying writer. */
    @Override
    public void close() {
        try {
            printer.close(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
