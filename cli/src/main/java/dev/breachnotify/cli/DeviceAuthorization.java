package dev.breachnotify.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The OAuth 2.0 device authorization grant (RFC 8628) against the identity provider: the provider's endpoints
 * from its OpenID discovery document, a user code that the person enters in a browser (where the provider asks
 * for password and MFA), then polling the token endpoint at the interval the provider asks for, slower on
 * {@code slow_down}, until the person has signed in, refused, or the code has expired.
 */
final class DeviceAuthorization {

    /** Waits between two polls; tests replace it. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    record Endpoints(String deviceAuthorization, String token) {}

    record Started(
            String deviceCode,
            String userCode,
            String verificationUri,
            String verificationUriComplete,
            Duration interval,
            Duration expiresIn) {}

    record Token(String accessToken, long expiresInSeconds) {}

    private static final String GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final Sleeper sleeper;

    DeviceAuthorization(Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    Endpoints discover(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration"))
                        .GET()
                        .build());
        JsonNode document = json(response);
        if (response.statusCode() != 200) {
            throw new CliException(
                    CliException.AUTH,
                    "no OpenID discovery document at " + base + " (HTTP " + response.statusCode()
                            + "); is --issuer right?");
        }
        String device = document.path("device_authorization_endpoint").asText(null);
        if (device == null) {
            throw new CliException(
                    CliException.AUTH,
                    "the identity provider " + base + " offers no device "
                            + "authorization (RFC 8628); sign in elsewhere and set BN_TOKEN instead");
        }
        return new Endpoints(device, document.path("token_endpoint").asText());
    }

    Started start(Endpoints endpoints, String clientId, String scope) {
        HttpResponse<String> response =
                post(endpoints.deviceAuthorization(), Map.of("client_id", clientId, "scope", scope));
        JsonNode body = json(response);
        if (response.statusCode() != 200) {
            throw new CliException(
                    CliException.AUTH,
                    "the identity provider refused the device sign-in: "
                            + body.path("error").asText("HTTP " + response.statusCode()) + " "
                            + body.path("error_description").asText(""));
        }
        return new Started(
                body.path("device_code").asText(),
                body.path("user_code").asText(),
                body.path("verification_uri").asText(),
                body.path("verification_uri_complete").asText(null),
                Duration.ofSeconds(body.path("interval").asLong(5)),
                Duration.ofSeconds(body.path("expires_in").asLong(600)));
    }

    /** Polls until the person has signed in; throws on refusal or expiry. */
    Token await(Endpoints endpoints, String clientId, Started started) {
        Duration interval = started.interval();
        Duration waited = Duration.ZERO;
        while (waited.compareTo(started.expiresIn()) < 0) {
            try {
                sleeper.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(CliException.AUTH, "interrupted");
            }
            waited = waited.plus(interval);
            HttpResponse<String> response = post(
                    endpoints.token(),
                    Map.of("grant_type", GRANT, "device_code", started.deviceCode(), "client_id", clientId));
            JsonNode body = json(response);
            if (response.statusCode() == 200) {
                return new Token(
                        body.path("access_token").asText(),
                        body.path("expires_in").asLong(3600));
            }
            String error = body.path("error").asText("HTTP " + response.statusCode());
            switch (error) {
                case "authorization_pending" -> {}
                case "slow_down" -> interval = interval.plusSeconds(5); // RFC 8628, section 3.5
                case "access_denied" -> throw new CliException(CliException.AUTH, "the sign-in was refused");
                case "expired_token" ->
                    throw new CliException(
                            CliException.AUTH, "the code expired before the sign-in; run breachctl login again");
                default ->
                    throw new CliException(
                            CliException.AUTH,
                            "the identity provider answered " + error + " "
                                    + body.path("error_description").asText(""));
            }
        }
        throw new CliException(CliException.AUTH, "the code expired before the sign-in; run breachctl login again");
    }

    private HttpResponse<String> post(String url, Map<String, String> form) {
        String body = new LinkedHashMap<>(form)
                .entrySet().stream()
                        .map(entry ->
                                entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CliException(
                    CliException.UNAVAILABLE,
                    "cannot reach the identity provider at " + request.uri().getScheme() + "://"
                            + request.uri().getAuthority() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.UNAVAILABLE, "interrupted");
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return ApiClient.JSON.readTree(response.body().isBlank() ? "{}" : response.body());
        } catch (IOException e) {
            return ApiClient.JSON.createObjectNode();
        }
    }
}
