package dev.breachnotify.notifier.directory;

import dev.breachnotify.events.Practice;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Validates the rows of one file and rejects a practice id that the file already had. */
final class RowChecks {

    private final Set<String> seenIds = new HashSet<>();

    /** The practice of a row, or {@code null} when the row has problems (reported to {@code problems}). */
    Practice check(long line, Map<String, String> fields, Consumer<RowProblem> problems) {
        boolean[] rejected = {false};
        Practice practice = PracticeValidator.validate(line, fields, problem -> {
            rejected[0] = true;
            problems.accept(problem);
        });
        if (rejected[0] || practice == null) {
            return null;
        }
        if (!seenIds.add(practice.practiceId())) {
            problems.accept(new RowProblem(
                    line, practice.practiceId(), DirectoryColumns.PRACTICE_ID, "duplicate id in the file"));
            return null;
        }
        return practice;
    }
}
