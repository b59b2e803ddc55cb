package dev.breachnotify.notifier;

import dev.breachnotify.embedded.TestInfrastructure;
import dev.breachnotify.events.AdvisoryPublished.Audience;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.EmailDeferred;
import dev.breachnotify.events.EmailFailed;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Topic;
import dev.breachnotify.notifier.advisory.AdvisoryDraft;
import dev.breachnotify.notifier.advisory.AdvisoryRetractions;
import dev.breachnotify.notifier.advisory.AdvisoryService;
import dev.breachnotify.notifier.advisory.EscalationSchedule;
import dev.breachnotify.notifier.directory.DirectoryImporter;
import dev.breachnotify.notifier.fanout.NotificationPlanner;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durable retries against a real relay conversation ({@link ScriptedRelay}), Kafka and PostgreSQL: a mail the
 * relay defers is retried with backoff until it is accepted, or fails when its deadline passes and becomes a
 * letter; a retry outlives a restart of the service.
 */
class EmailRetryIT {

    private static final TestInfrastructure INFRA = TestInfrastructure.get();
    private static final String DEFER = "421 4.7.0 Try again later, closing connection";

    @Test
    void aMailTheRelayDefersForAWhileIsDeliveredAfterRetries() {
        try (ScriptedRelay relay = new ScriptedRelay();
             ApplicationContext context = start("notifier_retry_it_a", relay, Duration.ofMinutes(5))) {
            // Given a relay that defers every mail
            relay.refuseWith(DEFER);
            Published published = publish(context, "a");

            // When it has deferred the mail three times and then accepts mail again
            readUntil("three email.deferred", events -> count(events, EmailDeferred.class, published) >= 3);
            relay.refuseWith(null);

            // Then the mail is sent once, on a later attempt, and each failed attempt is an email.deferred event
            List<EventPayload> events = readUntil("email.sent",
                    read -> count(read, EmailSent.class, published) == 1);
            EmailSent sent = only(events, EmailSent.class, published);
            List<EmailDeferred> deferred = all(events, EmailDeferred.class, published);
            assertThat(sent.attempt()).isEqualTo(deferred.size() + 1).isGreaterThanOrEqualTo(4);
            assertThat(deferred).extracting(EmailDeferred::attempt)
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, deferred.size()).boxed()
                            .toList());
            assertThat(deferred).allSatisfy(d -> assertThat(d.smtpCode()).isIn(421, null));
            assertThat(relay.acceptedMessageIds()).containsExactly(sent.messageId());
            assertThat(all(events, EmailFailed.class, published)).isEmpty();
        }
    }

    @Test
    void aMailTheRelayAlwaysDefersFailsAtItsDeadlineAndThePracticeGetsALetter() {
        try (ScriptedRelay relay = new ScriptedRelay();
             ApplicationContext context = start("notifier_retry_it_b", relay, Duration.ofSeconds(3))) {
            // Given a relay that always defers, and a retry deadline of 3 s
            relay.refuseWith("451 4.7.1 Greylisted, please try again");
            Published published = publish(context, "b");

            // When the deadline passes
            List<EventPayload> events = readUntil("email.failed and the bounce letter", read ->
                    count(read, EmailFailed.class, published) == 1 && read.stream().anyMatch(e ->
                            e instanceof NotificationRequested n && n.practiceId().equals(published.practiceId())
                                    && n.channel() == Channel.LETTER));

            // Then the mail failed, not permanently but because its retries expired, and a letter is planned
            EmailFailed failed = only(events, EmailFailed.class, published);
            assertThat(failed.permanent()).isFalse();
            assertThat(failed.retriesExpired()).isTrue();
            assertThat(failed.smtpCode()).isEqualTo(451);
            assertThat(failed.reason()).startsWith("retries expired after " + failed.attempt() + " attempt(s)");
            assertThat(failed.attempt()).isEqualTo(all(events, EmailDeferred.class, published).size() + 1);
            NotificationRequested letter = events.stream()
                    .filter(e -> e instanceof NotificationRequested n && n.channel() == Channel.LETTER
                            && n.practiceId().equals(published.practiceId()))
                    .map(NotificationRequested.class::cast).findFirst().orElseThrow();
            assertThat(letter.step()).isEqualTo(NotificationPlanner.BOUNCE);
            assertThat(relay.acceptedMessageIds()).isEmpty();
        }
    }

    @Test
    void aRetryOutlivesARestartOfTheService() {
        Published published;
        try (ScriptedRelay relay = new ScriptedRelay()) {
            relay.refuseWith(DEFER);
            // Given a mail deferred and waiting for its retry when the service stops
            try (ApplicationContext first = start("notifier_retry_it_c", relay, Duration.ofMinutes(5))) {
                published = publish(first, "c");
                readUntil("an email.deferred", events -> count(events, EmailDeferred.class, published) >= 1);
            }

            // When the relay accepts again and the service starts again
            relay.refuseWith(null);
            try (ApplicationContext second = start("notifier_retry_it_c", relay, Duration.ofMinutes(5))) {
                // Then the retry is sent after the restart, once
                List<EventPayload> events = readUntil("email.sent after the restart",
                        read -> count(read, EmailSent.class, published) == 1);
                EmailSent sent = only(events, EmailSent.class, published);
                assertThat(sent.attempt()).isGreaterThanOrEqualTo(2);
                assertThat(relay.acceptedMessageIds()).containsExactly(sent.messageId());
            }
        }
    }

    @Test
    void theRetriesOfAWithdrawnAdvisoryAreDroppedWithoutALetter() {
        try (ScriptedRelay relay = new ScriptedRelay();
             ApplicationContext context = start("notifier_retry_it_d", relay, Duration.ofMinutes(5))) {
            // Given a mail the relay defers
            relay.refuseWith(DEFER);
            Published published = publish(context, "d");
            readUntil("an email.deferred", events -> count(events, EmailDeferred.class, published) >= 1);

            // When the advisory is withdrawn
            context.getBean(AdvisoryRetractions.class).retract(published.advisoryId(),
                    new AdvisoryRetractions.Retraction("sent by mistake", null), "comms");

            // Then its pending retry is dropped: email.failed, neither permanent nor expired, and no letter
            List<EventPayload> events = readUntil("email.failed of the dropped retry",
                    read -> count(read, EmailFailed.class, published) == 1);
            EmailFailed dropped = only(events, EmailFailed.class, published);
            assertThat(dropped.permanent()).isFalse();
            assertThat(dropped.retriesExpired()).isFalse();
            assertThat(dropped.needsLetter()).isFalse();
            assertThat(dropped.reason()).contains("advisory withdrawn");
            assertThat(relay.acceptedMessageIds()).isEmpty();
        }
    }

    record Published(String advisoryId, String practiceId, UUID notificationId) {
    }

    private static Published publish(ApplicationContext context, String test) {
        String run = test + "-" + UUID.randomUUID().toString().substring(0, 8);
        String practiceId = "RT-" + run;
        String csv = "practice_id;name;contact_person;emails;street;postcode;city;country;language;segment;"
                + "preferred_channel\n" + practiceId + ";Praxis Retry;;praxis-" + run
                + "@retry.example;Weg 1;10115;Berlin;DE;de;seg-" + run + ";email\n";
        context.getBean(DirectoryImporter.class).importFile(new ByteArrayInputStream(
                csv.getBytes(StandardCharsets.UTF_8)), DirectoryImporter.Format.CSV, false, "retry.csv");
        AdvisoryService advisories = context.getBean(AdvisoryService.class);
        String advisoryId = advisories.create(new AdvisoryDraft("Retry " + run, Map.of(
                "de", new LocalizedText("Betreff", "Text"), "en", new LocalizedText("Subject", "Text")), null,
                LocalDate.now().plusDays(20), new Audience(Audience.Kind.SEGMENTS, List.of("seg-" + run)),
                List.of(Channel.EMAIL, Channel.LETTER), null, new EscalationSchedule(0, 0)), "comms").advisoryId();
        advisories.publish(advisoryId, "comms");
        return new Published(advisoryId, practiceId,
                NotificationPlanner.notificationId(advisoryId, practiceId, Channel.EMAIL, NotificationPlanner.INITIAL));
    }

    private static ApplicationContext start(String database, ScriptedRelay relay, Duration deadline) {
        Map<String, Object> properties = new HashMap<>(NotifierTestProperties.of(database));
        properties.put("micronaut.server.port", -1);
        properties.put("breachnotify.notifier.smtp.port", String.valueOf(relay.port()));
        properties.put("breachnotify.notifier.smtp.timeout", "5s");
        properties.put("breachnotify.notifier.email.max-attempts", "1");
        properties.put("breachnotify.notifier.email.retry-deadline", deadline.toMillis() + "ms");
        properties.put("breachnotify.notifier.email.retry-backoff", "200ms");
        properties.put("breachnotify.notifier.email.retry-max-backoff", "400ms");
        properties.put("breachnotify.notifier.email.retry-poll-interval", "100ms");
        return ApplicationContext.run(properties);
    }

    private static List<EventPayload> readUntil(String what, Predicate<List<EventPayload>> done) {
        try (KafkaTopicReader reader = new KafkaTopicReader(INFRA.kafkaBootstrapServers(),
                Topic.NOTIFICATIONS, Topic.DELIVERIES)) {
            return payloads(reader.readUntil(Duration.ofSeconds(60), what,
                    records -> done.test(payloads(records))));
        }
    }

    private static List<EventPayload> payloads(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>>
                                                       records) {
        return KafkaTopicReader.events(records).stream().map(EventEnvelope::payload).toList();
    }

    private static <T extends EventPayload> List<T> all(List<EventPayload> events, Class<T> type, Published p) {
        return events.stream().filter(type::isInstance).map(type::cast)
                .filter(e -> e.practiceId().equals(p.practiceId()) && e.advisoryId().equals(p.advisoryId()))
                .toList();
    }

    private static long count(List<EventPayload> events, Class<? extends EventPayload> type, Published p) {
        return all(events, type, p).size();
    }

    private static <T extends EventPayload> T only(List<EventPayload> events, Class<T> type, Published p) {
        List<T> found = all(events, type, p);
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
