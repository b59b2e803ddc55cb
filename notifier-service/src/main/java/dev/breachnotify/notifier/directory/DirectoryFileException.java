package dev.breachnotify.notifier.directory;

/** The file as a whole cannot be imported (unreadable, bad header); names the line and the problem. */
public class DirectoryFileException extends RuntimeException {

    private final long line;

    public DirectoryFileException(long line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    public long line() {
        return line;
    }
}
