package dev.breachnotify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.Contact;
import dev.breachnotify.events.ContactRole;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.PartnerAssignment;
import dev.breachnotify.events.PartnerRegistered;
import dev.breachnotify.events.PartnerUpdated;
import dev.breachnotify.events.PracticeRegistered;
import dev.breachnotify.events.PracticeUpdated;
import dev.breachnotify.events.Topic;
import dev.breachnotify.testsupport.TestInfrastructure;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The directory of contacts and IT service partners on a real PostgreSQL and Kafka: partners, practices with
 * partner and contact columns, and a contacts file import in that order; the events on the practices topic say
 * what changed; a file with a problem writes nothing; the views show practices with contacts and partners with
 * their practices.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DirectoryContactsAndPartnersIT implements TestPropertyProvider {

    private static final String PARTNERS = "partner_id;name;language;contact_name;contact_email\n"
            + "CPIT-NORD;IT Nord GmbH;de;Jan Nord;jan@it-nord.example\n"
            + "CPIT-SUED;IT Süd AG;en;Eva Süd;eva@it-sued.example\n"
            + "CPIT-NORD;;;Ole Nord;ole@it-nord.example\n";
    private static final String PRACTICES = "practice_id;name;emails;street;postcode;city;preferred_channel;"
            + "partner;partner.ti-konnektor;contact1_name;contact1_role;contact1_email\n"
            + "CP-1;Praxis Eins;eins@example.org;Weg 1;12345;Ort;email;CPIT-NORD;CPIT-SUED;Dr. Eins;owner;"
            + "chefin@eins.example\n"
            + "CP-2;Praxis Zwei;zwei@example.org;;;;email;CPIT-NORD;;;;\n"
            + "CP-3;Praxis Drei;drei@example.org;Weg 3;12345;Ort;email;;;;;\n";
    private static final String CONTACTS = "practice_id;contact_id;name;role;email;channel;language\n"
            + "CP-1;;Dr. Eins;owner;chefin@eins.example;;\n"
            + "CP-1;pm;Paula Manager;manager;paula@eins.example;both;en\n"
            + "CP-3;;Datenschutz Drei;data-protection;;letter;\n";

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        return NotifierTestProperties.user(
                NotifierTestProperties.of("notifier_contacts_partners_it"), "comms", "COMMUNICATIONS");
    }

    @Test
    @Order(1)
    void practicesNamingPartnersNotYetImportedAreRejectedAndStrictlyWriteNothing() {
        Answer answer = post("/api/practices/import?strict=true", PRACTICES, "text/csv");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body()).contains("unknown partner 'CPIT-NORD' (import the partners first)");
        assertThat(answer.body()).contains("\"field\":\"partner.ti-konnektor\"");
        assertThat(get("/api/practices/CP-1").status()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void partnersThenPracticesThenContactsImportAndTheEventsSayWhatChanged() {
        Answer partners = post("/api/partners/import", PARTNERS, "text/csv");
        assertThat(partners.status()).as(partners.body()).isEqualTo(200);
        assertThat(partners.body()).contains("\"created\":2");

        Answer practices = post("/api/practices/import?strict=true", PRACTICES, "text/csv");
        assertThat(practices.status()).as(practices.body()).isEqualTo(200);
        assertThat(practices.body()).contains("\"created\":3");

        Answer contacts = post("/api/practices/contacts/import", CONTACTS, "text/csv");
        assertThat(contacts.status()).as(contacts.body()).isEqualTo(200);
        assertThat(contacts.body()).contains("\"rowsRead\":3").contains("\"updated\":2");

        Answer practice = get("/api/practices/CP-1");
        assertThat(practice.status()).isEqualTo(200);
        assertThat(practice.body()).contains("\"contactId\":\"pm\"").contains("\"CPIT-SUED\":\"IT Süd AG\"");

        // every event asserted below, not only the last: the partitions are read side by side, not in one order
        List<EventEnvelope<EventPayload>> events = readUntil(all -> all.stream()
                                .filter(event -> event.payload() instanceof PracticeUpdated updated
                                        && updated.changedFields().contains("contacts"))
                                .count()
                        >= 2
                && all.stream()
                                .filter(event -> event.payload() instanceof PartnerRegistered)
                                .count()
                        >= 2
                && all.stream()
                        .anyMatch(event -> event.payload() instanceof PracticeRegistered registered
                                && registered.practice().practiceId().equals("CP-1")));
        assertThat(events)
                .filteredOn(event -> event.payload() instanceof PartnerRegistered)
                .extracting(EventEnvelope::key)
                .containsExactlyInAnyOrder("CPIT-NORD", "CPIT-SUED");
        PracticeRegistered first = events.stream()
                .map(EventEnvelope::payload)
                .filter(PracticeRegistered.class::isInstance)
                .map(PracticeRegistered.class::cast)
                .filter(registered -> registered.practice().practiceId().equals("CP-1"))
                .findFirst()
                .orElseThrow();
        assertThat(first.practice().partners())
                .containsExactly(
                        new PartnerAssignment("*", "CPIT-NORD"), new PartnerAssignment("ti-konnektor", "CPIT-SUED"));
        assertThat(first.practice().contacts()).extracting(Contact::contactId).containsExactly("chefin@eins.example");
        PracticeUpdated three = events.stream()
                .map(EventEnvelope::payload)
                .filter(PracticeUpdated.class::isInstance)
                .map(PracticeUpdated.class::cast)
                .filter(updated -> updated.practice().practiceId().equals("CP-3"))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(three.changedFields()).containsExactly("contacts");
        assertThat(three.practice().contacts()).singleElement().satisfies(contact -> {
            assertThat(contact.contactId()).isEqualTo("data-protection-datenschutz-drei");
            assertThat(contact.role()).isEqualTo(ContactRole.DATA_PROTECTION);
        });
    }

    @Test
    @Order(3)
    void aBadContactsFileWritesNothingAndNamesEveryProblem() {
        String before = get("/api/practices/CP-1").body();
        String bad = "practice_id;name;role;email\n"
                + "CP-1;Neu;owner;neu@eins.example\n"
                + "CP-404;Niemand;owner;n@example.org\n"
                + "CP-2;Brief;manager;\n";

        Answer answer = post("/api/practices/contacts/import", bad, "text/csv");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body())
                .contains("unknown practice 'CP-404' (import the practices first)")
                .contains("a letter to the contact needs the practice's postal address")
                .contains("\"applied\":false");
        assertThat(get("/api/practices/CP-1").body()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void aPracticesFileWithoutContactOrPartnerColumnsKeepsThemAndChangesNothing() {
        String plain = "practice_id;name;emails;street;postcode;city;preferred_channel\n"
                + "CP-1;Praxis Eins;eins@example.org;Weg 1;12345;Ort;email\n";

        Answer answer = post("/api/practices/import", plain, "text/csv");

        assertThat(answer.body()).contains("\"unchanged\":1");
        assertThat(get("/api/practices/CP-1").body())
                .contains("\"contactId\":\"pm\"")
                .contains("CPIT-SUED");
    }

    @Test
    @Order(5)
    void aPartnersJsonListingPracticesReassignsThemAndTheViewsCountThem() {
        String json = """
                [{"partnerId": "CPIT-SUED", "name": "IT Süd AG", "language": "en",
                  "contacts": [{"name": "Eva Süd", "email": "eva@it-sued.example"}],
                  "practices": [{"practiceId": "CP-2", "credentials": ["*"]},
                                {"practiceId": "CP-3", "credentials": ["ti-konnektor"]}]}]
                """;

        Answer answer = post("/api/partners/import", json, "application/json");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"unchanged\":1");

        Answer list = get("/api/partners?limit=500");
        assertThat(list.body()).contains("\"partnerId\":\"CPIT-SUED\"");
        Answer sued = get("/api/partners/CPIT-SUED?limit=1");
        assertThat(sued.body())
                .contains("\"practiceCount\":2")
                .contains("\"practiceId\":\"CP-2\"")
                .doesNotContain("CP-3")
                .contains("\"next\":\"CP-2\"");
        // CP-1's konnektor was SUED's and is no longer listed: only NORD (all credentials) is left there
        assertThat(get("/api/practices/CP-1").body()).doesNotContain("CPIT-SUED");
        assertThat(get("/api/practices/CP-2").body())
                .contains("{\"credentialId\":\"*\",\"partnerId\":\"CPIT-SUED\"}")
                .doesNotContain("CPIT-NORD\"}");

        String conflicting = json.strip().substring(0, json.strip().length() - 1)
                + ", {\"partnerId\": \"CPIT-NORD\", \"name\": \"IT Nord GmbH\", \"contacts\": "
                + "[{\"email\": \"jan@it-nord.example\"}], \"practices\": [{\"practiceId\": \"CP-2\"}]}]";
        Answer conflict = post("/api/partners/import", conflicting, "application/json");
        assertThat(conflict.status()).isEqualTo(422);
        assertThat(conflict.body()).contains("already looks after credential '*'");
        assertThat(get("/api/practices/CP-2").body()).contains("CPIT-SUED");
        assertThat(get("/api/partners/NOPE").status()).isEqualTo(404);
        assertThat(get("/api/partners?limit=0").status()).isEqualTo(400);
    }

    @Test
    @Order(6)
    void theViewsNeedAnOperator() {
        HttpClientResponseException refused = org.junit.jupiter.api.Assertions.assertThrows(
                HttpClientResponseException.class, () -> http.toBlocking().exchange(HttpRequest.GET("/api/partners")));
        assertThat(refused.getStatus().getCode()).isEqualTo(401);
    }

    @Test
    @Order(7)
    void theSamplesImportInTheWalkThroughsOrder() throws java.io.IOException {
        java.nio.file.Path samples = java.nio.file.Path.of("..", "samples");
        String practices = java.nio.file.Files.readString(samples.resolve("practices.csv"));

        assertThat(post("/api/practices/import?strict=true&source=practices.csv", practices, "text/csv")
                        .body())
                .contains("\"rowsRead\":300")
                .contains("\"rejected\":0");
        Answer partners = post(
                "/api/partners/import",
                java.nio.file.Files.readString(samples.resolve("partners.json")),
                "application/json");
        assertThat(partners.status()).as(partners.body()).isEqualTo(200);
        Answer partnersCsv = post(
                "/api/partners/import", java.nio.file.Files.readString(samples.resolve("partners.csv")), "text/csv");
        assertThat(partnersCsv.body()).contains("\"unchanged\":2");
        Answer contacts = post(
                "/api/practices/contacts/import",
                java.nio.file.Files.readString(samples.resolve("contacts.csv")),
                "text/csv");
        assertThat(contacts.status()).as(contacts.body()).isEqualTo(200);
        assertThat(contacts.body()).contains("\"rowsRead\":80").contains("\"updated\":40");
        assertThat(get("/api/partners/IT-NORD?limit=500").body()).contains("\"practiceCount\":70");
        StringBuilder more = new StringBuilder("partner_id;name;contact_email\n");
        for (int i = 0; i < 12; i++) {
            more.append("CPIT-MORE-")
                    .append(i)
                    .append(";More ")
                    .append(i)
                    .append(";m")
                    .append(i)
                    .append("@it.example\n");
        }
        assertThat(post("/api/partners/import", more.toString(), "text/csv").status())
                .isEqualTo(200);
        assertThat(get("/api/partners?limit=500").body())
                .as("the counts of a page of more than ten partners, from one scan")
                .contains("\"partnerId\":\"IT-NORD\"")
                .contains("\"practices\":70}")
                .contains("\"practices\":0}");
        assertThat(post("/api/practices/import?strict=true", practices, "text/csv")
                        .body())
                .as("importing the practices again keeps their contacts and partners")
                .contains("\"unchanged\":300");
    }

    private List<EventEnvelope<EventPayload>> readUntil(
            java.util.function.Predicate<List<EventEnvelope<EventPayload>>> done) {
        try (KafkaTopicReader reader =
                new KafkaTopicReader(TestInfrastructure.get().kafkaBootstrapServers(), Topic.PRACTICES)) {
            return ours(reader.readUntil(
                    Duration.ofSeconds(120), "the directory's events", records -> done.test(ours(records))));
        }
    }

    private static List<EventEnvelope<EventPayload>> ours(
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records) {
        return KafkaTopicReader.events(records).stream()
                .filter(event -> event.key().startsWith("CP-") || event.key().startsWith("CPIT-"))
                .filter(event -> !(event.payload() instanceof PartnerUpdated)
                        || ((PartnerUpdated) event.payload()).partner() != null)
                .toList();
    }

    private Answer post(String uri, String body, String type) {
        return exchange(HttpRequest.POST(uri, body).contentType(type).basicAuth("comms", "comms-pw"));
    }

    private Answer get(String uri) {
        return exchange(HttpRequest.GET(uri).basicAuth("comms", "comms-pw"));
    }

    private Answer exchange(HttpRequest<?> request) {
        try {
            HttpResponse<String> response = http.toBlocking().exchange(request, String.class);
            return new Answer(response.getStatus().getCode(), response.body());
        } catch (HttpClientResponseException e) {
            return new Answer(
                    e.getStatus().getCode(),
                    e.getResponse().getBody(String.class).orElse(""));
        }
    }

    private record Answer(int status, String body) {}
}
