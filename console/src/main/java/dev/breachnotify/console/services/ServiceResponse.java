package dev.breachnotify.console.services;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/** A service's answer: its status and body. */
public record ServiceResponse(int status, String body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The body as a JSON object (maps, lists, strings, numbers), for the page templates. */
    public Map<String, Object> object() {
        return parse(new TypeReference<>() {});
    }

    /** The body as a JSON array of objects. */
    public List<Map<String, Object>> list() {
        return parse(new TypeReference<>() {});
    }

    /**
     * What went wrong, for the user: the service's {@code error} or {@code message} and its {@code problems},
     * or the HTTP status when the body says nothing readable.
     */
    public String problem() {
        try {
            Map<String, Object> error = object();
            StringBuilder text = new StringBuilder();
            for (String key : List.of("error", "message")) {
                if (error.get(key) instanceof String value && !value.isBlank()) {
                    text.append(value);
                    break;
                }
            }
            if (error.get("problems") instanceof List<?> problems && !problems.isEmpty()) {
                text.append(text.isEmpty() ? "" : ": ")
                        .append(problems.stream()
                                .map(String::valueOf)
                                .reduce((a, b) -> a + "; " + b)
                                .orElse(""));
            }
            return text.isEmpty() ? "HTTP " + status : text.toString();
        } catch (IllegalStateException e) {
            return "HTTP " + status;
        }
    }

    private <T> T parse(TypeReference<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the service answered HTTP " + status + " with no JSON", e);
        }
    }
}
