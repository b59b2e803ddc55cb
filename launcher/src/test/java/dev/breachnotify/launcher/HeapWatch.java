package dev.breachnotify.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The peak heap of a service in another process, read from its Prometheus endpoint every second
 * ({@code jvm_memory_used_bytes} of the heap areas, summed); -1 if it could not be read.
 */
final class HeapWatch implements AutoCloseable {

    private final AtomicLong peak = new AtomicLong(-1);
    private final Thread thread;
    private volatile boolean running = true;

    private HeapWatch(String serviceUrl, String user, String password) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(serviceUrl + "/prometheus"))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10))
                .build();
        thread = new Thread(
                () -> {
                    while (running) {
                        try {
                            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 200) {
                                peak.accumulateAndGet(heapUsed(response.body()), Math::max);
                            }
                            Thread.sleep(1000);
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            // a missed sample; the next one comes in a second
                        }
                    }
                },
                "heap-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts watching; {@code user} needs the role ADMIN, which {@code /prometheus} asks for. */
    static HeapWatch start(String serviceUrl, String user, String password) {
        return new HeapWatch(serviceUrl, user, password);
    }

    /** The largest heap seen, in bytes, or -1. */
    long peak() {
        return peak.get();
    }

    static long heapUsed(String prometheus) {
        long used = 0;
        for (String line : prometheus.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return used;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
    }
}
