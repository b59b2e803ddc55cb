package dev.breachnotify.cli;

/** A failure with the exit code scripts can rely on. */
final class CliException extends RuntimeException {

    /** A bug: a failure breachctl did not expect. */
    static final int UNEXPECTED = 1;
    /** The command line was wrong (picocli's own code for usage errors). */
    static final int USAGE = 2;
    /** Some rows or items were rejected, the rest was applied. */
    static final int PARTIAL = 3;
    /** The input was rejected; nothing changed. */
    static final int REJECTED = 4;
    /** Credentials missing, wrong, or without the role. */
    static final int AUTH = 5;
    /** The service could not be reached or failed. */
    static final int UNAVAILABLE = 6;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
