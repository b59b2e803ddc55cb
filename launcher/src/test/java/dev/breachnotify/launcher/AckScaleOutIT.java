package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.embedded.EmbeddedKafka;
import dev.breachnotify.embedded.EmbeddedPostgresServer;
import dev.breachnotify.embedded.FreePorts;
import dev.breachnotify.embedded.MailCatcher;
import dev.breachnotify.events.VendorIdentity;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Two ack-service processes behind one address: any instance serves any practice's page, a form shown by one is
 * accepted by the other (they share the form key and the database), and when one is killed the other takes over
 * its share of the projection (the consumer group rebalances) and serves the practices of a later advisory.
 */
class AckScaleOutIT {

    private static final int PRACTICES = 40;
    private static final Pattern LINK = Pattern.compile("https?://[^/\\s]+(/a/[0-9A-Z-]{21})");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void eitherInstanceServesEveryPracticeAndTheSurvivorTakesOver() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "ack-scale-out")), "run-");
        try (MailCatcher mail = MailCatcher.start(0, null);
                EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0);
                EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0)) {
            postgres.createDatabaseIfMissing("notifier");
            postgres.createDatabaseIfMissing("ack");
            String formKey = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
            try (ServiceProcess notifier = ServiceProcess.start(
                            "notifier-service",
                            SyntheticAdvisory.notifierProperties(kafka, postgres, mail, 3, 100),
                            work.resolve("notifier.log"),
                            Duration.ofSeconds(90));
                    ServiceProcess a = ServiceProcess.start(
                            "ack-service",
                            ackProperties(kafka, postgres, formKey),
                            work.resolve("ack-a.log"),
                            Duration.ofSeconds(90));
                    ServiceProcess b = ServiceProcess.start(
                            "ack-service",
                            ackProperties(kafka, postgres, formKey),
                            work.resolve("ack-b.log"),
                            Duration.ofSeconds(90))) {
                SyntheticAdvisory.publish(notifier.url(), PRACTICES, "A");
                List<String> paths = awaitLinks(mail, PRACTICES);

                // Any instance serves any practice's page (each instance projects only its share of the partitions)
                for (String path : paths) {
                    assertThat(awaitPage(a, path).statusCode())
                            .as("instance A, %s", path)
                            .isEqualTo(200);
                    assertThat(awaitPage(b, path).statusCode())
                            .as("instance B, %s", path)
                            .isEqualTo(200);
                }
                // A form shown by A is accepted by B, and A then shows what was confirmed through B
                for (String path : paths.subList(0, 10)) {
                    String form = form(awaitPage(a, path).body());
                    HttpResponse<String> posted = http.send(
                            HttpRequest.newBuilder(URI.create(b.url() + path))
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(HttpRequest.BodyPublishers.ofString(form))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);
                    assertThat(awaitPage(a, path).body()).contains("Dr. Zwei Instanzen");
                }

                // Kill A; B takes over A's partitions and serves a later advisory's practices
                a.kill();
                // (the second advisory goes to the whole directory: the first PRACTICES and PRACTICES new ones)
                SyntheticAdvisory.publish(notifier.url(), PRACTICES, "B");
                List<String> later = new ArrayList<>(awaitLinks(mail, 3 * PRACTICES));
                later.removeAll(paths);
                long started = System.nanoTime();
                for (String path : later) {
                    assertThat(awaitPage(b, path).statusCode())
                            .as("instance B after A was killed, %s", path)
                            .isEqualTo(200);
                }
                System.out.printf(
                        "[ack-scale-out] %d + %d practices served by either instance; after killing A, B "
                                + "served all of the second advisory's pages %d ms after its last mail%n",
                        PRACTICES, later.size(), (System.nanoTime() - started) / 1_000_000);
                assertThat(later).hasSize(2 * PRACTICES);
            }
        }
    }

    private static Map<String, Object> ackProperties(
            EmbeddedKafka kafka, EmbeddedPostgresServer postgres, String formKey) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", FreePorts.next());
        properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        properties.put("datasources.default.url", postgres.jdbcUrl("ack"));
        properties.put("datasources.default.username", postgres.username());
        properties.put("datasources.default.password", postgres.password());
        properties.put("breachnotify.ack.form-key", formKey);
        properties.putAll(VendorIdentity.SAMPLE.properties());
        properties.put("breachnotify.ack.automated-window", "0s");
        // the test polls each code until the instance's projection knows it: those are failed lookups too
        properties.put("breachnotify.ack.failed-lookups-per-network", 1_000_000);
        properties.put("breachnotify.ack.failed-lookups-global", 1_000_000);
        // a killed instance's partitions move on once its session expires (default 45 s)
        properties.put("kafka.consumers.ack-service.session.timeout.ms", 6000);
        properties.put("kafka.consumers.ack-service.heartbeat.interval.ms", 1000);
        return properties;
    }

    /** The page, once the instance's projection knows the code (it is eventually consistent with Kafka). */
    private HttpResponse<String> awaitPage(ServiceProcess instance, String path) {
        return Awaitility.await("page " + path + " on " + instance.url())
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> http.send(
                                HttpRequest.newBuilder(URI.create(instance.url() + path))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString()),
                        response -> response.statusCode() == 200);
    }

    private static String form(String page) {
        Matcher csrf = CSRF.matcher(page);
        assertThat(csrf.find()).as(page).isTrue();
        return "csrf=" + enc(csrf.group(1)) + "&lang=de&acknowledged=yes&name=" + enc("Dr. Zwei Instanzen") + "&"
                + enc("status:ti-konnektor") + "=NOT_APPLICABLE";
    }

    private static List<String> awaitLinks(MailCatcher mail, int count) {
        return Awaitility.await(count + " practices' links")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> links(mail.messages()), links -> links.size() >= count);
    }

    /** The distinct personal links of the mails (a mail sent twice after a failover counts once). */
    private static List<String> links(List<MimeMessage> messages) {
        List<String> paths = new ArrayList<>();
        for (MimeMessage message : messages) {
            try {
                String text = (String)
                        ((MimeMultipart) message.getContent()).getBodyPart(0).getContent();
                Matcher link = LINK.matcher(text);
                if (link.find() && !paths.contains(link.group(1))) {
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
