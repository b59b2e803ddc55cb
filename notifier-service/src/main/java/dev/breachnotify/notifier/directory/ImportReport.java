package dev.breachnotify.notifier.directory;

import java.util.List;
import org.slf4j.Logger;

/**
 * The outcome of a directory import.
 *
 * @param applied  whether anything was written: false when the file could not be read, or in strict mode
 *                 when any row was rejected, or in a dry run
 * @param dryRun   whether this only reports what an import would do (the counts are those it would have)
 * @param rejected how many rows were rejected
 * @param problems every problem of the rejected rows (at most {@link #MAX_LISTED} listed)
 */
public record ImportReport(
        String source,
        boolean strict,
        boolean applied,
        boolean dryRun,
        long rowsRead,
        long created,
        long updated,
        long unchanged,
        long rejected,
        List<RowProblem> problems) {

    public static final int MAX_LISTED = 1_000;

    /**
     * Logs the outcome: counts only, never a row's content (it may hold personal data).
     *
     * @param kind         what was imported, e.g. {@code Directory}, {@code Contacts}, {@code Partners}
     * @param startedNanos {@link System#nanoTime()} when the import started
     */
    public void log(Logger log, String kind, long startedNanos) {
        log.info(
                "{} import from {}: {} rows, {} created, {} updated, {} unchanged, {} rejected, applied={}, "
                        + "dryRun={} in {} ms",
                kind,
                source,
                rowsRead,
                created,
                updated,
                unchanged,
                rejected,
                applied,
                dryRun,
                (System.nanoTime() - startedNanos) / 1_000_000);
    }
}
