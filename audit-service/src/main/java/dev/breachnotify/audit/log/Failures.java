package dev.breachnotify.audit.log;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.StringJoiner;

/** Describes a failure for the log without quoting data: events carry personal data. */
final class Failures {

    private Failures() {}

    /**
     * For a database failure, its SQLState and the first line of the server's message (PostgreSQL puts the
     * failing row and key values in the following "Detail" lines, and a batch's message quotes its statement and
     * values, so the batch's next exception is described instead). For anything else, only the exception types,
     * since their messages may quote a record.
     */
    static String describe(Throwable failure) {
        StringJoiner types = new StringJoiner(" <- ");
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                SQLException cause = sql instanceof BatchUpdateException && sql.getNextException() != null
                        ? sql.getNextException()
                        : sql;
                String message = cause.getMessage() == null
                        ? ""
                        : cause.getMessage().lines().findFirst().orElse("");
                if (cause instanceof BatchUpdateException) {
                    message = "a batched statement failed";
                }
                return cause.getClass().getSimpleName() + " (SQLState " + cause.getSQLState() + "): " + message;
            }
            types.add(t.getClass().getName());
        }
        return types.toString();
    }
}
