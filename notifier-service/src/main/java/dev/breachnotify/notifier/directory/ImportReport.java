package dev.breachnotify.notifier.directory;

import java.util.List;

/**
 * The outcome of a directory import.
 *
 * @param applied  whether anything was written: false when the file could not be read, or in strict mode
 *                 when any row was rejected
 * @param rejected how many rows were rejected
 * @param problems every problem of the rejected rows (at most {@link #MAX_LISTED} listed)
 */
public record ImportReport(
        String source,
        boolean strict,
        boolean applied,
        long rowsRead,
        long created,
        long updated,
        long unchanged,
        long rejected,
        List<RowProblem> problems) {

    public static final int MAX_LISTED = 1_000;
}
