package dev.breachnotify.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * A service's public {@code /health} as a load balancer sees it: 200 is UP, 503 is DOWN; no answer within the
 * probe's timeout counts as neither.
 */
final class HealthWatch {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /** @return the status code of one probe, or -1 when it got no answer in time */
    int status(String serviceUrl) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(serviceUrl + "/health"))
                                    .timeout(PROBE_TIMEOUT)
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Waits until the service's health answers with this status.
     *
     * @return milliseconds from the call until it did
     */
    long awaitStatus(String name, String serviceUrl, int status, Duration atMost) {
        long started = System.nanoTime();
        Awaitility.await(name + " /health answering " + status)
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> status(serviceUrl) == status);
        return (System.nanoTime() - started) / 1_000_000;
    }
}
