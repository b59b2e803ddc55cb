package dev.breachnotify.ack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.ack.AckServiceApplication;
import dev.breachnotify.events.AckCode;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.Partner;
import dev.breachnotify.events.PartnerContact;
import dev.breachnotify.events.PartnerNotificationRequested;
import dev.breachnotify.events.PartnerPractice;
import dev.breachnotify.events.PartnerRegistered;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PracticeRegistered;
import dev.breachnotify.events.PreferredChannel;
import dev.breachnotify.events.VendorIdentity;
import dev.breachnotify.testsupport.TestInfrastructure;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The IT service partner's page, measured (run with {@code -Pbench} by {@code bench/partner-bench.sh}; not a test
 * of behaviour): one partner with {@code bench.practices} practices (default 2,000) for an advisory;
 * <ol>
 *   <li>GET of its first page and of a search, {@code bench.requests} each (default 200) after 50 to warm up,
 *       one at a time: p50 and p95 of the time to the last byte;</li>
 *   <li>one POST confirming 500 practices (one credential each), three times (other practices each time): the
 *       time until the 303, which is sent after Kafka committed the transaction of 500 events and the projection
 *       committed them;</li>
 *   <li>one CSV upload of 500 rows, the same way.</li>
 * </ol>
 * Figures go to standard output and {@code target/bench-partner.txt}.
 */
class PartnerPageBenchmark {

    private static final int PRACTICES = Integer.getInteger("bench.practices", 2_000);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 200);
    private static final int BATCH = 500;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\"\\s+value=\"([^\"]+)\"");

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private int port;

    @Test
    void pageAndConfirmations() throws Exception {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        port = freePort();
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", port);
        properties.put("kafka.bootstrap.servers", infrastructure.kafkaBootstrapServers());
        properties.put("datasources.default.url", infrastructure.jdbcUrl("ack"));
        properties.put("datasources.default.username", infrastructure.dbUser());
        properties.put("datasources.default.password", infrastructure.dbPassword());
        properties.put("breachnotify.ack.form-key", Base64.getEncoder().encodeToString(key));
        VendorIdentity.SAMPLE.properties().forEach(properties::putIfAbsent);
        List<String> report = new ArrayList<>();
        report.add("partner page benchmark, " + PRACTICES + " practices of one partner, "
                + Runtime.getRuntime().availableProcessors() + " cores, loopback, one request at a time");
        try (AutoCloseable service = AckServiceApplication.start(properties)) {
            String run = Long.toString(System.nanoTime(), 36);
            List<String> practiceIds = new ArrayList<>();
            AckCode code = seed(infrastructure, run, practiceIds);
            String path = "/p/" + code.formatted();
            String page = awaitListed(path);

            for (int i = 0; i < 50; i++) {
                get(path);
                get(path + "?q=1234");
            }
            report.add(latencies("GET first page (50 of " + PRACTICES + ")", path));
            report.add(latencies("GET search ?q=Bench+1234 (1 match)", path + "?q=Bench+1234"));
            report.add(latencies("GET page 40 of 40", path + "?page=40"));

            String yesterday =
                    LocalDate.now(ZoneId.of("Europe/Berlin")).minusDays(1).toString();
            List<Double> posts = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                List<String> selected = practiceIds.subList(round * BATCH, (round + 1) * BATCH);
                String body = "csrf=" + URLEncoder.encode(csrf(page), StandardCharsets.UTF_8)
                        + "&lang=de&name=Bench+Admin&action=changed&credential=ti-konnektor&changedOn=" + yesterday
                        + selected.stream().map(id -> "&sel=" + id).collect(Collectors.joining());
                long start = System.nanoTime();
                HttpResponse<String> response = send(request(path)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
                posts.add((System.nanoTime() - start) / 1e6);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
                assertThat(response.headers().firstValue("Location"))
                        .hasValueSatisfying(l -> assertThat(l).endsWith("saved=" + BATCH));
            }
            report.add(String.format(
                    "POST confirming %d practices (1 credential each) until 303: %s ms (target <= 2000)",
                    BATCH, posts.stream().map(ms -> String.format("%.0f", ms)).collect(Collectors.joining(", "))));

            StringBuilder csv = new StringBuilder("practice_id;credential;changed_on\n");
            practiceIds
                    .subList(3 * BATCH, 4 * BATCH)
                    .forEach(id -> csv.append(id)
                            .append(";praxis-admin;")
                            .append(yesterday)
                            .append('\n'));
            long start = System.nanoTime();
            HttpResponse<String> uploaded = upload(path, csrf(page), csv.toString());
            double csvMs = (System.nanoTime() - start) / 1e6;
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(303);
            report.add(String.format("CSV upload of %d rows until 303: %.0f ms", BATCH, csvMs));
            report.add(latencies("GET first page after 2,000 answers", path));
        }
        report.forEach(System.out::println);
        Files.write(Path.of("target", "bench-partner.txt"), report);
    }

    private AckCode seed(TestInfrastructure infrastructure, String run, List<String> practiceIds) {
        String advisory = "ADV-PBENCH-" + run;
        String partnerId = "IT-PBENCH-" + run;
        byte[] bits = new byte[10];
        RANDOM.nextBytes(bits);
        AckCode code = AckCode.fromBytes(bits);
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "4194304");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            List<PartnerPractice> listed = new ArrayList<>();
            for (int i = 0; i < PRACTICES; i++) {
                String id = String.format("P-PB-%s-%05d", run, i);
                practiceIds.add(id);
                listed.add(new PartnerPractice(id, List.of("ti-konnektor", "praxis-admin")));
                send(
                        producer,
                        new PracticeRegistered(new Practice(
                                id,
                                "Praxis Bench " + i,
                                "Dr. Bench",
                                List.of("bench-" + i + "@example.org"),
                                null,
                                "de",
                                "arzt",
                                PreferredChannel.EMAIL,
                                Map.of("city", "Musterstadt"))));
            }
            send(
                    producer,
                    new PartnerRegistered(new Partner(
                            partnerId,
                            "Systemhaus Bench",
                            "de",
                            List.of(new PartnerContact("Ops", "ops@it.example")))));
            send(
                    producer,
                    new AdvisoryPublished(
                            advisory,
                            "Kennwortwechsel",
                            Map.of(
                                    "de", new LocalizedText("Bitte Kennwörter ändern", "Text"),
                                    "en", new LocalizedText("Please change passwords", "Text")),
                            List.of(
                                    new Credential("ti-konnektor", Map.of("de", "TI-Konnektor", "en", "TI")),
                                    new Credential("praxis-admin", Map.of("de", "Admin", "en", "Admin"))),
                            LocalDate.of(2026, 12, 31),
                            AdvisoryPublished.Audience.ALL,
                            List.of(Channel.EMAIL),
                            "comms",
                            Instant.now(),
                            null));
            send(
                    producer,
                    new PartnerNotificationRequested(
                            UUID.randomUUID(),
                            advisory,
                            partnerId,
                            "initial",
                            "de",
                            List.of("ops@it.example"),
                            code.hash(),
                            Instant.now().plus(Duration.ofDays(30)),
                            listed));
            producer.flush();
        }
        return code;
    }

    private String latencies(String what, String path) {
        List<Double> millis = new ArrayList<>(REQUESTS);
        for (int i = 0; i < REQUESTS; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = get(path);
            millis.add((System.nanoTime() - start) / 1e6);
            assertThat(response.statusCode()).isEqualTo(200);
        }
        Collections.sort(millis);
        return String.format(
                "%s: p50 %.1f ms, p95 %.1f ms, max %.1f ms over %d requests (target p95 <= 100 ms)",
                what,
                millis.get(millis.size() / 2),
                millis.get((int) Math.ceil(millis.size() * 0.95) - 1),
                millis.get(millis.size() - 1),
                REQUESTS);
    }

    private String awaitListed(String path) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> page = get(path);
            if (page.statusCode() == 200
                    && page.body().contains("von " + String.format(java.util.Locale.GERMANY, "%,d", PRACTICES) + "<")
                    && !page.body().contains("<span class=\"name\"></span>")) {
                return page.body();
            }
            Thread.sleep(200); // the listener has not applied the seeded events yet
        }
        throw new IllegalStateException("the partner page did not list " + PRACTICES + " practices in time");
    }

    private static String csrf(String page) {
        Matcher matcher = CSRF.matcher(page);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private HttpResponse<String> upload(String path, String token, String csv) {
        String boundary = "----bench" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] field : List.of(new String[] {"csrf", token}, new String[] {"name", "Bench Admin"})) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n"
                            + field[1] + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"t.csv\"\r\n"
                        + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        return send(request(path + "/csv")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
    }

    private HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(
                    request.method() + " " + request.uri().getPath() + " failed", e);
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, EventPayload payload) {
        EventEnvelope<EventPayload> event = EventEnvelope.wrap(payload, "notifier-service", Instant.now());
        producer.send(new ProducerRecord<>(event.topic().topicName(), event.key(), EventCodec.encode(event)));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
