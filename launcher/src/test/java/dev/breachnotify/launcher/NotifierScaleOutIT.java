package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.embedded.EmbeddedKafka;
import dev.breachnotify.embedded.EmbeddedPostgresServer;
import dev.breachnotify.embedded.MailCatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Scale-out: two notifier-service processes in one consumer group share an advisory's fan-out and sending; one
 * is killed half-way and the other finishes it: every practice notified, duplicates within the in-flight window.
 */
class NotifierScaleOutIT {

    private static final int PRACTICES = 1_200;
    private static final int MAX_POLL_RECORDS = 100;

    @Test
    void twoInstancesShareTheWorkAndTheSurvivorFinishesIt() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scale-out")), "run-");
        try (MailCatcher mail = MailCatcher.start(0, null);
                EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0);
                EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0)) {
            postgres.createDatabaseIfMissing("notifier");
            Map<String, Object> first =
                    SyntheticAdvisory.notifierProperties(kafka, postgres, mail, 3, MAX_POLL_RECORDS);
            Map<String, Object> second =
                    SyntheticAdvisory.notifierProperties(kafka, postgres, mail, 3, MAX_POLL_RECORDS);

            try (ServiceProcess a = ServiceProcess.start(
                            "notifier-service", first, work.resolve("a.log"), Duration.ofSeconds(90));
                    ServiceProcess b = ServiceProcess.start(
                            "notifier-service", second, work.resolve("b.log"), Duration.ofSeconds(90))) {
                SyntheticAdvisory.publish(a.url(), PRACTICES, "S");
                Awaitility.await("a third of the mails")
                        .atMost(Duration.ofSeconds(120))
                        .until(() -> mail.messages().size() >= PRACTICES / 3);
                a.kill();
                System.out.printf(
                        "[scale-out] killed instance A after %d mails%n",
                        mail.messages().size());

                // the killed instance's SMTP connections reset on the catcher's threads, which throw: expected here
                Awaitility.await("every practice's mail from instance B")
                        .atMost(Duration.ofSeconds(120))
                        .dontCatchUncaughtExceptions()
                        .pollInterval(Duration.ofMillis(500))
                        .until(() ->
                                SyntheticAdvisory.recipients(mail.messages()).size() == PRACTICES);
                int duplicates = mail.messages().size() - PRACTICES;
                System.out.printf(
                        "[scale-out] %d practices, %d mails, %d duplicates%n",
                        PRACTICES, mail.messages().size(), duplicates);
                assertThat(duplicates).isBetween(0, 3 * MAX_POLL_RECORDS);
                assertThat(Files.readString(work.resolve("b.log"))).contains("notifier-service-email-listener");
            }
        }
    }
}
