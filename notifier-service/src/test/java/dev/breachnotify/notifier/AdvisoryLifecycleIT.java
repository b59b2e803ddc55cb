package dev.breachnotify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.AdvisoryPublished.Audience;
import dev.breachnotify.events.AdvisoryRetracted;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.EmailFailed;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EscalationPaused;
import dev.breachnotify.events.EscalationResumed;
import dev.breachnotify.events.EscalationStepFired;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.LetterHandedToPrinter;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Partner;
import dev.breachnotify.events.PartnerAssignment;
import dev.breachnotify.events.PartnerContact;
import dev.breachnotify.events.PartnerNotificationRequested;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.Topic;
import dev.breachnotify.notifier.advisory.AdvisoryDraft;
import dev.breachnotify.notifier.advisory.AdvisoryRetractions;
import dev.breachnotify.notifier.advisory.AdvisoryService;
import dev.breachnotify.notifier.advisory.EscalationSchedule;
import dev.breachnotify.notifier.directory.DirectoryImporter;
import dev.breachnotify.notifier.directory.PartnerStore;
import dev.breachnotify.notifier.directory.PracticeStore;
import dev.breachnotify.notifier.email.Mailer;
import dev.breachnotify.notifier.escalation.Escalations;
import dev.breachnotify.notifier.lifecycle.LifecycleException;
import dev.breachnotify.notifier.print.DispatchReport;
import dev.breachnotify.notifier.print.DispatchReportImporter;
import dev.breachnotify.testsupport.TestInfrastructure;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.transaction.TransactionOperations;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle under load, in one notifier process against Kafka, PostgreSQL, a relay that defers one mail in
 * seven, and a print folder flushed every few hundred milliseconds. Each round publishes an advisory to
 * {@value #DEFAULT_PRACTICES} practices (email, letter, both), fires its reminder at a random moment, and withdraws
 * (or pauses and resumes) it at another random moment. Whatever the moments, after the withdrawal's (the pause's)
 * position in the event log there is no {@code email.sent}, {@code letter.handed.to.printer}, reminder or
 * escalation event of the advisory, and the relay and the print folder received nothing more than those events
 * say; the withdrawal names the batches at the printer, and a later dispatch report of their letters is still
 * recorded. The seed is logged; {@code -Dlifecycle-it.seed=...} repeats a run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdvisoryLifecycleIT {

    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLifecycleIT.class);
    private static final int DEFAULT_PRACTICES = 1200;
    private static final int PRACTICES = Integer.getInteger("lifecycle-it.practices", DEFAULT_PRACTICES);
    private static final long SEED = Long.getLong("lifecycle-it.seed", System.nanoTime());
    private static final String DATABASE = "notifier_lifecycle_it";
    private static final Path ROOT =
            Path.of("target", "lifecycle-it-" + UUID.randomUUID()).toAbsolutePath();

    private final Random random = new Random(SEED);
    private ScriptedRelay relay;
    private ApplicationContext context;

    @BeforeAll
    void start() {
        LOG.info("AdvisoryLifecycleIT: seed {}, {} practices per advisory", SEED, PRACTICES);
        relay = new ScriptedRelay();
        relay.deferOneIn(7);
        Map<String, Object> properties = new HashMap<>(NotifierTestProperties.of(DATABASE));
        properties.put("micronaut.server.port", -1);
        properties.put("breachnotify.notifier.smtp.port", String.valueOf(relay.port()));
        properties.put("breachnotify.notifier.smtp.timeout", "5s");
        properties.put("breachnotify.notifier.email.max-attempts", "1");
        properties.put("breachnotify.notifier.email.retry-deadline", "5m");
        properties.put("breachnotify.notifier.email.retry-backoff", "200ms");
        properties.put("breachnotify.notifier.email.retry-max-backoff", "400ms");
        properties.put("breachnotify.notifier.email.retry-poll-interval", "100ms");
        properties.put(
                "breachnotify.notifier.print.folder", ROOT.resolve("print").toString());
        properties.put(
                "breachnotify.notifier.print.work-dir", ROOT.resolve("work").toString());
        properties.put("breachnotify.notifier.print.batch-size", "100");
        properties.put("breachnotify.notifier.print.flush-after", "300ms");
        properties.put("breachnotify.notifier.print.poll-interval", "200ms");
        context = ApplicationContext.run(properties);
    }

    @AfterAll
    void stop() {
        if (context != null) {
            context.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    @ParameterizedTest(name = "round {0}")
    @ValueSource(ints = {1, 2, 3})
    void nothingOfAnAdvisoryGoesOutAfterItsWithdrawal(int round) {
        // Given an advisory being sent to practices by email and letter, its reminder fired at a random moment
        Advisory advisory = publish("w" + round);
        long withdrawAfter = 300 + random.nextInt(3_500);
        CompletableFuture<Void> reminder = fireReminderAfter(advisory, random.nextInt(3_000));

        // When it is withdrawn at a random moment
        pause(withdrawAfter);
        AdvisoryRetracted answer = context.getBean(AdvisoryRetractions.class)
                .retract(
                        advisory.id(),
                        new AdvisoryRetractions.Retraction("Sent by mistake (round " + round + ")", null),
                        "comms");
        reminder.join();

        // Then, once every notification has its outcome, nothing went out after the withdrawal
        List<EventEnvelope<EventPayload>> events = settled(advisory);
        Instant withdrawnAt = occurredAt(events, AdvisoryRetracted.class);
        List<EventEnvelope<EventPayload>> sent = outbound(events);
        LOG.info(
                "round {}: withdrawn after {} ms; {} mails sent, {} letters handed over before; {} batches named",
                round,
                withdrawAfter,
                count(sent, EmailSent.class),
                count(sent, LetterHandedToPrinter.class),
                answer.handedToPrinter().size());
        assertThat(sent)
                .as("outbound events after the withdrawal at %s", withdrawnAt)
                .allSatisfy(event -> assertThat(event.occurredAt()).isBeforeOrEqualTo(withdrawnAt));
        assertRelayAndPrintFolderAgree(advisory, events);
        assertThat(payloads(events, PartnerNotificationRequested.class))
                .as("the IT service partners' mails are among what the withdrawal stops")
                .isNotEmpty();
        // the withdrawal's answer names exactly the batches that carried its letters
        Map<String, Long> handed = payloads(events, LetterHandedToPrinter.class).stream()
                .collect(Collectors.groupingBy(LetterHandedToPrinter::batchId, Collectors.counting()));
        assertThat(answer.handedToPrinter())
                .allSatisfy(batch -> assertThat((long) batch.letters()).isEqualTo(handed.get(batch.batchId())));
        assertThat(answer.handedToPrinter())
                .extracting(AdvisoryRetracted.PrintBatch::batchId)
                .containsExactlyInAnyOrderElementsOf(handed.keySet());
        // and the mails still waiting were dropped, not lost
        assertThat(payloads(events, EmailFailed.class))
                .allSatisfy(failed -> assertThat(failed.reason()).contains("withdrawn"));
        // the print service's later dispatch report of a letter it already had is still recorded
        payloads(events, LetterHandedToPrinter.class).stream().findFirst().ifPresent(letter -> {
            String report = "batch_id;practice_id;posted_date\n" + letter.batchId() + ";" + letter.practiceId() + ";"
                    + LocalDate.now() + "\n";
            try {
                DispatchReport imported = context.getBean(DispatchReportImporter.class)
                        .importReport(
                                new ByteArrayInputStream(report.getBytes(StandardCharsets.UTF_8)), "dispatch.csv");
                assertThat(imported.posted())
                        .as("posted after the withdrawal: %s", imported)
                        .isEqualTo(1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void aPausedAdvisorySendsNothingUntilItIsResumed() {
        // Given an advisory being sent, its reminder fired at a random moment
        Advisory advisory = publish("p");
        CompletableFuture<Void> reminder = fireReminderAfter(advisory, random.nextInt(3_000));

        // When it is paused at a random moment, stays paused a while, and is resumed
        pause(300 + random.nextInt(2_500));
        Escalations escalations = context.getBean(Escalations.class);
        escalations.pause(advisory.id(), true, "comms", "checking the text");
        int acceptedWhenPaused = relay.acceptedMessageIds().size();
        pause(1_500);
        int acceptedBeforeResume = relay.acceptedMessageIds().size();
        escalations.pause(advisory.id(), false, "comms", null);
        reminder.join();

        // Then nothing went out while it was paused, and everything went out after the resume
        List<EventEnvelope<EventPayload>> events = delivered(advisory);
        Instant pausedAt = occurredAt(events, EscalationPaused.class);
        Instant resumedAt = occurredAt(events, EscalationResumed.class);
        assertThat(outbound(events))
                .as("outbound events between the pause and the resume")
                .noneSatisfy(event ->
                        assertThat(event.occurredAt()).isAfter(pausedAt).isBefore(resumedAt));
        assertThat(acceptedBeforeResume)
                .as("mails the relay accepted while paused")
                .isEqualTo(acceptedWhenPaused);
        assertThat(payloads(events, EmailFailed.class)).isEmpty();
        assertRelayAndPrintFolderAgree(advisory, events);
    }

    /** An advisory and the notifications its publication requested. */
    private record Advisory(String id, int emails, int letters) {}

    private Advisory publish(String name) {
        String run = name + "-" + UUID.randomUUID().toString().substring(0, 6);
        StringBuilder csv = new StringBuilder("practice_id;name;contact_person;emails;street;postcode;city;country;"
                + "language;segment;preferred_channel\n");
        int emails = 0;
        int letters = 0;
        for (int i = 0; i < PRACTICES; i++) {
            String channel = switch (i % 4) {
                case 0 -> "letter";
                case 1 -> "both";
                default -> "email";
            };
            emails += channel.equals("letter") ? 0 : 1;
            letters += channel.equals("email") ? 0 : 1;
            csv.append("LC-")
                    .append(run)
                    .append('-')
                    .append(i)
                    .append(";Praxis ")
                    .append(i)
                    .append(";;p")
                    .append(i)
                    .append('-')
                    .append(run)
                    .append("@lifecycle.example;Weg ")
                    .append(i % 90 + 1)
                    .append(";10115;Berlin;DE;")
                    .append(i % 3 == 0 ? "en" : "de")
                    .append(";seg-")
                    .append(run)
                    .append(';')
                    .append(channel)
                    .append('\n');
        }
        context.getBean(DirectoryImporter.class)
                .importFile(
                        new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
                        DirectoryImporter.Format.CSV,
                        true,
                        run + ".csv");
        assignPartners(run);
        AdvisoryService advisories = context.getBean(AdvisoryService.class);
        String id = advisories
                .create(
                        new AdvisoryDraft(
                                "Lifecycle " + run,
                                Map.of(
                                        "de",
                                        new LocalizedText("Betreff", "Text"),
                                        "en",
                                        new LocalizedText("Subject", "Text")),
                                null,
                                LocalDate.now().plusDays(20),
                                new Audience(Audience.Kind.SEGMENTS, List.of("seg-" + run)),
                                List.of(Channel.EMAIL, Channel.LETTER),
                                null,
                                new EscalationSchedule(1, 2)),
                        "comms")
                .advisoryId();
        advisories.publish(id, "comms");
        return new Advisory(id, emails, letters);
    }

    /**
     * Every tenth practice of the run is looked after by one of three IT service partners, so the advisory (which
     * tells partners, the default) sends partner mails at publication and partner digests with the reminder.
     */
    private void assignPartners(String run) {
        TransactionOperations<Connection> transactions =
                context.getBean(Argument.of(TransactionOperations.class, Connection.class));
        PracticeStore practices = context.getBean(PracticeStore.class);
        PartnerStore partners = context.getBean(PartnerStore.class);
        List<Partner> firms = IntStream.range(0, 3)
                .mapToObj(k -> new Partner(
                        "itp-" + run + "-" + k,
                        "IT " + k,
                        "de",
                        List.of(new PartnerContact("IT", "itp" + k + "-" + run + "@lifecycle.example"))))
                .toList();
        transactions.executeWrite(status -> {
            partners.upsert(status.getConnection(), firms, Instant.now());
            List<String> looked = IntStream.range(0, PRACTICES)
                    .filter(i -> i % 10 == 0)
                    .mapToObj(i -> "LC-" + run + "-" + i)
                    .toList();
            List<Practice> assigned = new ArrayList<>();
            int k = 0;
            for (Practice practice :
                    practices.findByIds(status.getConnection(), looked).values()) {
                assigned.add(practice.withContactsAndPartners(
                        List.of(),
                        List.of(new PartnerAssignment(
                                PartnerAssignment.ALL_CREDENTIALS,
                                firms.get(k++ % firms.size()).partnerId()))));
            }
            practices.upsert(status.getConnection(), assigned, Instant.now());
            return null;
        });
    }

    /** Fires the reminder by hand after a while; refused once the advisory is withdrawn or paused. */
    private CompletableFuture<Void> fireReminderAfter(Advisory advisory, long millis) {
        return CompletableFuture.runAsync(() -> {
            pause(millis);
            try {
                Escalations.Fired fired =
                        context.getBean(Escalations.class).fire(advisory.id(), Escalations.REMINDER, "comms");
                LOG.info("reminder of {} fired after {} ms: {} practices", advisory.id(), millis, fired.practices());
            } catch (LifecycleException refused) {
                LOG.info("reminder of {} refused after {} ms: {}", advisory.id(), millis, refused.getMessage());
            }
        });
    }

    /** The random moment of a transition: waiting here is the test's input, not a wait for an outcome. */
    private static void pause(long millis) {
        java.util.concurrent.locks.LockSupport.parkNanos(
                Duration.ofMillis(millis).toNanos());
    }

    /** The advisory's events once every notification has its outcome and no letter or retry is left waiting. */
    private List<EventEnvelope<EventPayload>> settled(Advisory advisory) {
        return readUntil(advisory, "every notification of " + advisory.id() + " settled", events -> {
            Set<UUID> emails = notifications(events, Channel.EMAIL);
            Set<UUID> outcomes = new HashSet<>();
            events.forEach(event -> {
                if (event.payload() instanceof EmailSent sent) {
                    outcomes.add(sent.notificationId());
                } else if (event.payload() instanceof EmailFailed failed) {
                    outcomes.add(failed.notificationId());
                }
            });
            return emails.size() >= advisory.emails()
                    && outcomes.containsAll(emails)
                    && notifications(events, Channel.LETTER).size() >= advisory.letters()
                    && waiting(advisory.id()) == 0
                    && letters(advisory.id())
                            == notifications(events, Channel.LETTER).size();
        });
    }

    /** The advisory's events once every mail was sent and every letter handed over. */
    private List<EventEnvelope<EventPayload>> delivered(Advisory advisory) {
        return readUntil(advisory, "everything of " + advisory.id() + " delivered", events -> {
            Set<UUID> emails = notifications(events, Channel.EMAIL);
            Set<UUID> letters = notifications(events, Channel.LETTER);
            Set<UUID> sent = payloads(events, EmailSent.class).stream()
                    .map(EmailSent::notificationId)
                    .collect(Collectors.toSet());
            Set<UUID> handed = payloads(events, LetterHandedToPrinter.class).stream()
                    .map(LetterHandedToPrinter::notificationId)
                    .collect(Collectors.toSet());
            return emails.size() >= advisory.emails()
                    && letters.size() >= advisory.letters()
                    && sent.containsAll(emails)
                    && handed.containsAll(letters)
                    && events.stream().anyMatch(event -> event.payload() instanceof EscalationResumed);
        });
    }

    private List<EventEnvelope<EventPayload>> readUntil(
            Advisory advisory, String what, Predicate<List<EventEnvelope<EventPayload>>> done) {
        try (KafkaTopicReader reader = new KafkaTopicReader(
                TestInfrastructure.get().kafkaBootstrapServers(),
                Topic.ADVISORIES,
                Topic.NOTIFICATIONS,
                Topic.DELIVERIES,
                Topic.ESCALATIONS)) {
            return of(
                    advisory,
                    reader.readUntil(Duration.ofSeconds(120), what, records -> done.test(of(advisory, records))));
        }
    }

    private static List<EventEnvelope<EventPayload>> of(
            Advisory advisory, List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records) {
        return KafkaTopicReader.events(records).stream()
                .filter(event -> advisory.id().equals(event.payload().advisoryId()))
                .toList();
    }

    /** The events that mean something went out (or was set to go out) to a practice. */
    private static List<EventEnvelope<EventPayload>> outbound(List<EventEnvelope<EventPayload>> events) {
        return events.stream()
                .filter(event -> event.payload() instanceof EmailSent
                        || event.payload() instanceof LetterHandedToPrinter
                        || event.payload() instanceof EscalationStepFired
                        || event.payload() instanceof NotificationRequested n && !"initial".equals(n.step()))
                .toList();
    }

    /** What the relay accepted and what the print folder holds of this advisory is what the events say. */
    private void assertRelayAndPrintFolderAgree(Advisory advisory, List<EventEnvelope<EventPayload>> events) {
        Mailer mailer = context.getBean(Mailer.class);
        Set<String> ours = notifications(events, Channel.EMAIL).stream()
                .map(mailer::messageId)
                .collect(Collectors.toSet());
        List<String> accepted =
                relay.acceptedMessageIds().stream().filter(ours::contains).toList();
        List<String> sent = payloads(events, EmailSent.class).stream()
                .map(EmailSent::messageId)
                .toList();
        assertThat(accepted)
                .as("mails of %s the relay accepted", advisory.id())
                .containsExactlyInAnyOrderElementsOf(sent);
        Set<String> letters = notifications(events, Channel.LETTER).stream()
                .map(UUID::toString)
                .collect(Collectors.toSet());
        List<String> printed =
                manifestLines().stream().filter(letters::contains).toList();
        assertThat(printed)
                .as("letters of %s in the print folder", advisory.id())
                .containsExactlyInAnyOrderElementsOf(payloads(events, LetterHandedToPrinter.class).stream()
                        .map(handed -> handed.notificationId().toString())
                        .toList());
    }

    /** The notification ids in every manifest of the print folder. */
    private static List<String> manifestLines() {
        Path folder = ROOT.resolve("print");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path manifest : files.filter(file -> file.toString().endsWith("-manifest.csv"))
                    .toList()) {
                Files.readAllLines(manifest).stream().skip(1).forEach(line -> ids.add(line.split(",")[3]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    /** The notifications of a channel; the email channel's include the IT service partners' mails. */
    private static Set<UUID> notifications(List<EventEnvelope<EventPayload>> events, Channel channel) {
        Set<UUID> ids = new HashSet<>();
        for (EventEnvelope<EventPayload> event : events) {
            if (event.payload() instanceof NotificationRequested n && n.channel() == channel) {
                ids.add(n.notificationId());
            } else if (event.payload() instanceof PartnerNotificationRequested partner && channel == Channel.EMAIL) {
                ids.add(partner.notificationId());
            }
        }
        return ids;
    }

    private static <T extends EventPayload> List<T> payloads(List<EventEnvelope<EventPayload>> events, Class<T> type) {
        return events.stream()
                .map(EventEnvelope::payload)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private static long count(List<EventEnvelope<EventPayload>> events, Class<? extends EventPayload> type) {
        return events.stream().filter(event -> type.isInstance(event.payload())).count();
    }

    private static Instant occurredAt(List<EventEnvelope<EventPayload>> events, Class<? extends EventPayload> type) {
        List<Instant> at = events.stream()
                .filter(event -> type.isInstance(event.payload()))
                .map(EventEnvelope::occurredAt)
                .toList();
        assertThat(at).as(type.getSimpleName()).hasSize(1);
        return at.get(0);
    }

    /** Letters queued or in a batch not yet handed over, and mails waiting for a retry. */
    private static long waiting(String advisoryId) {
        return query(
                "SELECT (SELECT count(*) FROM letter WHERE advisory_id = ? AND status IN ('QUEUED', 'BATCHED'))"
                        + " + (SELECT count(*) FROM email_retry WHERE advisory_id = ?)",
                advisoryId);
    }

    private static long letters(String advisoryId) {
        return query("SELECT count(*) FROM letter WHERE advisory_id = ? AND ? IS NOT NULL", advisoryId);
    }

    private static long query(String sql, String advisoryId) {
        Map<String, String> properties = NotifierTestProperties.of(DATABASE);
        try (Connection connection = DriverManager.getConnection(
                        properties.get("datasources.default.url"),
                        properties.get("datasources.default.username"),
                        properties.get("datasources.default.password"));
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, advisoryId);
            statement.setString(2, advisoryId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
