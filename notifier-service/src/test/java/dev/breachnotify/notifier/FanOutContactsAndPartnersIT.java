package dev.breachnotify.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breachnotify.events.AckCode;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.Contact;
import dev.breachnotify.events.ContactRole;
import dev.breachnotify.events.CredentialRotationConfirmed;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EscalationStepFired;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Partner;
import dev.breachnotify.events.PartnerAssignment;
import dev.breachnotify.events.PartnerContact;
import dev.breachnotify.events.PartnerNotificationRequested;
import dev.breachnotify.events.PartnerPractice;
import dev.breachnotify.events.PartnerResponsibilityDeclined;
import dev.breachnotify.events.PostalAddress;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PreferredChannel;
import dev.breachnotify.events.RotationStatus;
import dev.breachnotify.events.Topic;
import dev.breachnotify.notifier.code.PythonCodes;
import dev.breachnotify.notifier.directory.PartnerStore;
import dev.breachnotify.notifier.directory.PracticeStore;
import dev.breachnotify.platform.kafka.EventRecords;
import dev.breachnotify.testsupport.TestInfrastructure;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An advisory to a directory with contacts and IT service partners, through Kafka, PostgreSQL and the SMTP
 * catcher: each contact in the advisory's roles gets one mail with a code of their own (recomputed here by Python's
 * {@code hmac}), contacts outside the roles none, a practice without such contacts today's mail, each partner one
 * mail with its {@code /p/} link; then a reminder step sends one digest per partner, leaving out what the partner
 * declined or confirmed.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FanOutContactsAndPartnersIT implements TestPropertyProvider {

    private static final TestInfrastructure INFRA = TestInfrastructure.get();
    private static final String CODE_KEY = "Y29udGFjdHMtYW5kLXBhcnRuZXJzLWl0LWNvZGUta2V5LTAxMjM0NTY=";
    private static final Pattern PRACTICE_LINK = Pattern.compile("http://ack\\.test/a/([0-9A-Z-]{21})");
    private static final Pattern PARTNER_LINK = Pattern.compile("http://ack\\.test/p/([0-9A-Z-]{21})");
    private static final PostalAddress ADDRESS = new PostalAddress("Weg 1", "10115", "Berlin", "DE");

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    TransactionOperations<Connection> transactions;

    @Inject
    PracticeStore practices;

    @Inject
    PartnerStore partners;

    private String advisoryId;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = NotifierTestProperties.of("notifier_contacts_it");
        properties.put("breachnotify.notifier.ack-base-url", "http://ack.test");
        properties.put("breachnotify.notifier.code-key", CODE_KEY);
        properties.put(
                "breachnotify.notifier.print.folder",
                Path.of("target", "contacts-it", "print-" + UUID.randomUUID())
                        .toAbsolutePath()
                        .toString());
        return NotifierTestProperties.user(properties, "comms", "COMMUNICATIONS");
    }

    @Test
    @Order(1)
    void anUnknownRoleIsRefusedNamingTheField() {
        HttpClientResponseException refused = catchHttp(() -> createAdvisory(List.of("owner", "janitor"), true));

        assertThat(refused.getStatus().getCode()).isEqualTo(400);
        assertThat(refused.getResponse().getBody(String.class).orElseThrow())
                .contains("recipients.roles[1]", "unknown role 'janitor'");
    }

    @Test
    @Order(2)
    void eachContactInTheRolesAndEachPartnerGetsOneMailWithItsOwnCode() throws Exception {
        // Given practices with contacts and partners, and partners with and without email addresses
        transactions.executeWrite(status -> {
            partners.upsert(
                    status.getConnection(),
                    List.of(
                            new Partner(
                                    "itp-a",
                                    "Alpha IT",
                                    "de",
                                    List.of(
                                            new PartnerContact("Ada", "a1@itp-a.example"),
                                            new PartnerContact("Ben", "a2@itp-a.example"))),
                            new Partner("itp-b", "Beta IT", "en", List.of(new PartnerContact("Bo", "b@itp-b.example"))),
                            new Partner("itp-mute", "Stumm IT", "de", List.of(new PartnerContact("Nobody", null)))),
                    Instant.now());
            practices.upsert(
                    status.getConnection(),
                    List.of(
                            practice(
                                    "K-001",
                                    "Praxis Berg",
                                    List.of(
                                            new Contact(
                                                    "c-owner",
                                                    "Dr. Anna Berg",
                                                    ContactRole.OWNER,
                                                    "berg@k1.example",
                                                    null,
                                                    null),
                                            new Contact(
                                                    "c-mgr",
                                                    "Paul Kern",
                                                    ContactRole.MANAGER,
                                                    "kern@k1.example",
                                                    PreferredChannel.EMAIL,
                                                    "en"),
                                            new Contact(
                                                    "c-doc",
                                                    "Dr. Tim Roth",
                                                    ContactRole.DOCTOR,
                                                    "roth@k1.example",
                                                    null,
                                                    null)),
                                    List.of(new PartnerAssignment("*", "itp-a"))),
                            practice(
                                    "K-002",
                                    "Praxis Vogt",
                                    List.of(
                                            new Contact(
                                                    "c-owner",
                                                    "Dr. Ida Vogt",
                                                    ContactRole.OWNER,
                                                    "vogt@k2.example",
                                                    PreferredChannel.LETTER,
                                                    null),
                                            new Contact(
                                                    "c-mgr",
                                                    "Eva Lenz",
                                                    ContactRole.MANAGER,
                                                    "lenz@k2.example",
                                                    null,
                                                    null)),
                                    List.of(
                                            new PartnerAssignment("*", "itp-a"),
                                            new PartnerAssignment("ti-konnektor", "itp-b"))),
                            practice(
                                    "K-003",
                                    "Praxis Ohne",
                                    List.of(),
                                    List.of(new PartnerAssignment("ti-konnektor", "itp-b"))),
                            practice(
                                    "K-004",
                                    "Praxis Arzt",
                                    List.of(new Contact(
                                            "c-doc",
                                            "Dr. Max Arzt",
                                            ContactRole.DOCTOR,
                                            "arzt@k4.example",
                                            null,
                                            null)),
                                    List.of(new PartnerAssignment("*", "itp-mute")))),
                    Instant.now());
            return null;
        });
        INFRA.mail().reset();

        // When an advisory for owners and managers that tells partners is published
        advisoryId = (String) createAdvisory(List.of("owner", "Manager"), true).get("advisoryId");
        Map<?, ?> published;
        try {
            published = http.toBlocking()
                    .retrieve(
                            HttpRequest.POST("/api/advisories/" + advisoryId + "/publish", "")
                                    .basicAuth("comms", "comms-pw"),
                            Map.class);
        } catch (HttpClientResponseException e) {
            throw new AssertionError(e.getResponse().getBody(String.class).orElse(""), e);
        }
        assertThat((Object) published.get("practicesTargeted")).isEqualTo(4);

        // Then: one mail per contact in the roles, the general address where none is, one per partner
        List<MimeMessage> mails = INFRA.mail().awaitMessages(8, Duration.ofSeconds(90));
        Map<String, String> textByRecipient = new HashMap<>();
        for (MimeMessage mail : mails) {
            for (Address recipient : mail.getRecipients(MimeMessage.RecipientType.TO)) {
                textByRecipient.put(recipient.toString(), plainText(mail));
            }
        }
        assertThat(textByRecipient)
                .containsOnlyKeys(
                        "berg@k1.example",
                        "kern@k1.example",
                        "lenz@k2.example",
                        "info@k3.example",
                        "info@k4.example",
                        "a1@itp-a.example",
                        "a2@itp-a.example",
                        "b@itp-b.example");
        List<PythonCodes.Derived> expected = PythonCodes.derive(
                CODE_KEY,
                List.of(
                        PythonCodes.contact(advisoryId, "K-001", "c-owner"),
                        PythonCodes.contact(advisoryId, "K-001", "c-mgr"),
                        PythonCodes.contact(advisoryId, "K-002", "c-mgr"),
                        PythonCodes.general(advisoryId, "K-003"),
                        PythonCodes.general(advisoryId, "K-004"),
                        PythonCodes.partner(advisoryId, "itp-a"),
                        PythonCodes.partner(advisoryId, "itp-b")));
        assertThat(code(PRACTICE_LINK, textByRecipient.get("berg@k1.example")))
                .isEqualTo(expected.get(0).formatted());
        assertThat(textByRecipient.get("berg@k1.example")).contains("Dr. Anna Berg");
        assertThat(code(PRACTICE_LINK, textByRecipient.get("kern@k1.example")))
                .isEqualTo(expected.get(1).formatted());
        assertThat(textByRecipient.get("kern@k1.example")).contains("Paul Kern", "Please change");
        assertThat(code(PRACTICE_LINK, textByRecipient.get("lenz@k2.example")))
                .isEqualTo(expected.get(2).formatted());
        assertThat(code(PRACTICE_LINK, textByRecipient.get("info@k3.example")))
                .isEqualTo(expected.get(3).formatted());
        assertThat(code(PRACTICE_LINK, textByRecipient.get("info@k4.example")))
                .isEqualTo(expected.get(4).formatted());
        String alpha = textByRecipient.get("a1@itp-a.example");
        assertThat(code(PARTNER_LINK, alpha)).isEqualTo(expected.get(5).formatted());
        assertThat(alpha)
                .contains("Alpha IT", "2 der betroffenen Praxen", "TI-Konnektor", "niemals nach einem Passwort")
                .doesNotContain("/a/");
        String beta = textByRecipient.get("b@itp-b.example");
        assertThat(code(PARTNER_LINK, beta)).isEqualTo(expected.get(6).formatted());
        assertThat(beta).contains("Beta IT", "You look after 2 of the practices", "TI connector");

        // and on Kafka: a letter for the owner who prefers letters, the partners' lists, partner mails without practice
        try (KafkaTopicReader reader = new KafkaTopicReader(INFRA.kafkaBootstrapServers(), Topic.values())) {
            List<EventEnvelope<EventPayload>> events = KafkaTopicReader.events(reader.readUntil(
                    Duration.ofSeconds(60),
                    "seven email.sent events and two partner notifications of the advisory",
                    // every partition read that far: the topics are read side by side, not in one order
                    read -> KafkaTopicReader.events(read).stream()
                                            .filter(e -> e.payload() instanceof EmailSent sent
                                                    && sent.advisoryId().equals(advisoryId))
                                            .count()
                                    == 7
                            && KafkaTopicReader.events(read).stream()
                                            .filter(e -> e.payload() instanceof PartnerNotificationRequested mail
                                                    && mail.advisoryId().equals(advisoryId))
                                            .count()
                                    == 2));
            List<NotificationRequested> notifications = payloads(events, NotificationRequested.class);
            assertThat(notifications)
                    .filteredOn(n -> n.channel() == Channel.LETTER)
                    .singleElement()
                    .satisfies(letter -> {
                        assertThat(letter.practiceId()).isEqualTo("K-002");
                        assertThat(letter.contactId()).isEqualTo("c-owner");
                        assertThat(letter.codeHash())
                                .isEqualTo(PythonCodes.derive(
                                                CODE_KEY, List.of(PythonCodes.contact(advisoryId, "K-002", "c-owner")))
                                        .get(0)
                                        .hash());
                    });
            assertThat(notifications).noneMatch(n -> "c-doc".equals(n.contactId()));
            List<PartnerNotificationRequested> partnerMails =
                    payloads(events, PartnerNotificationRequested.class).stream()
                            .sorted(java.util.Comparator.comparing(PartnerNotificationRequested::partnerId))
                            .toList();
            assertThat(partnerMails)
                    .extracting(PartnerNotificationRequested::partnerId)
                    .containsExactly("itp-a", "itp-b");
            assertThat(partnerMails.get(0).practices())
                    .containsExactly(
                            new PartnerPractice(
                                    "K-001",
                                    List.of(
                                            "practice-software",
                                            "windows-workstations",
                                            "windows-servers",
                                            "ti-konnektor")),
                            new PartnerPractice(
                                    "K-002", List.of("practice-software", "windows-workstations", "windows-servers")));
            assertThat(partnerMails.get(1).practices())
                    .containsExactly(
                            new PartnerPractice("K-002", List.of("ti-konnektor")),
                            new PartnerPractice("K-003", List.of("ti-konnektor")));
            assertThat(partnerMails.get(0).codeHash()).isEqualTo(expected.get(5).hash());
            assertThat(payloads(events, EmailSent.class))
                    .filteredOn(sent -> sent.practiceId() == null)
                    .extracting(EmailSent::notificationId)
                    .containsExactlyInAnyOrderElementsOf(partnerMails.stream()
                            .map(PartnerNotificationRequested::notificationId)
                            .toList());
        }
    }

    @Test
    @Order(3)
    void aReminderStepSendsOneDigestPerPartnerWithoutWhatItDeclinedOrConfirmed() throws Exception {
        // Given: partner B confirmed K-003's connector and declined K-002's
        publish(new CredentialRotationConfirmed(
                UUID.randomUUID(),
                advisoryId,
                "K-003",
                "ti-konnektor",
                RotationStatus.CHANGED,
                LocalDate.now(),
                "Bo",
                Instant.now(),
                null,
                "itp-b"));
        publish(new PartnerResponsibilityDeclined(
                UUID.randomUUID(), advisoryId, "K-002", "ti-konnektor", "itp-b", "Bo", Instant.now()));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> count("SELECT count(*) FROM partner_declined WHERE advisory_id = ?") == 1
                        && count("SELECT count(*) FROM confirmed_credential WHERE advisory_id = ?") == 1);
        INFRA.mail().reset();

        // When the reminder step is fired by hand
        Map<?, ?> fired = http.toBlocking()
                .retrieve(
                        HttpRequest.POST("/api/advisories/" + advisoryId + "/escalation/steps/reminder/fire", "")
                                .basicAuth("comms", "comms-pw"),
                        Map.class);
        assertThat(fired.get("practices")).isEqualTo(4);

        // Then the contacts in the roles who take email, the general addresses, and partner A (B has nothing left)
        List<MimeMessage> mails = INFRA.mail().awaitMessages(7, Duration.ofSeconds(90));
        Map<String, String> textByRecipient = new HashMap<>();
        for (MimeMessage mail : mails) {
            for (Address recipient : mail.getRecipients(MimeMessage.RecipientType.TO)) {
                textByRecipient.put(recipient.toString(), mail.getSubject() + "\n" + plainText(mail));
            }
        }
        assertThat(textByRecipient)
                .containsOnlyKeys(
                        "berg@k1.example",
                        "kern@k1.example",
                        "lenz@k2.example",
                        "info@k3.example",
                        "info@k4.example",
                        "a1@itp-a.example",
                        "a2@itp-a.example");
        assertThat(textByRecipient.get("a1@itp-a.example")).contains("Erinnerung", "Bei 2 der von Ihnen betreuten");
        try (KafkaTopicReader reader = new KafkaTopicReader(INFRA.kafkaBootstrapServers(), Topic.values())) {
            List<EventEnvelope<EventPayload>> events = KafkaTopicReader.events(reader.readUntil(
                    Duration.ofSeconds(60),
                    "the reminder step and its partner digest",
                    // every partition read that far: the topics are read side by side, not in one order
                    read -> KafkaTopicReader.events(read).stream()
                                    .anyMatch(e -> e.payload() instanceof EscalationStepFired step
                                            && step.advisoryId().equals(advisoryId))
                            && KafkaTopicReader.events(read).stream()
                                    .anyMatch(e -> e.payload() instanceof PartnerNotificationRequested mail
                                            && mail.advisoryId().equals(advisoryId)
                                            && "reminder".equals(mail.step()))));
            assertThat(payloads(events, EscalationStepFired.class))
                    .singleElement()
                    .satisfies(step -> assertThat(step.partnerDigests()).isEqualTo(1));
            assertThat(payloads(events, PartnerNotificationRequested.class))
                    .filteredOn(mail -> mail.step().equals("reminder"))
                    .singleElement()
                    .satisfies(digest -> {
                        assertThat(digest.partnerId()).isEqualTo("itp-a");
                        assertThat(digest.practices())
                                .extracting(PartnerPractice::practiceId)
                                .containsExactly("K-001", "K-002");
                    });
        }
    }

    private Map<?, ?> createAdvisory(List<String> roles, boolean partnersTold) {
        return http.toBlocking()
                .retrieve(
                        HttpRequest.POST(
                                        "/api/advisories",
                                        Map.of(
                                                "title", "Contacts advisory",
                                                "deadline",
                                                        LocalDate.now()
                                                                .plusDays(30)
                                                                .toString(),
                                                "audience",
                                                        Map.of(
                                                                "kind",
                                                                "PRACTICES",
                                                                "values",
                                                                List.of("K-001", "K-002", "K-003", "K-004")),
                                                "recipients", Map.of("roles", roles, "partners", partnersTold),
                                                "texts",
                                                        Map.of(
                                                                "de",
                                                                Map.of(
                                                                        "subject",
                                                                        "Bitte Passwörter ändern",
                                                                        "body",
                                                                        "{{salutation}}\n\n{{credentials}}"),
                                                                "en",
                                                                Map.of(
                                                                        "subject",
                                                                        "Please change passwords",
                                                                        "body",
                                                                        "{{salutation}}\n\nPlease change:\n{{credentials}}"))))
                                .basicAuth("comms", "comms-pw"),
                        Map.class);
    }

    private long count(String sql) {
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection().prepareStatement(sql)) {
                select.setString(1, advisoryId);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    private static void publish(EventPayload payload) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                INFRA.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class))) {
            producer.send(EventRecords.toRecord(EventEnvelope.wrap(payload, "ack-service", Instant.now())))
                    .get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Practice practice(
            String id, String name, List<Contact> contacts, List<PartnerAssignment> partnerAssignments) {
        String general = "info@" + id.toLowerCase().replace("k-00", "k") + ".example";
        return new Practice(id, name, null, List.of(general), ADDRESS, "de", "contacts", PreferredChannel.EMAIL)
                .withContactsAndPartners(contacts, partnerAssignments);
    }

    /** The payloads of this test's advisory's events of a type. */
    private <T> List<T> payloads(List<EventEnvelope<EventPayload>> events, Class<T> type) {
        return events.stream()
                .filter(event -> advisoryId.equals(event.correlationId()))
                .map(EventEnvelope::payload)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private static String code(Pattern link, String text) {
        Matcher matcher = link.matcher(text);
        assertThat(matcher.find()).as(text).isTrue();
        String code = matcher.group(1);
        assertThat(text).contains(code);
        assertThat(AckCode.parse(code)).isPresent();
        return code;
    }

    private static String plainText(MimeMessage mail) {
        try {
            MimeMultipart parts = (MimeMultipart) mail.getContent();
            return (String) parts.getBodyPart(0).getContent();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HttpClientResponseException catchHttp(Runnable call) {
        try {
            call.run();
        } catch (HttpClientResponseException e) {
            return e;
        }
        throw new AssertionError("expected an HTTP error");
    }
}
