package dev.breachnotify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.AdvisoryPublished.Audience;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.EscalationStepFired;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Topic;
import dev.breachnotify.notifier.advisory.AdvisoryDraft;
import dev.breachnotify.notifier.advisory.AdvisoryService;
import dev.breachnotify.notifier.advisory.EscalationSchedule;
import dev.breachnotify.notifier.directory.DirectoryImporter;
import dev.breachnotify.notifier.escalation.Escalations;
import dev.breachnotify.platform.kafka.ClockFactory;
import dev.breachnotify.testsupport.TestInfrastructure;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The escalation's state is in PostgreSQL: a step that falls due while the service is down fires after its start,
 * and a step that has fired does not fire again after another restart.
 */
class EscalationRestartIT {

    private static final TestInfrastructure INFRA = TestInfrastructure.get();
    private static final EscalationChainIT.ShiftedClock CLOCK =
            new EscalationChainIT.ShiftedClock(new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
    private static final String CSV = """
            practice_id;name;contact_person;emails;street;postcode;city;country;language;segment;preferred_channel
            S-001;Praxis Eins;;eins@restart.example;Weg 1;10115;Berlin;DE;de;restart;email
            S-002;Praxis Zwei;;zwei@restart.example;Weg 2;10115;Berlin;DE;de;restart;email
            """;

    /** The test's clock instead of the system clock, in the contexts of this test only. */
    @Factory
    @Requires(property = "escalation-restart-it.clock", value = "true")
    static class TestClockFactory {
        @Singleton
        @Replaces(bean = Clock.class, factory = ClockFactory.class)
        Clock clock() {
            return CLOCK;
        }
    }

    @Test
    void aStepDueWhileTheServiceWasDownFiresAfterTheRestartAndOnlyOnce() {
        String advisoryId;
        // Given an advisory published with a reminder after one day, and the service stopped
        try (ApplicationContext first = start()) {
            first.getBean(DirectoryImporter.class)
                    .importFile(
                            new ByteArrayInputStream(CSV.getBytes(StandardCharsets.UTF_8)),
                            DirectoryImporter.Format.CSV,
                            false,
                            "restart.csv");
            AdvisoryService advisories = first.getBean(AdvisoryService.class);
            advisoryId = advisories
                    .create(
                            new AdvisoryDraft(
                                    "Restart",
                                    Map.of(
                                            "de",
                                            new LocalizedText("Betreff", "Text"),
                                            "en",
                                            new LocalizedText("Subject", "Text")),
                                    null,
                                    LocalDate.now(CLOCK).plusDays(20),
                                    new Audience(Audience.Kind.SEGMENTS, List.of("restart")),
                                    List.of(Channel.EMAIL),
                                    null,
                                    new EscalationSchedule(1, 0)),
                            "comms")
                    .advisoryId();
            advisories.publish(advisoryId, "comms");
            assertThat(first.getBean(Escalations.class).status(advisoryId).steps())
                    .extracting(Escalations.StepStatus::step)
                    .containsExactly("reminder", "final-list");
        }

        // When the reminder falls due while it is down, and it starts again
        CLOCK.advance(Duration.ofDays(1).plusMinutes(1));
        try (ApplicationContext second = start()) {
            Escalations escalations = second.getBean(Escalations.class);
            awaitUntil(
                    "the reminder fired after the restart",
                    () -> escalations.status(advisoryId).steps().stream()
                            .anyMatch(step -> step.step().equals("reminder") && step.firedAt() != null));
            assertThat(escalations.status(advisoryId).steps().get(0).sent()).isEqualTo(2);
        }

        // Then another restart does not fire it again: the final list, fired after it, is the marker
        try (ApplicationContext third = start()) {
            Escalations.Fired finalList = third.getBean(Escalations.class).fire(advisoryId, "final-list", "comms");
            assertThat(finalList.practices()).isEqualTo(2);
        }
        try (KafkaTopicReader reader = new KafkaTopicReader(INFRA.kafkaBootstrapServers(), Topic.values())) {
            List<EventPayload> events = KafkaTopicReader.events(reader.readUntil(
                            Duration.ofSeconds(30),
                            "the final list's step event and the reminders",
                            read -> KafkaTopicReader.events(read).stream()
                                            .anyMatch(e -> e.payload() instanceof EscalationStepFired fired
                                                    && fired.advisoryId().equals(advisoryId)
                                                    && fired.step().equals("final-list"))
                                    // the topics are read side by side: the escalation's may come before the
                                    // notifications'
                                    && KafkaTopicReader.events(read).stream()
                                                    .filter(e -> e.payload() instanceof NotificationRequested n
                                                            && n.advisoryId().equals(advisoryId)
                                                            && n.step().equals("reminder"))
                                                    .count()
                                            >= 2))
                    .stream()
                    .map(EventEnvelope::payload)
                    .filter(p -> advisoryId.equals(p.advisoryId()))
                    .toList();
            assertThat(events.stream()
                            .filter(e -> e instanceof EscalationStepFired fired
                                    && fired.step().equals("reminder")))
                    .hasSize(1);
            assertThat(events.stream()
                            .filter(e -> e instanceof NotificationRequested n
                                    && n.step().equals("reminder"))
                            .map(e -> ((NotificationRequested) e).practiceId()))
                    .containsExactlyInAnyOrder("S-001", "S-002");
        }
    }

    @Test
    void aPausedAdvisoryFiresNothingUntilItIsResumed() {
        try (ApplicationContext context = start()) {
            // Given a published advisory whose reminder is due, paused by the communications team
            context.getBean(DirectoryImporter.class)
                    .importFile(
                            new ByteArrayInputStream(CSV.getBytes(StandardCharsets.UTF_8)),
                            DirectoryImporter.Format.CSV,
                            false,
                            "restart.csv");
            AdvisoryService advisories = context.getBean(AdvisoryService.class);
            String advisoryId = advisories
                    .create(
                            new AdvisoryDraft(
                                    "Pause",
                                    Map.of(
                                            "de",
                                            new LocalizedText("Betreff", "Text"),
                                            "en",
                                            new LocalizedText("Subject", "Text")),
                                    null,
                                    LocalDate.now(CLOCK).plusDays(20),
                                    new Audience(Audience.Kind.SEGMENTS, List.of("restart")),
                                    List.of(Channel.EMAIL),
                                    null,
                                    new EscalationSchedule(1, 0)),
                            "comms")
                    .advisoryId();
            advisories.publish(advisoryId, "comms");
            Escalations escalations = context.getBean(Escalations.class);
            assertThat(escalations
                            .pause(advisoryId, true, "comms", "hotline overloaded")
                            .paused())
                    .isTrue();
            CLOCK.advance(Duration.ofDays(1).plusMinutes(1));

            // When the scheduler looks for due steps, nothing of the paused advisory fires
            assertThat(escalations.fireDue())
                    .noneMatch(fired -> fired.advisoryId().equals(advisoryId));
            assertThat(escalations.status(advisoryId).steps().get(0).firedAt()).isNull();

            // Then after the resume the reminder fires, once
            escalations.pause(advisoryId, false, "comms", null);
            awaitUntil(
                    "the reminder fired after the resume",
                    () -> escalations.status(advisoryId).steps().stream()
                            .anyMatch(step -> step.step().equals("reminder") && step.firedAt() != null));
            assertThat(escalations.fireDue())
                    .noneMatch(fired -> fired.advisoryId().equals(advisoryId));
            assertThat(escalations.status(advisoryId).steps().get(0).sent()).isEqualTo(2);
        }
    }

    private static ApplicationContext start() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("kafka.bootstrap.servers", INFRA.kafkaBootstrapServers());
        properties.put("datasources.default.url", INFRA.jdbcUrl("notifier_restart_it"));
        properties.put("datasources.default.username", INFRA.dbUser());
        properties.put("datasources.default.password", INFRA.dbPassword());
        properties.put("breachnotify.notifier.smtp.port", INFRA.smtpPort());
        properties.put("breachnotify.notifier.smtp.host", "127.0.0.1");
        properties.put(
                "breachnotify.notifier.code-key",
                Base64.getEncoder()
                        .encodeToString(
                                "restart-it-code-key-0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII)));
        properties.put("breachnotify.notifier.escalation.tick", "300ms");
        properties.put("escalation-restart-it.clock", "true");
        return ApplicationContext.run(properties);
    }

    private static void awaitUntil(String what, Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
        }
    }
}
