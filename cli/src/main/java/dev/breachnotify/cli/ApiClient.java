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

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String authorization;

    ApiClient(String baseUrl, Credentials credentials) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorization = credentials.authorization();
    }

    HttpResponse<String> send(String method, String path, String contentType, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofMinutes(30)).header("Authorization", authorization)
                .method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw new CliException(CliException.AUTH, (response.statusCode() == 401
                        ? "the credentials were not accepted (token expired? breachctl login)"
                        : "this user's role may not do that") + " (" + baseUrl + path + ")");
            }
            if (response.statusCode() >= 500) {
                throw new CliException(CliException.UNAVAILABLE, "the service failed: HTTP " + response.statusCode()
                        + " " + response.body());
            }
            return response;
        } catch (ConnectException e) {
            throw new CliException(CliException.UNAVAILABLE, "cannot reach " + baseUrl
                    + " (is breach-notify running? ./mvnw -Prun)");
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
            throw new CliException(CliException.UNAVAILABLE, "the service answered something that is not JSON: "
                    + response.body());
        }
    }

    /** The service's error message from a 4xx answer, with its list of problems. */
    static String problem(JsonNode body) {
        StringBuilder text = new StringBuilder(body.path("error").asText(body.toString()));
        body.path("problems").forEach(problem -> text.append("\n  - ").append(problem.isTextual()
                ? problem.asText() : problem.toString()));
        return text.toString();
    }
}
