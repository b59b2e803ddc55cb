package dev.breachnotify.launcher;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Practices acknowledging in a burst, as browsers would: each opens its page (GET), takes the form token and
 * submits (POST), on a few client threads at once. A practice whose GET or POST fails (an error status, a timeout)
 * tries again half a second later, as a person would reload; only a {@code 303} counts as confirmed. Each attempt's
 * outcome is counted, so the test can say how many submissions an outage refused.
 */
final class AckBurst implements AutoCloseable {

    private static final Pattern LINK = Pattern.compile("https?://[^/\\s]+(/a/[0-9A-Z-]{21})");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final String ackUrl;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ExecutorService clients;
    private final Map<String, Integer> confirmedAfterAttempts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
    private final AtomicLong slowestMillis = new AtomicLong();
    private final int practices;

    private AckBurst(String ackUrl, List<String> paths, int threads) {
        this.ackUrl = ackUrl;
        this.practices = paths.size();
        this.clients = Executors.newFixedThreadPool(threads);
        paths.forEach(path -> clients.execute(() -> confirm(path)));
        clients.shutdown();
    }

    /** Starts the burst: every path confirmed once, on {@code threads} client threads. */
    static AckBurst start(String ackUrl, List<String> paths, int threads) {
        return new AckBurst(ackUrl, paths, threads);
    }

    /** The name each practice confirms with (the projection and the audit log must show it). */
    static String nameFor(String path) {
        return "Dr. Neustart " + path.substring(path.lastIndexOf('/') + 1);
    }

    private void confirm(String path) {
        for (int attempt = 1; ; attempt++) {
            String refusal = tryOnce(path);
            if (refusal == null) {
                confirmedAfterAttempts.put(path, attempt);
                return;
            }
            refusals.computeIfAbsent(refusal, key -> new AtomicInteger()).incrementAndGet();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500)); // a person reloading, not a tight loop
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /** One GET and POST; {@code null} when the POST was answered 303, else what went wrong. */
    private String tryOnce(String path) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> page = http.send(
                    HttpRequest.newBuilder(URI.create(ackUrl + path))
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (page.statusCode() != 200) {
                return "GET " + page.statusCode();
            }
            Matcher csrf = CSRF.matcher(page.body());
            if (!csrf.find()) {
                return "GET without a form";
            }
            String form = "csrf=" + enc(csrf.group(1)) + "&lang=de&acknowledged=yes&name=" + enc(nameFor(path)) + "&"
                    + enc("status:ti-konnektor") + "=CHANGED&" + enc("changedOn:ti-konnektor") + "=2026-11-23";
            HttpResponse<String> posted = http.send(
                    HttpRequest.newBuilder(URI.create(ackUrl + path))
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return posted.statusCode() == 303 ? null : "POST " + posted.statusCode();
        } catch (java.io.IOException e) {
            return e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            slowestMillis.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
        }
    }

    /** @return practices whose submission was answered 303 so far */
    int confirmed() {
        return confirmedAfterAttempts.size();
    }

    /** @return the paths confirmed, with the attempt that got the 303 */
    Map<String, Integer> confirmedAfterAttempts() {
        return Map.copyOf(confirmedAfterAttempts);
    }

    /** @return failed attempts by what went wrong ({@code POST 500}, {@code HttpTimeoutException}, ...) */
    Map<String, Integer> refusals() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        refusals.forEach((key, count) -> counts.put(key, count.get()));
        return counts;
    }

    /** @return the longest GET + POST of one attempt, in milliseconds */
    long slowestMillis() {
        return slowestMillis.get();
    }

    /** Waits until every practice has confirmed. */
    boolean await(Duration timeout) throws InterruptedException {
        return clients.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS) && confirmed() == practices;
    }

    @Override
    public void close() {
        clients.shutdownNow();
    }

    /** The distinct personal links (paths {@code /a/<code>}) of the captured mails. */
    static List<String> links(List<MimeMessage> messages) {
        List<String> paths = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (MimeMessage message : messages) {
            try {
                String text = (String)
                        ((MimeMultipart) message.getContent()).getBodyPart(0).getContent();
                Matcher link = LINK.matcher(text);
                if (link.find() && seen.add(link.group(1))) {
                    paths.add(link.group(1));
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return paths;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
