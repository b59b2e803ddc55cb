package dev.breachnotify.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls one service's HTTP API with a bearer token or HTTP Basic credentials and turns failures into {@link CliException}s. */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String baseUrl;
    private final String authorization;

    ApiClient(String baseUrl, Credentials credentials) {
        baseUrl = serviceUrl(baseUrl);
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorization = credentials.authorization();
    }

    HttpResponse<String> send(String method, String path, String contentType, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofMinutes(30))
                .header("Authorization", authorization)
                .method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw new CliException(
                        CliException.AUTH,
                        (response.statusCode() == 401
                                        ? "the credentials were not accepted (token expired? breachctl login)"
                                        : "this user's role may not do that")
                                + " (" + baseUrl + path + ")");
            }
            if (response.statusCode() >= 500) {
                throw new CliException(
                        CliException.UNAVAILABLE,
                        "the service failed: HTTP " + response.statusCode() + " " + response.body());
            }
            return response;
        } catch (ConnectException e) {
            throw new CliException(
                    CliException.UNAVAILABLE, "cannot reach " + baseUrl + " (is breach-notify running? ./mvnw -Prun)");
        } catch (IOException e) {
            throw new CliException(CliException.UNAVAILABLE, "talking to " + baseUrl + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.UNAVAILABLE, "interrupted");
        }
    }

    JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CliException(
                    CliException.UNAVAILABLE, "the service answered something that is not JSON: " + response.body());
        }
    }

    /**
     * The service's error message from a 4xx answer, with its list of problems: our services' {@code error} and
     * {@code problems}, else Micronaut's own error body ({@code message} and {@code _embedded.errors}), else the
     * HTTP status. Never empty, never raw JSON.
     */
    static String problem(JsonNode body, int status) {
        String error = body.path("error").asText("");
        if (error.isBlank()) {
            error = body.path("message").asText("");
            for (JsonNode detail : body.path("_embedded").path("errors")) {
                String message = detail.path("message").asText("");
                if (!message.isBlank() && !message.equals(error)) {
                    error = error.isBlank() ? message : error + ": " + message;
                }
            }
        }
        if (error.isBlank()) {
            error = "the service refused the request (HTTP " + status + ")";
        }
        StringBuilder text = new StringBuilder(error);
        body.path("problems")
                .forEach(problem ->
                        text.append("\n  - ").append(problem.isTextual() ? problem.asText() : problem.toString()));
        return text.toString();
    }

    /**
     * The answer's JSON if it has the expected status; otherwise a one-line failure: 404 names what was not found
     * ({@code what}), other refusals the service's message.
     */
    JsonNode expect(HttpResponse<String> response, int expected, String what) {
        if (response.statusCode() == expected) {
            return json(response);
        }
        if (response.statusCode() == 404) {
            throw new CliException(CliException.REJECTED, "no " + what + " (HTTP 404 from " + baseUrl + ")");
        }
        throw new CliException(CliException.REJECTED, problem(lenientJson(response.body()), response.statusCode()));
    }

    /**
     * An id typed by the user, checked before it becomes part of a URL: letters, digits, '.', '_' and '-' only.
     *
     * @param what what the id names, for the message ("advisory id")
     */
    static String id(String what, String value) {
        if (value == null || !value.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new CliException(
                    CliException.USAGE,
                    "'" + value + "' is not a valid " + what
                            + " (letters, digits, '.', '_' and '-'; copy it from the list that names it)");
        }
        return value;
    }

    /** A service address as given (option or environment), checked: an http or https URL. */
    static String serviceUrl(String url) {
        try {
            URI uri = new URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return url;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new CliException(
                CliException.USAGE,
                "'" + url + "' is not a service address: give an http or https " + "URL such as http://localhost:8081");
    }

    static JsonNode lenientJson(String body) {
        try {
            JsonNode node = JSON.readTree(body == null ? "" : body);
            return node == null ? JSON.missingNode() : node;
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }
}
