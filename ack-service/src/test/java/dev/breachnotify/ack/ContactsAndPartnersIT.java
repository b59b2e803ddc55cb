package dev.breachnotify.ack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breachnotify.events.AckCode;
import dev.breachnotify.events.AcknowledgementRecorded;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.Contact;
import dev.breachnotify.events.ContactRole;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.CredentialRotationConfirmed;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventJson;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Partner;
import dev.breachnotify.events.PartnerAssignment;
import dev.breachnotify.events.PartnerRegistered;
import dev.breachnotify.events.PartnerResponsibilityDeclined;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PracticeRegistered;
import dev.breachnotify.events.PreferredChannel;
import dev.breachnotify.events.RotationStatus;
import dev.breachnotify.events.Topic;
import dev.breachnotify.platform.csv.HostileCsv;
import dev.breachnotify.platform.security.PasswordHashes;
import dev.breachnotify.testsupport.TestInfrastructure;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Contacts with codes of their own and IT service partners on the practice's page, in the progress and in the
 * outstanding list, against real Kafka and PostgreSQL. One small advisory whose numbers are computed by hand:
 *
 * <ul>
 *   <li>P1: owner and manager notified with their own codes (the data protection contact not); partner IT-A for
 *       every credential. The owner acknowledges and confirms the connector; IT-A confirms the admin password;
 *       the manager corrects that to "not applicable".
 *   <li>P2: owner notified; IT-A for every credential, IT-B for the connector. IT-B declines the connector, IT-A
 *       confirms the admin password.
 *   <li>P3: no contacts, no partners, the general code; nothing answered.
 * </ul>
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactsAndPartnersIT implements TestPropertyProvider {

    private static final String COMMS_PASSWORD = "comms-" + UUID.randomUUID();
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final DateTimeFormatter GERMAN_DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");
    private static final List<Credential> CREDENTIALS = List.of(
            new Credential("ti-konnektor", Map.of("de", "TI-Konnektor (Admin-PIN)", "en", "TI connector (admin PIN)")),
            new Credential("praxis-admin", Map.of("de", "Administrator-Passwort", "en", "Administrator password")));

    @Inject
    EmbeddedServer server;

    private final String run = Long.toString(System.nanoTime(), 36);
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final KafkaProducer<String, byte[]> producer = AckTestSupport.producer();

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = AckTestSupport.infrastructureProperties();
        properties.put(
                "breachnotify.security.users.comms.password-hash", PasswordHashes.hash(COMMS_PASSWORD.toCharArray()));
        properties.put("breachnotify.security.users.comms.roles", "COMMUNICATIONS");
        properties.put("breachnotify.ack.form-key", Base64.getEncoder().encodeToString(AckTestSupport.randomBytes(32)));
        properties.put("breachnotify.ack.failed-lookups-per-network", "1000000");
        properties.put("breachnotify.ack.failed-lookups-global", "1000000");
        return properties;
    }

    @AfterAll
    void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void contactsSignTheirAnswersPartnersAreNamedAndProgressCountsByRoleAndPartner() throws Exception {
        String advisory = "ADV-CP-" + run;
        String itA = "IT-A-" + run;
        String itB = "IT-B-" + run; // never registered: shown by its id
        String p1 = "P1-" + run;
        String p2 = "P2-" + run;
        String p3 = "P3-" + run;
        AckTestSupport.publish(producer, new PartnerRegistered(new Partner(itA, "Systemhaus Nord", "de", List.of())));
        AckTestSupport.publish(producer, advisory(advisory));
        AckTestSupport.publish(
                producer,
                practice(
                        p1,
                        List.of(
                                contact("c-owner", "Dr. Anna Owner", ContactRole.OWNER),
                                contact("c-mgr", "Max Manager", ContactRole.MANAGER),
                                contact("c-dpo", "Dora Datenschutz", ContactRole.DATA_PROTECTION)),
                        List.of(new PartnerAssignment("*", itA))));
        AckTestSupport.publish(
                producer,
                practice(
                        p2,
                        List.of(contact("c-owner", "Dr. Bert Owner", ContactRole.OWNER)),
                        List.of(new PartnerAssignment("*", itA), new PartnerAssignment("ti-konnektor", itB))));
        AckTestSupport.publish(producer, practice(p3, List.of(), List.of()));
        AckCode p1Owner = notify(advisory, p1, "c-owner");
        AckCode p1Manager = notify(advisory, p1, "c-mgr");
        AckCode p2Owner = notify(advisory, p2, "c-owner");
        AckCode p3General = notify(advisory, p3, null);

        // The owner's own code greets the owner; the general code greets nobody
        Document ownerPage = Jsoup.parse(awaitPage(p1Owner));
        assertThat(ownerPage.select("#greeting").text()).contains("Dr. Anna Owner");
        assertThat(Jsoup.parse(awaitPage(p3General)).select("#greeting")).isEmpty();

        // The owner acknowledges and confirms the connector: the events carry the contact, the typed name stays
        LocalDate changedOn = LocalDate.now(ZoneId.of("Europe/Berlin")).minusDays(1);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("lang", "de");
        form.put("acknowledged", "yes");
        form.put("name", "Anna O.");
        form.put("status:ti-konnektor", "CHANGED");
        form.put("changedOn:ti-konnektor", changedOn.toString());
        submit(p1Owner, form);
        List<EventPayload> p1Events = answersOf(p1);
        assertThat(p1Events).hasSize(2);
        AcknowledgementRecorded ack = (AcknowledgementRecorded) p1Events.get(0);
        assertThat(ack.contactId()).isEqualTo("c-owner");
        assertThat(ack.confirmedBy()).isEqualTo("Anna O.");
        CredentialRotationConfirmed ownerConfirmed = (CredentialRotationConfirmed) p1Events.get(1);
        assertThat(ownerConfirmed.contactId()).isEqualTo("c-owner");
        assertThat(ownerConfirmed.partnerId()).isNull();
        assertThat(ownerConfirmed.confirmedBy()).isEqualTo("Anna O.");

        // IT-A confirms the admin password on its page: the manager's page names the partner and the owner
        LocalDate partnerChangedOn = LocalDate.now(ZoneId.of("Europe/Berlin")).minusDays(3);
        AckTestSupport.publish(
                producer, partnerConfirmed(advisory, p1, "praxis-admin", itA, partnerChangedOn, Instant.now()));
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> current(p1Manager, 1).startsWith("Geändert von"));
        assertThat(current(p1Manager, 1))
                .startsWith("Geändert von Systemhaus Nord am " + GERMAN_DATE.format(partnerChangedOn))
                .contains("(Techniker Tom,");
        assertThat(current(p1Manager, 0)).startsWith("Angabe von Dr. Anna Owner: geändert am");
        Document managerPage = Jsoup.parse(awaitPage(p1Manager));
        assertThat(managerPage.select("#greeting").text()).contains("Max Manager");
        assertThat(Jsoup.parse(get("/a/" + p1Manager.formatted() + "?lang=en").body())
                        .select("#current-1")
                        .text())
                .startsWith("Changed by Systemhaus Nord on ");

        // The manager corrects it: the latest answer wins, and says who
        Map<String, String> correction = new LinkedHashMap<>();
        correction.put("lang", "de");
        correction.put("name", "Max M.");
        correction.put("status:praxis-admin", "NOT_APPLICABLE");
        submit(p1Manager, correction);
        assertThat(current(p1Manager, 1)).startsWith("Angabe von Max Manager: betrifft Sie nicht");
        CredentialRotationConfirmed corrected =
                (CredentialRotationConfirmed) answersOf(p1).get(3);
        assertThat(corrected.contactId()).isEqualTo("c-mgr");
        assertThat(corrected.status()).isEqualTo(RotationStatus.NOT_APPLICABLE);

        // IT-B says the connector of P2 is not its job; IT-A confirms P2's admin password
        AckTestSupport.publish(
                producer,
                new PartnerResponsibilityDeclined(
                        UUID.randomUUID(), advisory, p2, "ti-konnektor", itB, "Berta B.", Instant.now()));
        AckTestSupport.publish(
                producer, partnerConfirmed(advisory, p2, "praxis-admin", itA, partnerChangedOn, Instant.now()));
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> current(p2Owner, 0).contains("nicht seine Aufgabe")
                        && current(p2Owner, 1).startsWith("Geändert von"));
        assertThat(current(p2Owner, 0))
                .startsWith("noch offen")
                .contains(itB + " hat am ")
                .contains("erklärt, dass dies nicht seine Aufgabe ist.");

        // Progress by role and by partner, as computed by hand in the class comment
        JsonNode progress = EventJson.mapper()
                .readTree(
                        authorised("/api/advisories/" + advisory + "/progress").body());
        assertThat(progress.get("targeted").asLong()).isEqualTo(3);
        assertThat(roles(progress))
                .containsExactly(
                        "OWNER 2 1 2 1 1", "DOCTOR 0 0 0 0 0", "MANAGER 1 0 1 1 0", "DATA_PROTECTION 0 0 0 0 0");
        assertThat(partners(progress))
                .containsExactly(itA + " Systemhaus Nord 2 2 0 1 0", itB + " " + itB + " 1 0 1 0 1");

        // The outstanding list names the partner of what is missing
        List<List<String>> csv = HostileCsv.parse(
                authorised("/api/advisories/" + advisory + "/outstanding.csv").body());
        assertThat(csv.get(0)).endsWith("missing_credentials", "partner_ids", "partner_names");
        assertThat(csv.subList(1, csv.size()))
                .containsExactly(
                        List.of(p2, "Praxis " + p2, "NONE", "false", "false", "ti-konnektor", itB, itB),
                        List.of(p3, "Praxis " + p3, "NONE", "false", "false", "ti-konnektor praxis-admin", "", ""));
    }

    // --- events as the notifier and the partner page publish them --------------------------------------------

    private static AdvisoryPublished advisory(String id) {
        return new AdvisoryPublished(
                id,
                "Kennwortwechsel",
                Map.of(
                        "de", new LocalizedText("Kennwörter ändern", "Bitte ändern Sie Ihre Zugangsdaten."),
                        "en", new LocalizedText("Change your passwords", "Please change them.")),
                CREDENTIALS,
                LocalDate.of(2026, 12, 31),
                AdvisoryPublished.Audience.ALL,
                List.of(Channel.EMAIL),
                "comms",
                Instant.now(),
                null);
    }

    private static Contact contact(String id, String name, ContactRole role) {
        return new Contact(id, name, role, id + "@example.org", PreferredChannel.EMAIL, null);
    }

    private static PracticeRegistered practice(String id, List<Contact> contacts, List<PartnerAssignment> partners) {
        return new PracticeRegistered(new Practice(
                id,
                "Praxis " + id,
                null,
                List.of("praxis@example.org"),
                null,
                "de",
                "arzt",
                PreferredChannel.EMAIL,
                Map.of(),
                contacts,
                partners));
    }

    private AckCode notify(String advisory, String practiceId, String contactId) {
        AckCode code = AckTestSupport.newCode();
        AckTestSupport.publish(
                producer,
                new NotificationRequested(
                        UUID.randomUUID(),
                        advisory,
                        practiceId,
                        Channel.EMAIL,
                        "initial",
                        "de",
                        List.of((contactId == null ? "praxis" : contactId) + "@example.org"),
                        code.hash(),
                        Instant.now().plus(Duration.ofDays(30)),
                        contactId));
        return code;
    }

    private static CredentialRotationConfirmed partnerConfirmed(
            String advisory, String practiceId, String credential, String partnerId, LocalDate on, Instant at) {
        return new CredentialRotationConfirmed(
                UUID.randomUUID(),
                advisory,
                practiceId,
                credential,
                RotationStatus.CHANGED,
                on,
                "Techniker Tom",
                at,
                null,
                partnerId);
    }

    // --- reading it back -----------------------------------------------------------------------------------

    private static List<String> roles(JsonNode progress) {
        List<String> rows = new ArrayList<>();
        progress.get("byRole")
                .forEach(r -> rows.add(String.join(
                        " ",
                        r.get("role").asText(),
                        r.get("contactsNotified").asText(),
                        r.get("contactsAcknowledged").asText(),
                        r.get("practices").asText(),
                        r.get("confirmed").asText(),
                        r.get("outstanding").asText())));
        return rows;
    }

    private static List<String> partners(JsonNode progress) {
        List<String> rows = new ArrayList<>();
        progress.get("byPartner")
                .forEach(p -> rows.add(String.join(
                        " ",
                        p.get("partnerId").asText(),
                        p.get("name").asText(),
                        p.get("practices").asText(),
                        p.get("confirmed").asText(),
                        p.get("outstanding").asText(),
                        p.get("confirmedByPartner").asText(),
                        p.get("declined").asText())));
        return rows;
    }

    /** What the page of a code shows as on record for the credential at this index. */
    private String current(AckCode code, int index) {
        return Jsoup.parse(get("/a/" + code.formatted()).body())
                .select("#current-" + index)
                .text();
    }

    /** The acknowledgements and confirmations of a practice on Kafka, in order (not the visits). */
    private static List<EventPayload> answersOf(String practiceId) {
        List<EventPayload> answers = new ArrayList<>();
        for (EventEnvelope<EventPayload> event : recordsKeyed(Topic.ACKNOWLEDGEMENTS, practiceId)) {
            if (event.payload() instanceof AcknowledgementRecorded
                    || event.payload() instanceof CredentialRotationConfirmed) {
                answers.add(event.payload());
            }
        }
        return answers;
    }

    private static List<EventEnvelope<EventPayload>> recordsKeyed(Topic topic, String key) {
        Properties config = new Properties();
        config.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().kafkaBootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<EventEnvelope<EventPayload>> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic.topicName(), Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("read %s to its end", topic).isLessThan(deadline);
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        events.add(EventCodec.decode(record.value()));
                    }
                }
            }
        }
        return events;
    }

    // --- HTTP ----------------------------------------------------------------------------------------------

    private String awaitPage(AckCode code) {
        String path = "/a/" + code.formatted();
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> get(path).statusCode() == 200);
        return get(path).body();
    }

    private void submit(AckCode code, Map<String, String> fields) {
        Map<String, String> withToken = new LinkedHashMap<>(fields);
        withToken.put("csrf", AckTestSupport.csrf(awaitPage(code)));
        String body = withToken.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = send(request("/a/" + code.formatted())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
    }

    private HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    private HttpResponse<String> authorised(String path) {
        HttpResponse<String> response = send(request(path)
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(("comms:" + COMMS_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .GET()
                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .header("User-Agent", "breachnotify-it/1.0")
                .timeout(Duration.ofSeconds(20));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(request.method() + " failed", e);
        }
    }
}
