package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.embedded.EmbeddedKafka;
import dev.breachnotify.embedded.EmbeddedPostgresServer;
import dev.breachnotify.embedded.FreePorts;
import dev.breachnotify.embedded.MailCatcher;
import dev.breachnotify.events.EmailDeferred;
import java.net.URI;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The mail relay goes away in the middle of a fan-out: notifier-service (a separate process) sends through a
 * {@link RelayFront} to the mail catcher; after a tenth of the mails the front refuses every connection for
 * {@code faults.relay.refuse-seconds} (20 s here, 180 s in {@code -Pfaults-long}), then answers 421 or 451 to a
 * third of the mails for {@code faults.relay.defer-seconds} (10 s, 60 s), then relays again. The retry delays are
 * short here ({@code faults.relay.retry-backoff} 2 s doubling up to 5 s), so the test needs no hours.
 *
 * <p>Afterwards every practice has its mail, the duplicates are at most the connections cut in the middle of a
 * mail when the relay went away (a 250 that never arrived), no mail failed, and the retries were visible while
 * they waited: in ack-service's progress ({@code emailsDeferred}), in notifier-service's metrics (mails deferred,
 * retries waiting) and in the {@code email.deferred} events, each with its attempt and next attempt time.
 */
class RelayOutageIT {

    private static final int PRACTICES = Integer.getInteger("faults.relay.practices", 1_000);
    private static final Duration REFUSE_FOR = Duration.ofSeconds(Long.getLong("faults.relay.refuse-seconds", 20));
    private static final Duration DEFER_FOR = Duration.ofSeconds(Long.getLong("faults.relay.defer-seconds", 10));
    private static final String RETRY_BACKOFF = System.getProperty("faults.relay.retry-backoff", "2s");
    private static final String RETRY_MAX_BACKOFF = System.getProperty("faults.relay.retry-max-backoff", "5s");
    private static final int WORKERS = 3;
    private static final int MAX_POLL_RECORDS = 100;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void everyMailIsDeliveredAfterTheRelayRefusesAndThenDefersAndTheRetriesAreVisible() throws Exception {
        long started = System.nanoTime();
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "relay-outage")), "run-");
        try (MailCatcher mail = MailCatcher.start(0, null);
                RelayFront relay = new RelayFront(FreePorts.next(), mail.smtpPort());
                EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0);
                EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0)) {
            postgres.createDatabaseIfMissing("notifier");
            postgres.createDatabaseIfMissing("ack");
            Map<String, Object> notifierProperties = ProcessSettings.withAdmin(SyntheticAdvisory.notifierProperties(
                    kafka, postgres, "127.0.0.1", relay.port(), WORKERS, MAX_POLL_RECORDS));
            notifierProperties.put("breachnotify.notifier.smtp.timeout", "5s");
            notifierProperties.put("breachnotify.notifier.email.initial-backoff", "200ms");
            notifierProperties.put("breachnotify.notifier.email.retry-backoff", RETRY_BACKOFF);
            notifierProperties.put("breachnotify.notifier.email.retry-max-backoff", RETRY_MAX_BACKOFF);
            notifierProperties.put("breachnotify.notifier.email.retry-poll-interval", "500ms");
            String formKey = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
            try (ServiceProcess notifier = ServiceProcess.start(
                            "notifier-service",
                            notifierProperties,
                            work.resolve("notifier.log"),
                            Duration.ofSeconds(90));
                    ServiceProcess ack = ServiceProcess.start(
                            "ack-service",
                            ProcessSettings.ack(kafka, postgres, formKey),
                            work.resolve("ack.log"),
                            Duration.ofSeconds(90))) {
                String advisoryId = SyntheticAdvisory.publish(notifier.url(), PRACTICES, "O");
                Awaitility.await("a tenth of the mails")
                        .atMost(Duration.ofSeconds(120))
                        .until(() -> mail.messages().size() >= PRACTICES / 10);

                // When the relay refuses connections, then defers a third of the mails
                List<Sample> timeline = new ArrayList<>();
                int beforeOutage = mail.messages().size();
                relay.mode(RelayFront.Mode.REFUSE);
                sampleFor(REFUSE_FOR, "refusing", notifier, ack, advisoryId, mail, timeline);
                relay.mode(RelayFront.Mode.DEFER_A_THIRD);
                sampleFor(DEFER_FOR, "deferring", notifier, ack, advisoryId, mail, timeline);
                relay.mode(RelayFront.Mode.RELAY);
                long relaying = System.nanoTime();

                // Then every practice gets its mail, and the progress shows none waiting any more
                Awaitility.await("every practice's mail")
                        .atMost(Duration.ofSeconds(120 + PRACTICES / 20))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() ->
                                SyntheticAdvisory.recipients(mail.messages()).size() == PRACTICES);
                long drainedMillis = (System.nanoTime() - relaying) / 1_000_000;
                Awaitility.await("the progress: every practice emailed, none deferred")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(
                                () -> sample("after", notifier, ack, advisoryId, mail),
                                sample -> sample.sent() == PRACTICES && sample.deferred() == 0);
                Sample after = sample("after", notifier, ack, advisoryId, mail);
                timeline.add(after);

                TopicContents.Mails mails =
                        TopicContents.read(kafka.bootstrapServers()).mails(advisoryId);
                Map<UUID, Integer> deferralsByNotification = new HashMap<>();
                for (EmailDeferred deferred : mails.deferred()) {
                    deferralsByNotification.merge(deferred.notificationId(), 1, Integer::sum);
                }
                int mostAttempts = mails.deferred().stream()
                        .mapToInt(EmailDeferred::attempt)
                        .max()
                        .orElse(0);
                int duplicates = mail.messages().size() - PRACTICES;
                System.out.printf(
                        "[relay-outage] %d practices, %d mails before the outage, refused %d s, deferred a third "
                                + "%d s (%d answered 421 at RCPT, %d answered 451 at DATA, %d connections cut); "
                                + "every mail in %d ms after the relay was back; %d mails, %d duplicates; %d "
                                + "email.deferred events for %d practices, at most %d attempts; %d email.failed; "
                                + "%d s in all%n",
                        PRACTICES,
                        beforeOutage,
                        REFUSE_FOR.toSeconds(),
                        DEFER_FOR.toSeconds(),
                        relay.deferred421(),
                        relay.deferred451(),
                        relay.cut(),
                        drainedMillis,
                        mail.messages().size(),
                        duplicates,
                        mails.deferred().size(),
                        deferralsByNotification.size(),
                        mostAttempts,
                        mails.failed().size(),
                        (System.nanoTime() - started) / 1_000_000_000);
                timeline.forEach(sample -> System.out.println("[relay-outage]   " + sample));

                assertThat(mails.notifications()).hasSize(PRACTICES);
                assertThat(mails.sent().keySet()).containsAll(mails.notifications());
                assertThat(mails.failed()).as("email.failed").isEmpty();
                assertThat(duplicates)
                        .as("duplicates: at most one per connection cut in the middle of a mail")
                        .isBetween(0, relay.cut());
                assertThat(relay.deferred421()).as("mails answered 421").isPositive();
                assertThat(relay.deferred451()).as("mails answered 451").isPositive();
                assertThat(mails.deferred())
                        .allSatisfy(deferred -> assertThat(deferred.nextAttemptAt())
                                .as("every deferral names its next attempt")
                                .isNotNull());
                assertThat(mostAttempts)
                        .as("mails tried again and again while the relay was away")
                        .isGreaterThanOrEqualTo(3);
                assertThat(timeline.stream().mapToLong(Sample::deferred).max().orElse(0))
                        .as("the progress showed deferred mails during the outage")
                        .isPositive();
                assertThat(timeline.stream().mapToDouble(Sample::waiting).max().orElse(0))
                        .as("the metrics showed retries waiting during the outage")
                        .isPositive();
                assertThat(after.waiting()).as("retries waiting afterwards").isZero();
                assertThat(after.deferredTotal())
                        .as("mails deferred, by the metrics")
                        .isPositive();
                assertThat(after.sentTotal()).as("mails sent, by the metrics").isGreaterThanOrEqualTo(PRACTICES);
            }
        }
    }

    /** Samples the progress and the metrics every 2 s for this long. */
    private void sampleFor(
            Duration phase,
            String label,
            ServiceProcess notifier,
            ServiceProcess ack,
            String advisoryId,
            MailCatcher mail,
            List<Sample> timeline)
            throws Exception {
        long end = System.nanoTime() + phase.toNanos();
        while (System.nanoTime() < end) {
            timeline.add(sample(label, notifier, ack, advisoryId, mail));
            long left = end - System.nanoTime();
            if (left > 0) {
                LockSupport.parkNanos(Math.min(left, TimeUnit.SECONDS.toNanos(2))); // the phase lasts on purpose
            }
        }
    }

    /**
     * What an operator sees at one moment: ack-service's progress (practices emailed, practices whose mail is
     * deferred) and notifier-service's metrics (mails sent and deferred, retries waiting, seconds until the next is
     * due), and the mails caught.
     */
    private record Sample(
            String phase,
            long at,
            long sent,
            long deferred,
            double sentTotal,
            double deferredTotal,
            double waiting,
            double due,
            double nextDueSeconds,
            int mails) {

        @Override
        public String toString() {
            return String.format(
                    "%-9s %,6d ms: progress emailsSent %d, emailsDeferred %d; metrics sent %.0f, deferred %.0f, "
                            + "retries waiting %.0f (due %.0f), next due in %.1f s; %d mails caught",
                    phase, at, sent, deferred, sentTotal, deferredTotal, waiting, due, nextDueSeconds, mails);
        }
    }

    private final long t0 = System.nanoTime();

    private Sample sample(
            String phase, ServiceProcess notifier, ServiceProcess ack, String advisoryId, MailCatcher mail)
            throws Exception {
        String progress = get(ack.url() + "/api/advisories/" + advisoryId + "/progress");
        String metrics = get(notifier.url() + "/prometheus");
        return new Sample(
                phase,
                (System.nanoTime() - t0) / 1_000_000,
                number(progress, "\"emailsSent\":(\\d+)"),
                number(progress, "\"emailsDeferred\":(\\d+)"),
                metric(metrics, "breachnotify_mail_sent_total"),
                metric(metrics, "breachnotify_mail_deferred_total"),
                metric(metrics, "breachnotify_mail_retries_waiting"),
                metric(metrics, "breachnotify_mail_retries_due"),
                metric(metrics, "breachnotify_mail_retries_next_due_seconds"),
                mail.messages().size());
    }

    private String get(String url) throws Exception {
        String auth = "Basic "
                + Base64.getEncoder()
                        .encodeToString((ProcessSettings.ADMIN + ":" + ProcessSettings.ADMIN_PASSWORD)
                                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", auth)
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static long number(String json, String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(json);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /** The sum of a Prometheus metric's series ({@code name{...} value} lines); 0 when it has none yet. */
    private static double metric(String exposition, String name) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
