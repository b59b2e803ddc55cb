package dev.breachnotify.ack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breachnotify.events.AckCode;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.EventJson;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PracticeRegistered;
import dev.breachnotify.events.PreferredChannel;
import dev.breachnotify.platform.security.PasswordHashes;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The limits on unknown codes (per client network, then for everyone), their metrics, the scanner networks and
 * the TLS-only headers, against real Kafka and PostgreSQL. Client networks are set with the proxy header, as a
 * reverse proxy in front of the service would.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LookupLimitsIT implements TestPropertyProvider {

    private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();
    private static final String COMMS_PASSWORD = "comms-" + UUID.randomUUID();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    EmbeddedServer server;

    private final String run = Long.toString(System.nanoTime(), 36);
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private KafkaProducer<String, byte[]> producer;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = AckTestSupport.infrastructureProperties();
        properties.put(
                "breachnotify.security.users.admin.password-hash", PasswordHashes.hash(ADMIN_PASSWORD.toCharArray()));
        properties.put("breachnotify.security.users.admin.roles", "ADMIN");
        properties.put(
                "breachnotify.security.users.comms.password-hash", PasswordHashes.hash(COMMS_PASSWORD.toCharArray()));
        properties.put("breachnotify.security.users.comms.roles", "COMMUNICATIONS");
        properties.put("breachnotify.ack.client-address-header", "X-Real-IP");
        properties.put("breachnotify.ack.failed-lookups-per-network", "8");
        properties.put("breachnotify.ack.failed-lookups-global", "20");
        properties.put("breachnotify.ack.failed-lookup-delay-step", "150ms");
        properties.put("breachnotify.ack.failed-lookup-max-delay", "1s");
        properties.put("breachnotify.ack.scanner-networks", "203.0.113.0/24");
        properties.put("breachnotify.ack.https", "true");
        return properties;
    }

    @BeforeAll
    void connect() {
        producer = AckTestSupport.producer();
    }

    @AfterAll
    void close() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void unknownCodesAreLimitedPerNetworkThenForEveryoneAndTheHitsAreCounted() throws Exception {
        // Given a practice whose code is known (awaited in the database: polling the page would count as
        // failed lookups)
        String advisory = "ADV-L-" + run;
        String practiceId = "P-L-" + run;
        AckCode known = AckCode.fromBytes(AckTestSupport.randomBytes(10));
        AckTestSupport.publish(
                producer,
                new AdvisoryPublished(
                        advisory,
                        "Kennwortwechsel",
                        Map.of("de", new LocalizedText("Betreff", "Text"), "en", new LocalizedText("Subject", "Text")),
                        List.of(new Credential("ti-konnektor", Map.of("de", "TI-Konnektor", "en", "TI connector"))),
                        LocalDate.of(2026, 12, 31),
                        AdvisoryPublished.Audience.ALL,
                        List.of(Channel.EMAIL),
                        "comms",
                        Instant.now(),
                        null));
        AckTestSupport.publish(
                producer,
                new PracticeRegistered(new Practice(
                        practiceId,
                        "Praxis Limit",
                        "Dr. Test",
                        List.of("praxis@example.org"),
                        null,
                        "de",
                        "arzt",
                        PreferredChannel.EMAIL)));
        AckTestSupport.publish(
                producer,
                new NotificationRequested(
                        UUID.randomUUID(),
                        advisory,
                        practiceId,
                        Channel.EMAIL,
                        "initial",
                        "de",
                        List.of("praxis@example.org"),
                        known.hash(),
                        Instant.now().plus(Duration.ofDays(30))));
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> AckTestSupport.projected(known, advisory, false));
        String knownPath = "/a/" + known.formatted();

        // A submission from a known scanner network is suspected automated; HSTS is sent since https=true
        HttpResponse<String> page = get(knownPath, "203.0.113.9");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Strict-Transport-Security"))
                .hasValue("max-age=31536000; includeSubDomains");
        assertThat(post(
                                knownPath,
                                "203.0.113.9",
                                Map.of(
                                        "csrf",
                                        AckTestSupport.csrf(page.body()),
                                        "acknowledged",
                                        "yes",
                                        "name",
                                        "Gateway"))
                        .statusCode())
                .isEqualTo(303);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            HttpResponse<String> progress =
                    get("/api/advisories/" + advisory + "/progress", null, "comms", COMMS_PASSWORD);
            JsonNode json = EventJson.mapper().readTree(progress.body());
            assertThat(json.path("acknowledged").asLong()).isEqualTo(1);
            assertThat(json.path("suspectedAutomated").asLong()).isEqualTo(1);
        });

        // When one network tries unknown codes: the first quarter answered at once, then later and later, then 429
        List<Integer> statuses = new java.util.ArrayList<>();
        List<Long> millis = new java.util.ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            long t0 = System.nanoTime();
            statuses.add(get(unknownPath(), "198.51.100.7").statusCode());
            millis.add((System.nanoTime() - t0) / 1_000_000);
        }
        long spent = (System.nanoTime() - started) / 1_000_000;
        // (the counts decay a little while the test runs, hence "7 or 8")
        int answered = statuses.indexOf(429);
        assertThat(answered).isBetween(7, 8);
        assertThat(statuses.subList(0, answered)).containsOnly(404);
        assertThat(statuses.subList(answered, statuses.size())).containsOnly(429);
        assertThat(millis.get(6)).as("the 7th unknown code is answered late").isGreaterThanOrEqualTo(400);
        assertThat(millis.get(answered)).as("a 429 is sent late too").isGreaterThanOrEqualTo(900);

        // Then the network's unknown codes are refused, in either language, while its real code opens at once and
        // its form is accepted
        HttpResponse<String> refused = get(unknownPath(), "198.51.100.8");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("Zu viele Versuche");
        assertThat(refused.headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        assertThat(get(unknownPath() + "?lang=en", "198.51.100.9").body()).contains("Too many attempts");
        long t0 = System.nanoTime();
        HttpResponse<String> real = get(knownPath, "198.51.100.9");
        long realMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(real.statusCode()).isEqualTo(200);
        assertThat(realMillis)
                .as("a real code is not slowed (a miss here waits 1 s)")
                .isLessThan(600);
        assertThat(post(
                                knownPath,
                                "198.51.100.9",
                                Map.of(
                                        "csrf",
                                        AckTestSupport.csrf(real.body()),
                                        "acknowledged",
                                        "yes",
                                        "name",
                                        "Praxis hinter dem NAT"))
                        .statusCode())
                .isEqualTo(303);
        assertThat(get(unknownPath(), "198.51.101.7").statusCode()).isEqualTo(404);
        System.out.printf(
                "one network: 10 unknown codes in %d ms (answers %s ms), its real code opened in %d ms%n",
                spent, millis, realMillis);

        // When unknown codes come from many networks, beyond the global count, every unknown code is refused,
        // and still every real code opens from any of them
        int globalRefusals = 0;
        for (int network = 0; network < 10; network++) {
            for (int i = 0; i < 2; i++) {
                int status = get(unknownPath(), "10.0." + network + ".1").statusCode();
                assertThat(status).isIn(404, 429);
                globalRefusals += status == 429 ? 1 : 0;
            }
        }
        assertThat(globalRefusals).isPositive();
        assertThat(get(unknownPath(), "192.0.2.1").statusCode()).isEqualTo(429);
        assertThat(get(knownPath, "10.0.9.1").statusCode()).isEqualTo(200);
        assertThat(get(knownPath, "192.0.2.1").statusCode()).isEqualTo(200);

        // Other methods on an acknowledgement link: 405 with what it takes
        for (String method : List.of("PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")) {
            HttpResponse<String> other = send(request(knownPath, "192.0.2.1")
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .build());
            assertThat(other.statusCode()).as(method).isEqualTo(405);
            assertThat(other.headers().firstValue("Allow")).as(method).hasValue("GET, POST");
        }

        // The hits are visible to administrators only
        assertThat(get("/prometheus", null).statusCode()).isEqualTo(401);
        assertThat(get("/prometheus", null, "comms", COMMS_PASSWORD).statusCode())
                .isEqualTo(403);
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get("/prometheus", null, "admin", ADMIN_PASSWORD);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .containsPattern("ack_lookups_limited_total\\{[^}]*scope=\"network\"[^}]*} [1-9]")
                .containsPattern("ack_lookups_limited_total\\{[^}]*scope=\"global\"[^}]*} [1-9]")
                .containsPattern("ack_lookups_failed_total(\\{[^}]*})? [3-9][0-9]")
                .containsPattern("ack_lookups_delayed_total(\\{[^}]*})? [1-9]")
                .contains("ack_visits_published_total");
    }

    private String unknownPath() {
        return "/a/" + AckCode.fromBytes(AckTestSupport.randomBytes(10)).formatted();
    }

    private HttpResponse<String> get(String path, String clientAddress) {
        return get(path, clientAddress, null, null);
    }

    private HttpResponse<String> get(String path, String clientAddress, String user, String password) {
        HttpRequest.Builder request = request(path, clientAddress);
        if (user != null) {
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return send(request.GET().build());
    }

    private HttpResponse<String> post(String path, String clientAddress, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        // As a browser posts the form of a page with Referrer-Policy: no-referrer
        return send(request(path, clientAddress)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "null")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpRequest.Builder request(String path, String clientAddress) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .header("User-Agent", "breachnotify-it/1.0")
                .timeout(Duration.ofSeconds(20));
        return clientAddress == null ? request : request.header("X-Real-IP", clientAddress);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(request.method() + " failed", e);
        }
    }
}
