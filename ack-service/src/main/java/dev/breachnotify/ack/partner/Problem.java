package dev.breachnotify.ack.partner;

/**
 * What is wrong with a partner's submission (form or CSV file).
 *
 * @param line  the CSV line (1 = the first line of the file), or 0 for the form and the file as a whole
 * @param field the form field or CSV column concerned, or {@code null}
 * @param value what was given there (shown back, escaped), or {@code null}
 */
public record Problem(int line, String field, Kind kind, String value) {

    /** The kinds of problems; each has a text {@code problem.<name>} in the partner bundle. */
    public enum Kind {
        NAME_MISSING,
        NAME_TOO_LONG,
        NOTHING_SELECTED,
        TOO_MANY,
        ACTION_UNKNOWN,
        PRACTICE_MISSING,
        NOT_ON_LIST,
        CREDENTIAL_UNKNOWN,
        CREDENTIAL_NOT_YOURS,
        DATE_MISSING,
        DATE_INVALID,
        DATE_IN_FUTURE,
        STATUS_UNKNOWN,
        DUPLICATE,
        FILE_MISSING,
        FILE_TOO_LARGE,
        FILE_NOT_UTF8,
        FILE_MALFORMED,
        HEADER_MISSING
    }

    static Problem of(Kind kind) {
        return new Problem(0, null, kind, null);
    }

    static Problem of(Kind kind, String field, String value) {
        return new Problem(0, field, kind, value);
    }
}
