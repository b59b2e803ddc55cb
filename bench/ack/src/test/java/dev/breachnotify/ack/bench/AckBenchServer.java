package dev.breachnotify.ack.bench;

import dev.breachnotify.ack.AckServiceApplication;
import dev.breachnotify.events.AckCode;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PracticeRegistered;
import dev.breachnotify.events.PreferredChannel;
import dev.breachnotify.events.VendorIdentity;
import dev.breachnotify.platform.security.PasswordHashes;
import dev.breachnotify.platform.security.Roles;
import dev.breachnotify.testsupport.TestInfrastructure;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Not a test: the target of {@code bench/ack-bench.sh}. Starts the embedded Kafka and PostgreSQL and ack-service
 * on port 18082, seeds one advisory and {@code bench.practices} practices with a code each, and writes each
 * page's path and a valid form body for wrk into {@code requests.txt} in the directory given as the argument;
 * then runs until killed.
 */
public final class AckBenchServer {

    /** The practices whose pages wrk asks for in turn ({@code -Dbench.practices}, default 1,000). */
    private static final int PRACTICES = Integer.getInteger("bench.practices", 1_000);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\"\\s+value=\"([^\"]+)\"");

    private AckBenchServer() {}

    private static void send(KafkaProducer<String, byte[]> producer, EventPayload payload) {
        EventEnvelope<EventPayload> event = EventEnvelope.wrap(payload, "notifier-service", Instant.now());
        producer.send(new ProducerRecord<>(event.topic().topicName(), event.key(), EventCodec.encode(event)));
    }

    /** Waits for the page to appear (the projection catching up with Kafka) and builds a valid submission of it. */
    private static String formBody(HttpClient http, int port, String path) throws Exception {
        HttpResponse<String> page;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            page = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (page.statusCode() == 200 || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(100); // the listener has not applied the practice's events yet
        }
        Matcher csrf = CSRF.matcher(page.body());
        if (page.statusCode() != 200 || !csrf.find()) {
            throw new IllegalStateException("the seeded page " + path + " did not appear: " + page.statusCode());
        }
        return "csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)
                + "&lang=de&acknowledged=yes&name=Dr.+Bench&status%3Ati-konnektor=CHANGED_BY_PROVIDER";
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench");
        Files.createDirectories(out);
        int port = 18082;
        TestInfrastructure infrastructure = TestInfrastructure.get();
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", port);
        properties.put("kafka.bootstrap.servers", infrastructure.kafkaBootstrapServers());
        properties.put("datasources.default.url", infrastructure.jdbcUrl("ack"));
        properties.put("datasources.default.username", infrastructure.dbUser());
        properties.put("datasources.default.password", infrastructure.dbPassword());
        properties.put("breachnotify.ack.form-key", Base64.getEncoder().encodeToString(key));
        // An administrator for /prometheus, so that the script can read the submission path's timers
        byte[] secret = new byte[18];
        RANDOM.nextBytes(secret);
        String adminPassword = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        properties.put(
                "breachnotify.security.users.admin.password-hash", PasswordHashes.hash(adminPassword.toCharArray()));
        properties.put("breachnotify.security.users.admin.roles", Roles.ADMIN);
        Files.writeString(out.resolve("admin.txt"), "admin:" + adminPassword + "\n");
        VendorIdentity.SAMPLE.properties().forEach(properties::putIfAbsent);
        AutoCloseable service = AckServiceApplication.start(properties);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                // stopping anyway
            }
        }));

        String run = Long.toString(System.nanoTime(), 36);
        String advisory = "ADV-BENCH-" + run;
        List<AckCode> codes = new ArrayList<>();
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            send(
                    producer,
                    new AdvisoryPublished(
                            advisory,
                            "Kennwortwechsel",
                            Map.of(
                                    "de",
                                    new LocalizedText("Bitte Kennwörter ändern", "Text"),
                                    "en",
                                    new LocalizedText("Please change passwords", "Text")),
                            List.of(new Credential("ti-konnektor", Map.of("de", "TI-Konnektor", "en", "TI"))),
                            LocalDate.of(2026, 12, 31),
                            AdvisoryPublished.Audience.ALL,
                            List.of(Channel.EMAIL),
                            "comms",
                            Instant.now(),
                            null));
            for (int i = 0; i < PRACTICES; i++) {
                String practiceId = "P-BENCH-" + run + "-" + i;
                byte[] codeBytes = new byte[10];
                RANDOM.nextBytes(codeBytes);
                AckCode code = AckCode.fromBytes(codeBytes);
                codes.add(code);
                send(
                        producer,
                        new PracticeRegistered(new Practice(
                                practiceId,
                                "Praxis Bench " + i,
                                "Dr. Bench",
                                List.of("bench-" + i + "@example.org"),
                                null,
                                "de",
                                "arzt",
                                PreferredChannel.EMAIL)));
                send(
                        producer,
                        new NotificationRequested(
                                UUID.randomUUID(),
                                advisory,
                                practiceId,
                                Channel.EMAIL,
                                "initial",
                                "de",
                                List.of("bench-" + i + "@example.org"),
                                code.hash(),
                                Instant.now().plus(Duration.ofDays(30))));
            }
            producer.flush();
        }

        // One line per practice for wrk: the page's path, a tab, a valid form body (with the page's own token)
        HttpClient http = HttpClient.newHttpClient();
        List<String> requests = new ArrayList<>();
        for (AckCode code : codes) {
            String path = "/a/" + code.formatted();
            requests.add(path + "\t" + formBody(http, port, path));
        }
        Files.write(out.resolve("requests.txt"), requests);
        Files.writeString(out.resolve("ready"), "http://127.0.0.1:" + port + "\n");
        System.out.println("ack-service bench target ready at http://127.0.0.1:" + port + " with " + PRACTICES
                + " practices' pages");
        Thread.currentThread().join();
    }
}
