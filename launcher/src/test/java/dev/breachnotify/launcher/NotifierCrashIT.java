package dev.breachnotify.launcher;

import dev.breachnotify.embedded.EmbeddedKafka;
import dev.breachnotify.embedded.EmbeddedPostgresServer;
import dev.breachnotify.embedded.MailCatcher;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Topic;
import dev.breachnotify.platform.security.PasswordHashes;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety of the fan-out and the email worker: notifier-service runs as a separate process and is killed
 * with {@code kill -9} twice while it works through an advisory; after the last restart every practice has its
 * mail, and the duplicates stay within the in-flight window (the batches sent but not yet recorded).
 */
class NotifierCrashIT {

    private static final int PRACTICES = 1_200;
    private static final int WORKERS = 3;
    private static final int MAX_POLL_RECORDS = 100;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void everyPracticeIsReachedDespiteKillsAndDuplicatesStayWithinTheInFlightWindow() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "crash")), "run-");
        try (MailCatcher mail = MailCatcher.start(0, null);
             EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0);
             EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0)) {
            postgres.createDatabaseIfMissing("notifier");
            Map<String, Object> properties = new HashMap<>();
            properties.put("micronaut.server.port", freePort());
            properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
            properties.put("datasources.default.url", postgres.jdbcUrl("notifier"));
            properties.put("datasources.default.username", postgres.username());
            properties.put("datasources.default.password", postgres.password());
            properties.put("breachnotify.notifier.smtp.host", "127.0.0.1");
            properties.put("breachnotify.notifier.smtp.port", mail.smtpPort());
            properties.put("breachnotify.notifier.code-key", Base64.getEncoder().encodeToString(new byte[32]));
            properties.put("breachnotify.notifier.email.workers", WORKERS);
            properties.put("kafka.consumers.notifier-email.max.poll.records", MAX_POLL_RECORDS);
            // a killed instance's partitions move to the new one once its session expires (default 45 s)
            for (String group : List.of("notifier-email", "notifier-fanout")) {
                properties.put("kafka.consumers." + group + ".session.timeout.ms", 6000);
                properties.put("kafka.consumers." + group + ".heartbeat.interval.ms", 1000);
            }
            properties.put("breachnotify.security.users.comms.password-hash",
                    PasswordHashes.hash("pw".toCharArray()));
            properties.put("breachnotify.security.users.comms.roles", "COMMUNICATIONS");
            Path log = work.resolve("notifier.log");

            ServiceProcess notifier = ServiceProcess.start("notifier-service", properties, log, Duration.ofSeconds(90));
            String advisoryId = publishAdvisory(notifier.url(), work);
            for (int kill = 1; kill <= 2; kill++) {
                int reached = kill * PRACTICES / 4;
                Awaitility.await("at least " + reached + " mails before kill " + kill)
                        .atMost(Duration.ofSeconds(120)).until(() -> mail.messages().size() >= reached);
                notifier.kill();
                System.out.printf("[crash] kill -9 #%d after %d mails%n", kill, mail.messages().size());
                notifier = ServiceProcess.start("notifier-service", properties, log, Duration.ofSeconds(90));
            }
            try (ServiceProcess last = notifier) {
                Awaitility.await("every practice's mail").atMost(Duration.ofSeconds(180))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> recipients(mail.messages()).size() == PRACTICES);

                Map<UUID, Integer> sentEvents = new HashMap<>();
                Set<UUID> notifications = new HashSet<>();
                readEvents(kafka.bootstrapServers(), advisoryId, sentEvents, notifications);
                int mails = mail.messages().size();
                int duplicates = mails - PRACTICES;
                System.out.printf("[crash] %d practices, %d mails, %d duplicates, %d email.sent events%n",
                        PRACTICES, mails, duplicates, sentEvents.values().stream().mapToInt(Integer::intValue).sum());

                assertThat(notifications).hasSize(PRACTICES);
                assertThat(sentEvents.keySet()).containsAll(notifications);
                assertThat(duplicates).as("duplicates within the in-flight window of two kills")
                        .isBetween(0, 2 * WORKERS * MAX_POLL_RECORDS);
            }
        }
    }

    private String publishAdvisory(String url, Path work) throws Exception {
        StringBuilder csv = new StringBuilder("practice_id;name;emails\n");
        for (int i = 0; i < PRACTICES; i++) {
            csv.append(String.format("C-%05d;Praxis %d;p%d@d%d.example%n", i, i, i, i % 100));
        }
        String auth = "Basic " + Base64.getEncoder().encodeToString("comms:pw".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> imported = http.send(HttpRequest.newBuilder(URI.create(url + "/api/practices/import"))
                .header("Authorization", auth).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        String draft = """
                {"title": "Crash", "deadline": "%s",
                 "texts": {"de": {"subject": "Betreff", "body": "Text"}, "en": {"subject": "Subject", "body": "Text"}}}
                """.formatted(LocalDate.now().plusDays(30));
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(url + "/api/advisories"))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(draft)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher id = Pattern.compile("\"advisoryId\":\"([^\"]+)\"").matcher(created.body());
        assertThat(id.find()).as(created.body()).isTrue();
        HttpResponse<String> published = http.send(HttpRequest.newBuilder(URI.create(url + "/api/advisories/"
                        + id.group(1) + "/publish")).header("Authorization", auth)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        return id.group(1);
    }

    private static void readEvents(String bootstrap, String advisoryId, Map<UUID, Integer> sent,
                                   Set<UUID> notifications) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "crash-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topic.NOTIFICATIONS.topicName(), Topic.DELIVERIES.topicName()));
            Awaitility.await("an email.sent event for every notification").atMost(Duration.ofSeconds(60))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(300)).forEach(record -> {
                            EventPayload payload = EventCodec.decode(record.value()).payload();
                            if (payload instanceof NotificationRequested n && n.advisoryId().equals(advisoryId)) {
                                notifications.add(n.notificationId());
                            } else if (payload instanceof EmailSent s && s.advisoryId().equals(advisoryId)) {
                                sent.merge(s.notificationId(), 1, Integer::sum);
                            }
                        });
                        return notifications.size() == PRACTICES && sent.keySet().containsAll(notifications);
                    });
        }
    }

    private static Set<String> recipients(List<MimeMessage> messages) {
        Set<String> recipients = new HashSet<>();
        for (MimeMessage message : messages) {
            try {
                recipients.add(message.getAllRecipients()[0].toString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return recipients;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
