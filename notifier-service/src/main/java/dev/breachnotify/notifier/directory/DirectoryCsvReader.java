package dev.breachnotify.notifier.directory;

import dev.breachnotify.events.Practice;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streams a directory CSV file (UTF-8, with or without BOM, ';' or ',' separated, header row first) as
 * validated rows, in batches, so that a million rows import in bounded memory.
 */
final class DirectoryCsvReader implements DirectoryReader {

    /** The longest header row read, in characters: the known columns take a few hundred. */
    static final int MAX_HEADER = CsvTable.MAX_HEADER;

    private final CsvTable table;
    private final RowChecks checks = new RowChecks();
    private final boolean contactsGiven;
    private final boolean partnersGiven;

    private DirectoryCsvReader(CsvTable table) {
        this.table = table;
        this.contactsGiven = table.columns().stream().anyMatch(DirectoryColumns::isContactColumn);
        this.partnersGiven = table.columns().stream().anyMatch(DirectoryColumns::isPartnerColumn);
    }

    static DirectoryCsvReader open(InputStream in) {
        return new DirectoryCsvReader(CsvTable.open(
                in,
                DirectoryColumns::isKnown,
                DirectoryColumns.ALL + " and " + DirectoryColumns.FURTHER_COLUMNS,
                DirectoryColumns.REQUIRED));
    }

    /**
     * Reads up to {@code max} rows.
     *
     * @return the valid rows; problems go to {@code problems}; an empty list means the end of the file
     */
    @Override
    public List<PracticeRow> readBatch(int max, Consumer<RowProblem> problems) {
        List<PracticeRow> rows = new ArrayList<>(max);
        CsvTable.Row row;
        while (rows.size() < max && (row = table.next(problems)) != null) {
            Practice practice = row.fields() == null ? null : checks.check(row.line(), row.fields(), problems);
            if (practice != null) {
                rows.add(new PracticeRow(row.line(), practice, contactsGiven, partnersGiven));
            }
        }
        return rows;
    }

    @Override
    public long rowsRead() {
        return table.rowsRead();
    }

    @Override
    public void close() throws IOException {
        table.close();
    }
}
