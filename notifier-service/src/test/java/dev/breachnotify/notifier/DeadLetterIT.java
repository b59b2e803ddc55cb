package dev.breachnotify.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breachnotify.events.DeadLetterReplayed;
import dev.breachnotify.events.RecordDeadLettered;
import dev.breachnotify.events.Topic;
import dev.breachnotify.testsupport.TestInfrastructure;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A poison record on the notifications topic is set aside (per consumer group, once, with the reason and without
 * quoting it), announced as an event, listed for the operator, and replayed once on request; the consumers go on.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadLetterIT implements TestPropertyProvider {

    private static final TestInfrastructure INFRA = TestInfrastructure.get();

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        return NotifierTestProperties.user(NotifierTestProperties.of("notifier_dead_letter_it"), "admin", "ADMIN");
    }

    @Test
    void aPoisonRecordIsSetAsideListedAndReplayedOnce() throws Exception {
        String key = "P-POISON-" + UUID.randomUUID();
        RecordMetadata poison = send(key, "{\"type\": \"notification.requested\", \"secret\": 'praxis@example.org'");

        List<Map<String, Object>> letters = await("the poison record set aside by both consumer groups")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> deadLetters(key, false), found -> found.size() == 2);
        assertThat(letters)
                .extracting(letter -> letter.get("consumerGroup"))
                .containsExactlyInAnyOrder("notifier-email", "notifier-letters");
        Map<String, Object> email = letters.stream()
                .filter(l -> "notifier-email".equals(l.get("consumerGroup")))
                .findFirst()
                .orElseThrow();
        assertThat(email.get("topic")).isEqualTo(Topic.NOTIFICATIONS.topicName());
        assertThat(((Number) email.get("offset")).longValue()).isEqualTo(poison.offset());
        assertThat((String) email.get("reason")).startsWith("not JSON").doesNotContain("praxis@example.org");

        try (KafkaTopicReader reader = new KafkaTopicReader(INFRA.kafkaBootstrapServers(), Topic.DELIVERIES)) {
            reader.readUntil(
                    Duration.ofSeconds(30),
                    "record.dead.lettered",
                    records -> KafkaTopicReader.events(records).stream()
                                    .filter(e ->
                                            e.payload() instanceof RecordDeadLettered d && key.equals(d.recordKey()))
                                    .count()
                            == 2);
        }

        // Replay: written again, unchanged (and so set aside again, as a new dead letter); a second replay is refused
        String id = (String) email.get("deadLetterId");
        Map<?, ?> replayed = http.toBlocking()
                .retrieve(
                        HttpRequest.POST("/api/dead-letters/" + id + "/replay", "")
                                .basicAuth("admin", "admin-pw"),
                        Map.class);
        assertThat(((Number) replayed.get("offset")).longValue()).isGreaterThan(poison.offset());
        HttpClientResponseException again = org.junit.jupiter.api.Assertions.assertThrows(
                HttpClientResponseException.class,
                () -> http.toBlocking()
                        .exchange(HttpRequest.POST("/api/dead-letters/" + id + "/replay", "")
                                .basicAuth("admin", "admin-pw")));
        assertThat(again.getStatus().getCode()).isEqualTo(409);
        await("the replayed copy set aside")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> deadLetters(key, true).size() == 4);
        assertThat(deadLetters(key, false)).hasSize(3); // the replayed one is no longer open
        try (KafkaTopicReader reader = new KafkaTopicReader(INFRA.kafkaBootstrapServers(), Topic.DELIVERIES)) {
            reader.readUntil(
                    Duration.ofSeconds(30),
                    "dead.letter.replayed",
                    records -> KafkaTopicReader.events(records).stream()
                            .anyMatch(e -> e.payload() instanceof DeadLetterReplayed r
                                    && r.deadLetterId().toString().equals(id)));
        }
    }

    private List<Map<String, Object>> deadLetters(String key, boolean all) {
        List<Map<String, Object>> listed = http.toBlocking()
                .retrieve(
                        HttpRequest.GET("/api/dead-letters" + (all ? "?all=true" : ""))
                                .basicAuth("admin", "admin-pw"),
                        Argument.listOf(Argument.mapOf(String.class, Object.class)));
        return listed.stream()
                .filter(letter -> key.equals(letter.get("recordKey")))
                .toList();
    }

    private static RecordMetadata send(String key, String value) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(
                            Topic.NOTIFICATIONS.topicName(), key, value.getBytes(StandardCharsets.UTF_8)))
                    .get(10, TimeUnit.SECONDS);
        }
    }
}
