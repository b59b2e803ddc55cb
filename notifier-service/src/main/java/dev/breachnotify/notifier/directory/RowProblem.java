package dev.breachnotify.notifier.directory;

/**
 * Why one row of an import was rejected.
 *
 * @param line       the line of the file where the row starts (the header is line 1)
 * @param practiceId the row's practice id, if it had one
 * @param field      the column at fault
 * @param reason     what is wrong, in words an operator can act on
 */
public record RowProblem(long line, String practiceId, String field, String reason) {}
