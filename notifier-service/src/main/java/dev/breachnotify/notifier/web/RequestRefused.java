package dev.breachnotify.notifier.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request that cannot be served, with the HTTP status to answer and every problem found. The features throw it
 * (or a subclass of their own); their controllers turn it into the response with {@link #toResponse()}.
 */
public class RequestRefused extends RuntimeException {

    private final HttpStatus status;
    private final List<String> problems;

    public RequestRefused(HttpStatus status, String message, List<String> problems) {
        super(message);
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    public RequestRefused(HttpStatus status, String message) {
        this(status, message, List.of());
    }

    public HttpStatus status() {
        return status;
    }

    public List<String> problems() {
        return problems;
    }

    /** @return the response for it: the status, {@code error} and, when there are any, {@code problems} */
    public HttpResponse<Map<String, Object>> toResponse() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", getMessage());
        if (!problems.isEmpty()) {
            body.put("problems", problems);
        }
        return HttpResponse.<Map<String, Object>>status(status).body(body);
    }
}
