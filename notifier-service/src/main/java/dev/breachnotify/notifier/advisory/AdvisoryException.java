package dev.breachnotify.notifier.advisory;

import io.micronaut.http.HttpStatus;

import java.util.List;

/** A request about an advisory that cannot be served, with the HTTP status and every problem found. */
public class AdvisoryException extends RuntimeException {

    private final HttpStatus status;
    private final List<String> problems;

    public AdvisoryException(HttpStatus status, String message, List<String> problems) {
        super(message);
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    public AdvisoryException(HttpStatus status, String message) {
        this(status, message, List.of());
    }

    public HttpStatus status() {
        return status;
    }

    public List<String> problems() {
        return problems;
    }
}
