package dev.breachnotify.audit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breachnotify.audit.AuditTestProperties;
import dev.breachnotify.events.AcknowledgementRecorded;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.ClientInfo;
import dev.breachnotify.events.Contact;
import dev.breachnotify.events.ContactRole;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.CredentialRotationConfirmed;
import dev.breachnotify.events.EmailBounced;
import dev.breachnotify.events.EmailDeferred;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.PageVisited;
import dev.breachnotify.events.Partner;
import dev.breachnotify.events.PartnerRegistered;
import dev.breachnotify.events.PartnerResponsibilityDeclined;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PracticeRegistered;
import dev.breachnotify.events.PreferredChannel;
import dev.breachnotify.events.RotationStatus;
import dev.breachnotify.platform.security.Roles;
import dev.breachnotify.testsupport.TestInfrastructure;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The evidence report against real Kafka and PostgreSQL: a small advisory's events go through the audit log, and
 * the DPO downloads the PDF (and the outstanding CSV) over HTTP.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvidenceReportIT implements TestPropertyProvider {

    private static final String DPO_PASSWORD = "dpo-" + UUID.randomUUID();
    private static final String COMMS_PASSWORD = "comms-" + UUID.randomUUID();
    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    /** Unique per run, so that the test also holds against a long-lived Kafka and PostgreSQL. */
    private final String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);

    private final String advisory = "ADV-REPORT-" + run;
    private final String practiceA = "P-A-" + run; // email sent, acknowledged, both credentials changed
    private final String practiceB = "P-B-" + run; // email bounced (a later DSN): nothing else
    private final String practiceC = "P-C-" + run; // email and letter, acknowledged, by provider / not applicable
    private final String practiceD = "P-D-" + run; // letter only, page opened, nothing confirmed

    private final Map<String, String> properties = new HashMap<>();
    private final List<EventEnvelope<EventPayload>> published = new ArrayList<>();
    private KafkaProducer<String, byte[]> producer;

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        properties.putAll(AuditTestProperties.of("audit_report_it_" + run));
        properties.put("breachnotify.report.vendor-name", "Praxissoftware Beispiel GmbH");
        // a checkpoint soon after the events, so that the report is anchored by one
        properties.put("breachnotify.audit.checkpoint.max-age", "1s");
        AuditTestProperties.user(properties, "dpo", DPO_PASSWORD, Roles.DPO);
        AuditTestProperties.user(properties, "comms", COMMS_PASSWORD, Roles.COMMUNICATIONS);
        return properties;
    }

    @BeforeAll
    void publishTheAdvisorysEvents() throws Exception {
        Properties config = new Properties();
        config.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().kafkaBootstrapServers());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());

        publish(
                new AdvisoryPublished(
                        advisory,
                        "Sicherheitsvorfall",
                        Map.of(
                                "de",
                                new LocalizedText("Bitte Passwörter ändern", "…"),
                                "en",
                                new LocalizedText("Please change your passwords", "…")),
                        List.of(
                                new Credential("ti-konnektor", Map.of("de", "TI-Konnektor", "en", "TI connector")),
                                new Credential("windows", Map.of("de", "Windows-Anmeldungen", "en", "Windows logins"))),
                        LocalDate.of(2026, 11, 23),
                        AdvisoryPublished.Audience.ALL,
                        List.of(Channel.EMAIL, Channel.LETTER),
                        "comms",
                        T0,
                        null),
                T0);
        publish(notification(practiceA, Channel.EMAIL), T0);
        publish(notification(practiceB, Channel.EMAIL), T0);
        publish(notification(practiceC, Channel.EMAIL), T0);
        publish(notification(practiceC, Channel.LETTER), T0);
        publish(notification(practiceD, Channel.LETTER), T0);
        publish(
                new EmailDeferred(UUID.randomUUID(), advisory, practiceA, 451, "greylisted", 1, T0.plusSeconds(600)),
                T0.plusSeconds(60));
        publish(
                new EmailSent(UUID.randomUUID(), advisory, practiceA, List.of("a@example.org"), "<a@x>", "250 OK", 2),
                T0.plusSeconds(660));
        // B: the relay took the mail, then a delivery status notification reported it failed for good
        UUID mailB = UUID.randomUUID();
        publish(
                new EmailSent(mailB, advisory, practiceB, List.of("b@example.org"), "<b@x>", "250 OK", 1),
                T0.plusSeconds(60));
        publish(
                new EmailBounced(
                        mailB,
                        advisory,
                        practiceB,
                        "b@example.org",
                        "failed",
                        "5.1.1",
                        "smtp; 550 5.1.1 no such user",
                        true,
                        "<dsn-b@x>"),
                T0.plusSeconds(120));
        // C: sent; a reported delay changes nothing
        UUID mailC = UUID.randomUUID();
        publish(
                new EmailSent(mailC, advisory, practiceC, List.of("c@example.org"), "<c@x>", "250 OK", 1),
                T0.plusSeconds(60));
        publish(
                new EmailBounced(
                        mailC,
                        advisory,
                        practiceC,
                        "c@example.org",
                        "delayed",
                        "4.4.1",
                        "smtp; 451 4.4.1 try later",
                        false,
                        "<dsn-c@x>"),
                T0.plusSeconds(120));
        publish(
                new PageVisited(UUID.randomUUID(), advisory, practiceA, "GET", T0.plusSeconds(3600), client()),
                T0.plusSeconds(3600));
        publish(new PageVisited(UUID.randomUUID(), advisory, practiceD, "GET", T0.plus(DAY), client()), T0.plus(DAY));
        // A's owner acknowledges with a code of her own; an IT service partner says D's windows are not its job
        publish(
                new PracticeRegistered(new Practice(
                                practiceA,
                                "Praxis A",
                                null,
                                List.of("a@example.org"),
                                null,
                                "de",
                                null,
                                PreferredChannel.EMAIL)
                        .withContactsAndPartners(
                                List.of(new Contact(
                                        "owner-a", "Dr. Anna A", ContactRole.OWNER, "anna@example.org", null, null)),
                                List.of())),
                T0.minusSeconds(60));
        publish(
                new PartnerRegistered(new Partner("IT-" + run, "Praxis-IT Nord GmbH", "de", List.of())),
                T0.minusSeconds(60));
        publish(
                new AcknowledgementRecorded(
                        UUID.randomUUID(), advisory, practiceA, "Dr. A", T0.plusSeconds(3700), client(), "owner-a"),
                T0.plusSeconds(3700));
        publish(
                new PartnerResponsibilityDeclined(
                        UUID.randomUUID(), advisory, practiceD, "windows", "IT-" + run, "J. Petersen", T0.plus(DAY)),
                T0.plus(DAY));
        publish(rotation(practiceA, "ti-konnektor", RotationStatus.CHANGED), T0.plusSeconds(3700));
        publish(rotation(practiceA, "windows", RotationStatus.CHANGED), T0.plusSeconds(3700));
        publish(
                new AcknowledgementRecorded(
                        UUID.randomUUID(), advisory, practiceC, "Dr. C", T0.plus(DAY.multipliedBy(2)), client()),
                T0.plus(DAY.multipliedBy(2)));
        publish(rotation(practiceC, "ti-konnektor", RotationStatus.CHANGED_BY_PROVIDER), T0.plus(DAY.multipliedBy(2)));
        publish(rotation(practiceC, "windows", RotationStatus.NOT_APPLICABLE), T0.plus(DAY.multipliedBy(2)));
        // another advisory's event about practice B: not part of this report
        publish(
                new EmailSent(
                        UUID.randomUUID(),
                        "ADV-OTHER-" + run,
                        practiceB,
                        List.of("b@example.org"),
                        "<b@x>",
                        "250 OK",
                        1),
                T0.plusSeconds(60));

        await().atMost(Duration.ofSeconds(30)).until(this::allLogged);
    }

    @AfterAll
    void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void theDpoDownloadsTheEvidenceReportOfTheAdvisory() throws Exception {
        await("a signed checkpoint").atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                return http.toBlocking()
                        .retrieve("/.well-known/audit-checkpoint")
                        .contains("breachnotify.local/audit");
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        HttpResponse<byte[]> response = http.toBlocking()
                .exchange(HttpRequest.GET(pdfUri(advisory)).basicAuth("dpo", DPO_PASSWORD), byte[].class);

        assertThat(response.code()).isEqualTo(HttpStatus.OK.getCode());
        assertThat(response.getContentType())
                .hasValueSatisfying(type -> assertThat(type.getName()).isEqualTo("application/pdf"));
        assertThat(response.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"evidence-" + advisory + ".pdf\"");
        byte[] pdf = response.body();
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        String text = text(pdf);

        assertThat(text)
                .contains(
                        "Praxissoftware Beispiel GmbH",
                        "Advisory id " + advisory,
                        "Subject (en) Please change your passwords",
                        "Subject (de) Bitte Passwörter ändern",
                        "Published at 2026-11-20T09:00:00Z",
                        "Deadline 2026-11-23",
                        "Channels EMAIL, LETTER",
                        "TI connector (ti-konnektor)",
                        "Windows logins (windows)",
                        "generated",
                        "for dpo");
        assertThat(text)
                .contains(
                        "Practices targeted 4",
                        "by email 3",
                        "by letter 2",
                        "Email sent (relay accepted) 2 (66.7 %)",
                        "Email bounced (5xx or DSN) 1",
                        "Email failed (retries exhausted) 0",
                        "Email deferred, still retried 0",
                        "Email not attempted yet 0",
                        "Letters requested 2",
                        "Acknowledgement page opened 2 practices",
                        "Acknowledged 2 (50.0 %)",
                        "Complete 2 (50.0 %)");
        assertThat(text).contains("TI connector (ti-konnektor) 1 1 0 2", "Windows logins (windows) 1 0 1 2");
        assertThat(text)
                .contains(
                        "2026-11-20",
                        "2026-11-22",
                        "deadline 2026-11-23",
                        "Acknowledged (2)",
                        "Rotated: TI connector (2)",
                        "Rotated: Windows logins (1)");
        assertThat(text)
                .contains(
                        "Practice (general code) 1 4 0 2",
                        "Contact: OWNER 1 0 0 1",
                        "Partner: Praxis-IT Nord GmbH (IT-" + run + ") 0 0 1 1");
        assertThat(text)
                .contains(
                        "2 of 4 targeted practices",
                        practiceB + " email bounced acknowledgement, ti-konnektor, windows",
                        practiceD + " letter acknowledgement, ti-konnektor, windows")
                .doesNotContain(practiceA + " email", practiceC + " email");
        assertThat(text)
                .contains(
                        "Entries of this advisory 21",
                        "credential.rotation.confirmed 4",
                        "notification.requested 5",
                        "Signed checkpoint breachnotify.local/audit",
                        "Tree size",
                        "Root hash");

        // The log position printed is an entry of the log, with its leaf hash
        Matcher last = Pattern.compile("Last entry index (\\d+)").matcher(text);
        assertThat(last.find()).isTrue();
        long lastIndex = Long.parseLong(last.group(1));
        assertThat(text).contains("Entries in the log " + (lastIndex + 1));
        try (Connection db = db();
                PreparedStatement select = db.prepareStatement("SELECT leaf_hash FROM audit_log WHERE idx = ?")) {
            select.setLong(1, lastIndex);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(text)
                        .contains(
                                "Leaf hash of the last entry " + HexFormat.of().formatHex(row.getBytes(1)));
            }
        }
    }

    @Test
    void theOutstandingCsvListsEveryPracticeThatIsNotDone() {
        HttpResponse<String> response = http.toBlocking()
                .exchange(
                        HttpRequest.GET("/api/audit/advisories/" + advisory + "/outstanding.csv")
                                .basicAuth("dpo", DPO_PASSWORD),
                        String.class);

        assertThat(response.code()).isEqualTo(HttpStatus.OK.getCode());
        assertThat(response.getContentType())
                .hasValueSatisfying(type -> assertThat(type.getName()).isEqualTo("text/csv"));
        assertThat(response.body())
                .isEqualTo("practice_id,delivery,acknowledged,missing_credentials\r\n"
                        + practiceB + ",email bounced,false,ti-konnektor windows\r\n"
                        + practiceD + ",letter,false,ti-konnektor windows\r\n");
    }

    @Test
    void theAnswersCsvNamesTheContactOrPartnerBehindEveryAnswer() {
        HttpResponse<String> response = http.toBlocking()
                .exchange(
                        HttpRequest.GET("/api/audit/advisories/" + advisory + "/answers.csv")
                                .basicAuth("dpo", DPO_PASSWORD),
                        String.class);

        assertThat(response.code()).isEqualTo(HttpStatus.OK.getCode());
        // no field of this advisory's answers needs quoting, so a plain split reads the CSV
        String[] lines = response.body().split("\r\n");
        List<String> header = List.of(lines[0].split(",", -1));
        assertThat(header).isEqualTo(AnswersCsv.COLUMNS);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] fields = lines[i].split(",", -1);
            Map<String, String> row = new HashMap<>();
            for (int f = 0; f < header.size(); f++) {
                row.put(header.get(f), fields[f]);
            }
            rows.add(row);
        }
        assertThat(rows)
                .extracting(row -> row.get("type") + " " + row.get("practice_id") + " " + row.get("answered_by"))
                .containsExactlyInAnyOrder(
                        "acknowledgement.recorded " + practiceA + " contact",
                        "credential.rotation.confirmed " + practiceA + " practice",
                        "credential.rotation.confirmed " + practiceA + " practice",
                        "partner.responsibility.declined " + practiceD + " partner",
                        "acknowledgement.recorded " + practiceC + " practice",
                        "credential.rotation.confirmed " + practiceC + " practice",
                        "credential.rotation.confirmed " + practiceC + " practice");
        Map<String, String> owner = rows.stream()
                .filter(row -> "contact".equals(row.get("answered_by")))
                .findFirst()
                .orElseThrow();
        assertThat(owner)
                .containsEntry("contact_id", "owner-a")
                .containsEntry("contact_role", "OWNER")
                .containsEntry("contact_name", "Dr. Anna A")
                .containsEntry("confirmed_by", "Dr. A");
        Map<String, String> partner = rows.stream()
                .filter(row -> "partner".equals(row.get("answered_by")))
                .findFirst()
                .orElseThrow();
        assertThat(partner)
                .containsEntry("partner_id", "IT-" + run)
                .containsEntry("partner_name", "Praxis-IT Nord GmbH")
                .containsEntry("credential_id", "windows");
    }

    @Test
    void onlyTheDpoAndAdminGetItAndAnUnknownAdvisoryIsNotFound() {
        assertThat(statusOf(HttpRequest.GET(pdfUri(advisory)))).isEqualTo(HttpStatus.UNAUTHORIZED.getCode());
        assertThat(statusOf(HttpRequest.GET(pdfUri(advisory)).basicAuth("comms", COMMS_PASSWORD)))
                .isEqualTo(HttpStatus.FORBIDDEN.getCode());
        assertThat(statusOf(HttpRequest.GET("/api/audit/advisories/" + advisory + "/outstanding.csv")
                        .basicAuth("comms", COMMS_PASSWORD)))
                .isEqualTo(HttpStatus.FORBIDDEN.getCode());

        HttpClientResponseException unknown =
                catchResponse(HttpRequest.GET(pdfUri("ADV-NOPE-" + run)).basicAuth("dpo", DPO_PASSWORD));
        assertThat(unknown.code()).isEqualTo(HttpStatus.NOT_FOUND.getCode());
        assertThat(unknown.getResponse().getBody(Map.class)).hasValueSatisfying(body -> {
            assertThat(body).containsEntry("error", "not_found").containsEntry("advisoryId", "ADV-NOPE-" + run);
            assertThat((String) body.get("message")).contains("no advisory.published event for advisory ADV-NOPE-");
        });
        assertThat(catchResponse(HttpRequest.GET("/api/audit/advisories/ADV-NOPE-" + run + "/outstanding.csv")
                                .basicAuth("dpo", DPO_PASSWORD))
                        .code())
                .isEqualTo(HttpStatus.NOT_FOUND.getCode());
    }

    // --- helpers

    private static String pdfUri(String advisoryId) {
        return "/api/audit/advisories/" + advisoryId + "/evidence.pdf";
    }

    private NotificationRequested notification(String practice, Channel channel) {
        return new NotificationRequested(
                UUID.randomUUID(),
                advisory,
                practice,
                channel,
                "initial",
                "de",
                channel == Channel.EMAIL ? List.of("praxis@example.org") : List.of(),
                "ab".repeat(32),
                T0.plus(DAY.multipliedBy(30)));
    }

    private CredentialRotationConfirmed rotation(String practice, String credential, RotationStatus status) {
        return new CredentialRotationConfirmed(
                UUID.randomUUID(),
                advisory,
                practice,
                credential,
                status,
                status == RotationStatus.CHANGED ? LocalDate.of(2026, 11, 20) : null,
                "Dr. " + practice,
                T0);
    }

    private static ClientInfo client() {
        return new ClientInfo("Mozilla/5.0", "192.0.2.0/24");
    }

    private void publish(EventPayload payload, Instant occurredAt) throws Exception {
        EventEnvelope<EventPayload> event = EventEnvelope.wrap(payload, "it-producer", occurredAt);
        published.add(event);
        producer.send(new ProducerRecord<>(event.topic().topicName(), event.key(), EventCodec.encode(event)))
                .get();
    }

    private boolean allLogged() throws Exception {
        try (Connection db = db();
                PreparedStatement select =
                        db.prepareStatement("SELECT count(*) FROM audit_log WHERE event_id = ANY (?)")) {
            select.setArray(
                    1,
                    db.createArrayOf(
                            "uuid",
                            published.stream().map(EventEnvelope::eventId).toArray()));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1) == published.size();
            }
        }
    }

    private Connection db() throws Exception {
        return DriverManager.getConnection(
                properties.get("datasources.default.url"),
                properties.get("datasources.default.username"),
                properties.get("datasources.default.password"));
    }

    private static String text(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
        }
    }

    private int statusOf(HttpRequest<?> request) {
        try {
            return http.toBlocking().exchange(request, String.class).code();
        } catch (HttpClientResponseException e) {
            return e.code();
        }
    }

    private HttpClientResponseException catchResponse(HttpRequest<?> request) {
        try {
            http.toBlocking().exchange(request, String.class);
        } catch (HttpClientResponseException e) {
            return e;
        }
        throw new AssertionError("expected an error response to " + request.getUri());
    }
}
