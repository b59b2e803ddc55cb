package dev.breachnotify.console.services;

import dev.breachnotify.console.ConsoleSettings;
import dev.breachnotify.console.session.Session;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Calls the services' HTTP APIs with the signed-in operator's access token from the identity provider, so that
 * each service records that person as the actor of what the console does. The JDK's client is used because
 * exports are streamed through to the browser as they arrive, without holding them in memory.
 */
@Singleton
public class ServiceClient {

    private final ConsoleSettings settings;
    private final HttpClient http;

    public ServiceClient(ConsoleSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public ServiceResponse get(Service service, String path, Session session) {
        return signedIn(call(
                service, request(service, path, session.authorization()).GET().build()));
    }

    public ServiceResponse postJson(Service service, String path, String json, Session session) {
        return signedIn(call(
                service,
                request(service, path, session.authorization())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                        .build()));
    }

    public ServiceResponse post(Service service, String path, String contentType, byte[] body, Session session) {
        return signedIn(call(
                service,
                request(service, path, session.authorization())
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build()));
    }

    /** A response whose body the caller streams on (an export, a PDF) and must close. */
    public HttpResponse<InputStream> stream(Service service, String path, Session session) {
        try {
            HttpResponse<InputStream> response = http.send(
                    request(service, path, session.authorization()).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() == 401) {
                response.body().close();
                throw new SessionExpiredException();
            }
            return response;
        } catch (IOException e) {
            throw new ServiceUnavailableException(service, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException(service, e);
        }
    }

    /** The HTTP status a GET with this authorization gets: how sign-in learns what an operator may do. */
    public int probe(Service service, String path, String authorization) {
        return call(service, request(service, path, authorization).GET().build())
                .status();
    }

    /**
     * A service that no longer accepts the operator's access token (it expired, or the person was removed at the
     * identity provider) ends the session: the operator signs in again.
     */
    private static ServiceResponse signedIn(ServiceResponse response) {
        if (response.status() == 401) {
            throw new SessionExpiredException();
        }
        return response;
    }

    /** A public resource of a service (no credentials), such as the audit log's public key. */
    public ServiceResponse getPublic(Service service, String path) {
        return call(
                service,
                HttpRequest.newBuilder(URI.create(baseUrl(service) + path))
                        .timeout(settings.getServiceTimeout())
                        .GET()
                        .build());
    }

    public String baseUrl(Service service) {
        return switch (service) {
            case NOTIFIER -> settings.getNotifierUrl();
            case ACK -> settings.getAckUrl();
            case AUDIT -> settings.getAuditUrl();
        };
    }

    private HttpRequest.Builder request(Service service, String path, String authorization) {
        return HttpRequest.newBuilder(URI.create(baseUrl(service) + path))
                .timeout(settings.getServiceTimeout())
                .header("Authorization", authorization);
    }

    private ServiceResponse call(Service service, HttpRequest request) {
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new ServiceResponse(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new ServiceUnavailableException(service, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException(service, e);
        }
    }
}
