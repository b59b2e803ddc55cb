package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.embedded.EmbeddedKafka;
import dev.breachnotify.embedded.EmbeddedPostgresServer;
import dev.breachnotify.embedded.MailCatcher;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Crash safety of the fan-out and the email worker: notifier-service runs as a separate process and is killed
 * with {@code kill -9} twice while it works through an advisory; after the last restart every practice has its
 * mail, the duplicates stay within the in-flight window (the batches sent but not yet recorded), and every
 * duplicate the mail catcher received is announced as {@code email.sent} with {@code possibleDuplicate: true}.
 */
class NotifierCrashIT {

    private static final int PRACTICES = 1_200;
    private static final int WORKERS = 3;
    private static final int MAX_POLL_RECORDS = 100;

    @Test
    void everyPracticeIsReachedDespiteKillsAndDuplicatesStayWithinTheInFlightWindow() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "crash")), "run-");
        try (MailCatcher mail = MailCatcher.start(0, null);
                EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0);
                EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0)) {
            postgres.createDatabaseIfMissing("notifier");
            Map<String, Object> properties =
                    SyntheticAdvisory.notifierProperties(kafka, postgres, mail, WORKERS, MAX_POLL_RECORDS);
            Path log = work.resolve("notifier.log");

            ServiceProcess notifier = ServiceProcess.start("notifier-service", properties, log, Duration.ofSeconds(90));
            String advisoryId = SyntheticAdvisory.publish(notifier.url(), PRACTICES, "C");
            for (int kill = 1; kill <= 2; kill++) {
                int reached = kill * PRACTICES / 4;
                // a killed instance's SMTP connections reset on the catcher's threads, which throw: expected here
                Awaitility.await("at least " + reached + " mails before kill " + kill)
                        .dontCatchUncaughtExceptions()
                        .atMost(Duration.ofSeconds(120))
                        .until(() -> mail.messages().size() >= reached);
                notifier.kill();
                System.out.printf(
                        "[crash] kill -9 #%d after %d mails%n",
                        kill, mail.messages().size());
                notifier = ServiceProcess.start("notifier-service", properties, log, Duration.ofSeconds(90));
            }
            try (ServiceProcess last = notifier) {
                Awaitility.await("every practice's mail")
                        .atMost(Duration.ofSeconds(180))
                        .dontCatchUncaughtExceptions()
                        .pollInterval(Duration.ofMillis(500))
                        .until(() ->
                                SyntheticAdvisory.recipients(mail.messages()).size() == PRACTICES);

                Map<UUID, Integer> sentEvents = new HashMap<>();
                Set<UUID> notifications = new HashSet<>();
                Set<String> markedDuplicates = new HashSet<>();
                readEvents(kafka.bootstrapServers(), advisoryId, sentEvents, notifications, markedDuplicates);
                Map<String, Integer> mailsByMessageId = new HashMap<>();
                for (jakarta.mail.internet.MimeMessage message : mail.messages()) {
                    mailsByMessageId.merge(message.getMessageID(), 1, Integer::sum);
                }
                Set<String> caughtTwice = new HashSet<>();
                mailsByMessageId.forEach((messageId, count) -> {
                    if (count > 1) {
                        caughtTwice.add(messageId);
                    }
                });
                int mails = mail.messages().size();
                int duplicates = mails - PRACTICES;
                System.out.printf(
                        "[crash] %d practices, %d mails, %d duplicates, %d email.sent events, "
                                + "%d marked possibleDuplicate%n",
                        PRACTICES,
                        mails,
                        duplicates,
                        sentEvents.values().stream().mapToInt(Integer::intValue).sum(),
                        markedDuplicates.size());

                assertThat(notifications).hasSize(PRACTICES);
                assertThat(sentEvents.keySet()).containsAll(notifications);
                assertThat(duplicates)
                        .as("duplicates within the in-flight window of two kills")
                        .isBetween(0, 2 * WORKERS * MAX_POLL_RECORDS);
                assertThat(markedDuplicates)
                        .as("every mail caught twice has an email.sent marked possibleDuplicate")
                        .containsAll(caughtTwice);
                assertThat(markedDuplicates.size())
                        .as("possible duplicates within the in-flight window of two kills")
                        .isBetween(caughtTwice.size(), 2 * WORKERS * MAX_POLL_RECORDS);
            }
        }
    }

    private static void readEvents(
            String bootstrap,
            String advisoryId,
            Map<UUID, Integer> sent,
            Set<UUID> notifications,
            Set<String> markedDuplicates) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "crash-check-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topic.NOTIFICATIONS.topicName(), Topic.DELIVERIES.topicName()));
            Awaitility.await("an email.sent event for every notification")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(300)).forEach(record -> {
                            EventPayload payload =
                                    EventCodec.decode(record.value()).payload();
                            if (payload instanceof NotificationRequested n
                                    && n.advisoryId().equals(advisoryId)) {
                                notifications.add(n.notificationId());
                            } else if (payload instanceof EmailSent s
                                    && s.advisoryId().equals(advisoryId)) {
                                sent.merge(s.notificationId(), 1, Integer::sum);
                                if (s.possibleDuplicate()) {
                                    markedDuplicates.add(s.messageId());
                                }
                            }
                        });
                        return notifications.size() == PRACTICES
                                && sent.keySet().containsAll(notifications);
                    });
        }
    }
}
