package dev.breachnotify.notifier.print;

import java.util.List;

/**
 * The outcome of importing a print-and-mail service's dispatch report.
 *
 * @param rowsRead      data lines read
 * @param posted        letters newly recorded as posted ({@code letter.posted})
 * @param alreadyPosted lines naming letters recorded as posted before (a report imported twice)
 * @param rejected      lines with a problem; nothing of them was applied
 * @param problems      one entry per rejected line: line number, field, reason
 */
public record DispatchReport(
        String source, int rowsRead, int posted, int alreadyPosted, int rejected, List<Problem> problems) {

    /** What is wrong with one line of the report. */
    public record Problem(long line, String field, String reason) {}
}
