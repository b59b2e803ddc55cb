package dev.breachnotify.notifier.advisory;

import dev.breachnotify.notifier.web.RequestRefused;
import io.micronaut.http.HttpStatus;
import java.util.List;

/** A request about an advisory that cannot be served, with the HTTP status and every problem found. */
public class AdvisoryException extends RequestRefused {

    public AdvisoryException(HttpStatus status, String message, List<String> problems) {
        super(status, message, problems);
    }

    public AdvisoryException(HttpStatus status, String message) {
        super(status, message);
    }
}
