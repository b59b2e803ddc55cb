package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.embedded.EmbeddedKafka;
import dev.breachnotify.embedded.EmbeddedPostgresServer;
import dev.breachnotify.embedded.FreePorts;
import dev.breachnotify.embedded.MailCatcher;
import dev.breachnotify.events.VendorIdentity;
import dev.breachnotify.platform.security.PasswordHashes;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the process-level tests share: a notifier-service configuration against in-process infrastructure, and
 * an advisory to N synthetic practices (one mail each, spread over 100 domains) published through the API.
 */
final class SyntheticAdvisory {

    static final String USER = "comms";
    static final String PASSWORD = "pw";

    private SyntheticAdvisory() {}

    /** A notifier configuration: fast failover (6 s sessions) and small batches (a small in-flight window). */
    static Map<String, Object> notifierProperties(
            EmbeddedKafka kafka, EmbeddedPostgresServer postgres, MailCatcher mail, int workers, int maxPollRecords) {
        return notifierProperties(kafka, postgres, "127.0.0.1", mail.smtpPort(), workers, maxPollRecords);
    }

    /** The same, sending to any SMTP server (a benchmark's smtp-sink). */
    static Map<String, Object> notifierProperties(
            EmbeddedKafka kafka,
            EmbeddedPostgresServer postgres,
            String smtpHost,
            int smtpPort,
            int workers,
            int maxPollRecords) {
        return notifierProperties(kafka.bootstrapServers(), postgres, smtpHost, smtpPort, workers, maxPollRecords);
    }

    /** The same, against any Kafka cluster (a {@code KafkaCluster} of three nodes). */
    static Map<String, Object> notifierProperties(
            String kafkaBootstrapServers,
            EmbeddedPostgresServer postgres,
            String smtpHost,
            int smtpPort,
            int workers,
            int maxPollRecords) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", FreePorts.next());
        properties.put("kafka.bootstrap.servers", kafkaBootstrapServers);
        properties.put("datasources.default.url", postgres.jdbcUrl("notifier"));
        properties.put("datasources.default.username", postgres.username());
        properties.put("datasources.default.password", postgres.password());
        properties.put("breachnotify.notifier.smtp.host", smtpHost);
        properties.put("breachnotify.notifier.smtp.port", smtpPort);
        properties.put("breachnotify.notifier.code-key", Base64.getEncoder().encodeToString(new byte[32]));
        properties.put("breachnotify.notifier.email.workers", workers);
        properties.putAll(VendorIdentity.SAMPLE.properties());
        properties.put("kafka.consumers.notifier-email.max.poll.records", maxPollRecords);
        for (String group : List.of("notifier-email", "notifier-fanout")) {
            // a killed instance's partitions move on once its session expires (default 45 s)
            properties.put("kafka.consumers." + group + ".session.timeout.ms", 6000);
            properties.put("kafka.consumers." + group + ".heartbeat.interval.ms", 1000);
        }
        properties.put(
                "breachnotify.security.users." + USER + ".password-hash", PasswordHashes.hash(PASSWORD.toCharArray()));
        properties.put("breachnotify.security.users." + USER + ".roles", "COMMUNICATIONS");
        return properties;
    }

    /** Imports N practices and publishes an advisory to them; returns its id. */
    static String publish(String notifierUrl, int practices, String idPrefix) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        StringBuilder csv = new StringBuilder("practice_id;name;emails\n");
        for (int i = 0; i < practices; i++) {
            csv.append(String.format("%s-%05d;Praxis %d;p%d@d%d.example%n", idPrefix, i, i, i, i % 100));
        }
        String auth =
                "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> imported = http.send(
                HttpRequest.newBuilder(URI.create(notifierUrl + "/api/practices/import"))
                        .header("Authorization", auth)
                        .header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofString(csv.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        String draft = """
                {"title": "Synthetic", "deadline": "%s",
                 "texts": {"de": {"subject": "Betreff", "body": "Text"}, "en": {"subject": "Subject", "body": "Text"}}}
                """.formatted(LocalDate.now().plusDays(30));
        HttpResponse<String> created = http.send(
                HttpRequest.newBuilder(URI.create(notifierUrl + "/api/advisories"))
                        .header("Authorization", auth)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(draft))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher id = Pattern.compile("\"advisoryId\":\"([^\"]+)\"").matcher(created.body());
        assertThat(id.find()).as(created.body()).isTrue();
        HttpResponse<String> published = http.send(
                HttpRequest.newBuilder(URI.create(notifierUrl + "/api/advisories/" + id.group(1) + "/publish"))
                        .header("Authorization", auth)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        return id.group(1);
    }

    /** The distinct first recipients of the captured mails. */
    static Set<String> recipients(List<MimeMessage> messages) {
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
}
