package dev.breachnotify.notifier.directory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/** The counts and problems of one import of a contacts or partners file, as it goes. */
final class ImportTally {

    long created;
    long updated;
    long unchanged;
    private long rejected;
    private long lastRejectedLine = -1;
    private final List<RowProblem> problems = new ArrayList<>();

    /** Where the readers and checks report problems: each rejected line counts once, the first problems are kept. */
    Consumer<RowProblem> problems() {
        return problem -> {
            if (problem.line() != lastRejectedLine) {
                rejected++;
                lastRejectedLine = problem.line();
            }
            if (problems.size() < ImportReport.MAX_LISTED) {
                problems.add(problem);
            }
        };
    }

    long rejected() {
        return rejected;
    }

    /**
     * The report; the counts only when the import was applied or a dry run. Problems in line order: a file's
     * problems are found in more than one pass (the fields of each row, then the practices it names).
     */
    ImportReport report(String source, boolean applied, boolean dryRun, long rowsRead) {
        boolean counted = applied || dryRun;
        return new ImportReport(
                source,
                true,
                applied,
                dryRun,
                rowsRead,
                counted ? created : 0,
                counted ? updated : 0,
                counted ? unchanged : 0,
                rejected,
                problems.stream()
                        .sorted(Comparator.comparingLong(RowProblem::line))
                        .toList());
    }
}
