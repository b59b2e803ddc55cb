package dev.breachnotify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.AdvisoryPublished.Audience;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.Topic;
import dev.breachnotify.notifier.advisory.AdvisoryDraft;
import dev.breachnotify.notifier.advisory.AdvisoryService;
import dev.breachnotify.notifier.advisory.EscalationSchedule;
import dev.breachnotify.notifier.directory.DirectoryImporter;
import dev.breachnotify.notifier.fanout.NotificationPlanner;
import dev.breachnotify.testsupport.TestInfrastructure;
import io.micronaut.context.BeanContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A published advisory (email and letters allowed) that reaches one new practice of its own, with one email
 * address at {@code @retry.example} and a postal address: the email notification it gets is {@code notificationId}.
 */
record OneMailAdvisory(String advisoryId, String practiceId, UUID notificationId) {

    static OneMailAdvisory publish(BeanContext context, String test) {
        return publish(context, test, null);
    }

    /** With this email address ({@code null}: {@code praxis-<run>@retry.example}). */
    static OneMailAdvisory publish(BeanContext context, String test, String email) {
        OneMailAdvisory advisory = create(context, test, email);
        context.getBean(AdvisoryService.class).publish(advisory.advisoryId(), "comms");
        return advisory;
    }

    /** The practice and the advisory, not yet published. */
    static OneMailAdvisory create(BeanContext context, String test) {
        return create(context, test, null);
    }

    /** With this email address ({@code null}: {@code praxis-<run>@retry.example}). */
    static OneMailAdvisory create(BeanContext context, String test, String email) {
        String run = test + "-" + UUID.randomUUID().toString().substring(0, 8);
        String practiceId = "RT-" + run;
        String csv = "practice_id;name;contact_person;emails;street;postcode;city;country;language;segment;"
                + "preferred_channel\n" + practiceId + ";Praxis Retry;;"
                + (email == null ? "praxis-" + run + "@retry.example" : email)
                + ";Weg 1;10115;Berlin;DE;de;seg-" + run + ";email\n";
        context.getBean(DirectoryImporter.class)
                .importFile(
                        new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                        DirectoryImporter.Format.CSV,
                        false,
                        "one-mail.csv");
        String advisoryId = context.getBean(AdvisoryService.class)
                .create(
                        new AdvisoryDraft(
                                "One mail " + run,
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
                                new EscalationSchedule(0, 0)),
                        "comms")
                .advisoryId();
        return new OneMailAdvisory(
                advisoryId,
                practiceId,
                NotificationPlanner.notificationId(advisoryId, practiceId, Channel.EMAIL, NotificationPlanner.INITIAL));
    }

    /** Reads the notifications and deliveries topics from the beginning until the events satisfy the condition. */
    static List<EventPayload> readUntil(String what, Predicate<List<EventPayload>> done) {
        try (KafkaTopicReader reader = new KafkaTopicReader(
                TestInfrastructure.get().kafkaBootstrapServers(), Topic.NOTIFICATIONS, Topic.DELIVERIES)) {
            return payloads(reader.readUntil(Duration.ofSeconds(60), what, records -> done.test(payloads(records))));
        }
    }

    private static List<EventPayload> payloads(List<ConsumerRecord<String, byte[]>> records) {
        return KafkaTopicReader.events(records).stream()
                .map(EventEnvelope::payload)
                .toList();
    }

    /** The events of this type about this advisory's practice. */
    <T extends EventPayload> List<T> all(List<EventPayload> events, Class<T> type) {
        return events.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(e -> practiceId.equals(e.practiceId()) && advisoryId.equals(e.advisoryId()))
                .toList();
    }

    long count(List<EventPayload> events, Class<? extends EventPayload> type) {
        return all(events, type).size();
    }

    /** The one event of this type about this advisory's practice. */
    <T extends EventPayload> T only(List<EventPayload> events, Class<T> type) {
        List<T> found = all(events, type);
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }
}
