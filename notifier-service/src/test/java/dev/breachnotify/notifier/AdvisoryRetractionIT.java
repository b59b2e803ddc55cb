package dev.breachnotify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.AdvisoryRetracted;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.Topic;
import dev.breachnotify.testsupport.TestInfrastructure;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Withdrawing a published advisory: once, with a reason, as an {@code advisory.retracted} event; drafts, repeats
 * and bad requests are refused with a message that names the problem.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdvisoryRetractionIT implements TestPropertyProvider {

    private static final TestInfrastructure INFRA = TestInfrastructure.get();

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        return NotifierTestProperties.user(
                NotifierTestProperties.of("notifier_retraction_it"), "comms", "COMMUNICATIONS");
    }

    @Test
    void aPublishedAdvisoryIsWithdrawnOnceWithItsReason() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        http.toBlocking()
                .exchange(HttpRequest.POST(
                                "/api/practices/import",
                                "practice_id;name;emails\nR-" + run + ";Praxis R;r-" + run + "@example.org\n")
                        .contentType(MediaType.of("text/csv"))
                        .basicAuth("comms", "comms-pw"));
        String published = create("Falsch verschickt");
        String correction = create("Berichtigung");
        http.toBlocking()
                .exchange(HttpRequest.POST("/api/advisories/" + published + "/publish", "")
                        .basicAuth("comms", "comms-pw"));

        assertThat(refused(correction, Map.of("reason", "Entwurf")))
                .contains("409")
                .contains("is a draft");
        assertThat(refused(published, Map.of("reason", " "))).contains("422").contains("reason: required");
        assertThat(refused(published, Map.of("reason", "Ersetzt", "supersededBy", "ADV-none")))
                .contains("422")
                .contains("supersededBy: no advisory ADV-none");

        Map<?, ?> retracted = http.toBlocking()
                .retrieve(
                        HttpRequest.POST(
                                        "/api/advisories/" + published + "/retract",
                                        Map.of(
                                                "reason",
                                                "An die falsche Fachgruppe verschickt.",
                                                "supersededBy",
                                                correction))
                                .basicAuth("comms", "comms-pw"),
                        Map.class);
        assertThat(retracted.get("retractedBy")).isEqualTo("comms");
        assertThat(refused(published, Map.of("reason", "noch einmal")))
                .contains("409")
                .contains("already withdrawn");
        // the advisory says so (the console shows it)
        @SuppressWarnings("unchecked")
        Map<String, Object> withdrawal = (Map<String, Object>) http.toBlocking()
                .retrieve(HttpRequest.GET("/api/advisories/" + published).basicAuth("comms", "comms-pw"), Map.class)
                .get("withdrawal");
        assertThat(withdrawal)
                .containsEntry("reason", "An die falsche Fachgruppe verschickt.")
                .containsEntry("supersededBy", correction)
                .containsEntry("withdrawnBy", "comms")
                .containsKey("withdrawnAt");
        // and its escalation stops: no step can be fired any more
        HttpClientResponseException fire = org.junit.jupiter.api.Assertions.assertThrows(
                HttpClientResponseException.class,
                () -> http.toBlocking()
                        .exchange(
                                HttpRequest.POST("/api/advisories/" + published + "/escalation/steps/reminder/fire", "")
                                        .basicAuth("comms", "comms-pw")));
        assertThat(fire.getStatus().getCode()).isEqualTo(409);
        assertThat(fire.getResponse().getBody(String.class).orElse("")).contains("withdrawn");
        // the state machine refuses what a withdrawn advisory cannot do, naming its state
        assertThat(http.toBlocking()
                        .retrieve(
                                HttpRequest.GET("/api/advisories/" + published).basicAuth("comms", "comms-pw"),
                                Map.class)
                        .get("state"))
                .isEqualTo("WITHDRAWN");
        assertThat(refusedPost("/api/advisories/" + published + "/escalation/resume"))
                .contains("409")
                .contains("cannot resume advisory " + published + ": it is withdrawn")
                .contains("\"state\":\"withdrawn\"");
        assertThat(refusedPost("/api/advisories/" + published + "/escalation/pause"))
                .contains("409")
                .contains("cannot pause advisory " + published + ": it is withdrawn");
        assertThat(refusedPost("/api/advisories/" + published + "/publish"))
                .contains("409")
                .contains("cannot publish advisory " + published + ": it is withdrawn");

        try (KafkaTopicReader reader = new KafkaTopicReader(INFRA.kafkaBootstrapServers(), Topic.ADVISORIES)) {
            List<EventEnvelope<EventPayload>> events = KafkaTopicReader.events(reader.readUntil(
                    Duration.ofSeconds(30),
                    "the retraction",
                    records -> KafkaTopicReader.events(records).stream()
                            .anyMatch(event -> event.payload() instanceof AdvisoryRetracted r
                                    && r.advisoryId().equals(published))));
            AdvisoryRetracted event = events.stream()
                    .map(EventEnvelope::payload)
                    .filter(AdvisoryRetracted.class::isInstance)
                    .map(AdvisoryRetracted.class::cast)
                    .filter(r -> r.advisoryId().equals(published))
                    .findFirst()
                    .orElseThrow();
            assertThat(event.reason()).isEqualTo("An die falsche Fachgruppe verschickt.");
            assertThat(event.supersededBy()).isEqualTo(correction);
        }
    }

    private String create(String title) {
        return (String) http.toBlocking()
                .retrieve(
                        HttpRequest.POST(
                                        "/api/advisories",
                                        Map.of(
                                                "title",
                                                title,
                                                "deadline",
                                                LocalDate.now().plusDays(30).toString(),
                                                "texts",
                                                Map.of(
                                                        "de",
                                                        Map.of("subject", "Betreff", "body", "Text"),
                                                        "en",
                                                        Map.of("subject", "Subject", "body", "Text"))))
                                .basicAuth("comms", "comms-pw"),
                        Map.class)
                .get("advisoryId");
    }

    private String refusedPost(String uri) {
        try {
            http.toBlocking().exchange(HttpRequest.POST(uri, Map.of()).basicAuth("comms", "comms-pw"));
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode() + " "
                    + e.getResponse().getBody(String.class).orElse("");
        }
        throw new AssertionError("expected POST " + uri + " to be refused");
    }

    private String refused(String advisoryId, Map<String, String> body) {
        try {
            http.toBlocking()
                    .exchange(HttpRequest.POST("/api/advisories/" + advisoryId + "/retract", body)
                            .basicAuth("comms", "comms-pw"));
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode() + " "
                    + e.getResponse().getBody(String.class).orElse("");
        }
        throw new AssertionError("expected the retraction of " + advisoryId + " to be refused");
    }
}
