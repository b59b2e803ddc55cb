package dev.breachnotify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.AckCode;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Topic;
import dev.breachnotify.platform.security.PasswordHashes;
import dev.breachnotify.testsupport.TestInfrastructure;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotifierPipelineIT implements TestPropertyProvider {

    private static final TestInfrastructure INFRA = TestInfrastructure.get();
    private static final String CSV = """
            practice_id;name;contact_person;emails;street;postcode;city;country;language;segment;preferred_channel
            T-001;Praxis Dr. Weber;Dr. Anna Weber;weber@example.org;Hauptstr. 1;10115;Berlin;DE;de;zahnmedizin;email
            T-002;Surgery Dr. Smith;;smith@example.org, desk@example.org;High St 2;20095;Hamburg;DE;en;zahnmedizin;both
            T-003;Praxis Brief;;;Weg 3;80331;München;DE;de;zahnmedizin;letter
            T-004;Praxis <b>Fett</b> & Co;;fett@example.org;;;;DE;de;orthopaedie;email
            T-005;Praxis Kaputt;;kein-at.example.org;;;;DE;xx;zahnmedizin;email
            """;
    private static final String DKIM_KEY = rsaKey();
    private static final Pattern LINK = Pattern.compile("http://ack\\.test/a/([0-9A-Z-]{21})");

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>();
        properties.put("kafka.bootstrap.servers", INFRA.kafkaBootstrapServers());
        properties.put("datasources.default.url", INFRA.jdbcUrl("notifier_it"));
        properties.put("datasources.default.username", INFRA.dbUser());
        properties.put("datasources.default.password", INFRA.dbPassword());
        properties.put("breachnotify.notifier.smtp.port", String.valueOf(INFRA.smtpPort()));
        properties.put("breachnotify.notifier.smtp.host", "127.0.0.1");
        properties.put("breachnotify.notifier.ack-base-url", "http://ack.test");
        properties.put(
                "breachnotify.notifier.code-key",
                Base64.getEncoder()
                        .encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
        properties.put("breachnotify.notifier.dkim.private-key", DKIM_KEY);
        properties.put(
                "breachnotify.security.users.comms.password-hash", PasswordHashes.hash("comms-pw".toCharArray()));
        properties.put("breachnotify.security.users.comms.roles", "COMMUNICATIONS");
        properties.put("breachnotify.security.users.dpo.password-hash", PasswordHashes.hash("dpo-pw".toCharArray()));
        properties.put("breachnotify.security.users.dpo.roles", "DPO");
        return properties;
    }

    @Test
    @Order(1)
    void importTakesTheValidRowsAndReportsEveryBadOneByLineAndField() {
        Map<String, Object> report = importCsv(CSV, false);

        assertThat(report.get("applied")).isEqualTo(true);
        assertThat(report.get("created")).isEqualTo(4);
        assertThat(report.get("rejected")).isEqualTo(1);
        List<?> problems = (List<?>) report.get("problems");
        assertThat(problems).hasSize(2);
        assertThat(problems.toString())
                .contains(
                        "line=6", "field=emails", "malformed email address", "field=language", "unknown language 'xx'");
    }

    @Test
    @Order(2)
    void reImportReportsUnchangedAndUpdatedRows() {
        Map<String, Object> report = importCsv(CSV.replace("Dr. Anna Weber", "Dr. Anna Weber-Schulz"), false);

        assertThat(report.get("created")).isEqualTo(0);
        assertThat(report.get("updated")).isEqualTo(1);
        assertThat(report.get("unchanged")).isEqualTo(3);
    }

    @Test
    @Order(3)
    void strictImportWithABadRowWritesNothing() {
        HttpClientResponseException rejected =
                catchHttp(() -> importCsv(CSV.replace("T-001;", "T-101;").replace("T-002;", "T-102;"), true));

        assertThat(rejected.getStatus().getCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY.getCode());
        Map<String, Object> unchanged = importCsv(CSV, false);
        assertThat(unchanged.get("created")).isEqualTo(0);
    }

    @Test
    @Order(4)
    @SuppressWarnings("unchecked")
    void aDryRunReportsWhatAnImportWouldDoAndWritesNothing() {
        String csv = CSV.lines().findFirst().orElseThrow() + "\n"
                + "DRY-1;Praxis Probe;;probe@example.org;Weg 1;10115;Berlin;DE;de;x;email\n"
                + "DRY-2;Praxis Kaputt;;kein-at;Weg 2;10115;Berlin;DE;de;x;email\n";
        for (int run = 0; run < 2; run++) {
            var request = HttpRequest.POST("/api/practices/import?dryRun=true", csv)
                    .contentType(MediaType.of("text/csv"))
                    .basicAuth("comms", "comms-pw");
            Map<String, Object> report =
                    http.toBlocking().exchange(request, Map.class).body();

            assertThat(report)
                    .containsEntry("dryRun", true)
                    .containsEntry("applied", false)
                    .containsEntry("created", 1)
                    .containsEntry("rejected", 1);
            assertThat(report.get("problems").toString()).contains("line=3", "field=emails");
        }
    }

    @Test
    @Order(4)
    void aFileWithAnUnknownColumnIsRejectedWhole() {
        HttpClientResponseException rejected = catchHttp(() -> importCsv("practice_id;name;fax\nX-1;A;123\n", false));

        assertThat(rejected.getStatus().getCode()).isEqualTo(HttpStatus.BAD_REQUEST.getCode());
        assertThat(rejected.getResponse().getBody(String.class).orElseThrow())
                .contains("line 1", "unknown column 'fax'");
    }

    @Test
    @Order(5)
    void publishingEmailsEveryPracticeWithAPersonalLinkAndOnlyTheCodeHashTravels() throws Exception {
        INFRA.mail().reset();
        Map<?, ?> advisory = http.toBlocking()
                .retrieve(
                        HttpRequest.POST(
                                        "/api/advisories",
                                        Map.of(
                                                "title", "Test advisory",
                                                "deadline",
                                                        LocalDate.now()
                                                                .plusDays(30)
                                                                .toString(),
                                                "audience",
                                                        Map.of("kind", "SEGMENTS", "values", List.of("zahnmedizin")),
                                                "texts",
                                                        Map.of(
                                                                "de",
                                                                        Map.of(
                                                                                "subject",
                                                                                "Bitte Passwörter ändern",
                                                                                "body",
                                                                                "Hallo {{practice.name}},\n\n{{credentials}}"),
                                                                "en",
                                                                        Map.of(
                                                                                "subject",
                                                                                "Please change passwords",
                                                                                "body",
                                                                                "Hello {{practice.name}},\n\n{{credentials}}"))))
                                .basicAuth("comms", "comms-pw"),
                        Map.class);
        String advisoryId = (String) advisory.get("advisoryId");
        // the console's views before publishing: the list, the forecast by channel, the letter preview
        List<?> listed = http.toBlocking()
                .retrieve(HttpRequest.GET("/api/advisories?limit=5").basicAuth("comms", "comms-pw"), List.class);
        assertThat(((Map<?, ?>) listed.get(0)).get("advisoryId")).isEqualTo(advisoryId);
        @SuppressWarnings("unchecked")
        Map<String, Object> forecast = http.toBlocking()
                .retrieve(
                        HttpRequest.GET("/api/advisories/" + advisoryId + "/forecast")
                                .basicAuth("comms", "comms-pw"),
                        Map.class);
        // T-001 prefers email, T-002 both, T-003 has no email address
        assertThat(forecast)
                .containsEntry("practices", 3)
                .containsEntry("emailOnly", 1)
                .containsEntry("letterOnly", 1)
                .containsEntry("both", 1)
                .containsEntry("unreachable", 0);
        byte[] letter = http.toBlocking()
                .retrieve(
                        HttpRequest.GET("/api/advisories/" + advisoryId
                                        + "/letter-preview.pdf?practiceId=T-001&lang=en")
                                .basicAuth("comms", "comms-pw"),
                        byte[].class);
        assertThat(new String(letter, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

        Map<?, ?> published = http.toBlocking()
                .retrieve(
                        HttpRequest.POST("/api/advisories/" + advisoryId + "/publish", "")
                                .basicAuth("comms", "comms-pw"),
                        Map.class);
        assertThat((Object) published.get("practicesTargeted")).isEqualTo(3);

        List<MimeMessage> mails = INFRA.mail().awaitMessages(3, Duration.ofSeconds(30));
        Map<String, String> codeByRecipient = new HashMap<>();
        for (MimeMessage mail : mails) {
            String text = plainText(mail);
            Matcher link = LINK.matcher(text);
            assertThat(link.find()).as(text).isTrue();
            codeByRecipient.put(mail.getAllRecipients()[0].toString(), link.group(1));
            assertThat(mail.getMessageID()).endsWith("@vendor.example>");
            assertThat(mail.getHeader("DKIM-Signature", null))
                    .contains("a=rsa-sha256", "c=relaxed/relaxed", "d=vendor.example", "s=breachnotify", "bh=");
            assertThat(text).doesNotContain("<img");
        }
        assertThat(codeByRecipient).containsKeys("weber@example.org");

        try (KafkaTopicReader reader = new KafkaTopicReader(INFRA.kafkaBootstrapServers(), Topic.values())) {
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(
                    Duration.ofSeconds(30),
                    "three email.sent events",
                    read -> KafkaTopicReader.events(read).stream()
                                            .filter(e -> e.payload() instanceof EmailSent sent
                                                    && sent.advisoryId().equals(advisoryId))
                                            .count()
                                    == 2
                            // the topics are read side by side: the deliveries' may come before the notifications'
                            && KafkaTopicReader.events(read).stream()
                                            .filter(e -> e.payload() instanceof NotificationRequested n
                                                    && n.advisoryId().equals(advisoryId))
                                            .count()
                                    == 4);
            List<EventEnvelope<EventPayload>> events = KafkaTopicReader.events(records);
            List<NotificationRequested> notifications = events.stream()
                    .filter(e -> e.payload() instanceof NotificationRequested n
                            && n.advisoryId().equals(advisoryId))
                    .map(e -> (NotificationRequested) e.payload())
                    .toList();
            assertThat(notifications)
                    .extracting(NotificationRequested::practiceId)
                    .containsExactlyInAnyOrder("T-001", "T-002", "T-002", "T-003");
            String weberCode = codeByRecipient.get("weber@example.org");
            NotificationRequested weber = notifications.stream()
                    .filter(n -> n.practiceId().equals("T-001"))
                    .findFirst()
                    .orElseThrow();
            assertThat(weber.codeHash())
                    .isEqualTo(AckCode.parse(weberCode).orElseThrow().hash());
            assertThat(records).allSatisfy(record -> {
                String json = new String(record.value(), StandardCharsets.UTF_8);
                codeByRecipient.values().forEach(code -> {
                    assertThat(json).doesNotContain(code);
                    assertThat(json).doesNotContain(code.replace("-", ""));
                });
            });
        }
    }

    @Test
    @Order(6)
    void endpointsNeedAuthenticationAndTheRightRole() {
        assertThat(catchHttp(() -> importCsv(CSV, false, null)).getStatus().getCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED.getCode());
        assertThat(catchHttp(() -> importCsv(CSV, false, "dpo")).getStatus().getCode())
                .isEqualTo(HttpStatus.FORBIDDEN.getCode());
    }

    private Map<String, Object> importCsv(String csv, boolean strict) {
        return importCsv(csv, strict, "comms");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> importCsv(String csv, boolean strict, String user) {
        var request =
                HttpRequest.POST("/api/practices/import?strict=" + strict, csv).contentType(MediaType.of("text/csv"));
        if (user != null) {
            request = request.basicAuth(user, user + "-pw");
        }
        HttpResponse<Map> response = http.toBlocking().exchange(request, Map.class);
        return (Map<String, Object>) response.body();
    }

    private static HttpClientResponseException catchHttp(Runnable call) {
        try {
            call.run();
        } catch (HttpClientResponseException e) {
            return e;
        }
        throw new AssertionError("expected an HTTP error");
    }

    @Test
    @Order(7)
    void aTestSendGoesOnlyToAnInternalAddressAndCarriesNoRealCode() {
        String advisoryId = (String) http.toBlocking()
                .retrieve(
                        HttpRequest.POST(
                                        "/api/advisories",
                                        Map.of(
                                                "title",
                                                "Draft",
                                                "deadline",
                                                LocalDate.now().plusDays(30).toString(),
                                                "texts",
                                                Map.of(
                                                        "de",
                                                        Map.of("subject", "Betreff", "body", "Text {{code}}"),
                                                        "en",
                                                        Map.of("subject", "Subject", "body", "Text {{code}}"))))
                                .basicAuth("comms", "comms-pw"),
                        Map.class)
                .get("advisoryId");
        INFRA.mail().reset();

        HttpClientResponseException outside = catchHttp(() -> http.toBlocking()
                .exchange(HttpRequest.POST(
                                "/api/advisories/" + advisoryId + "/test-send",
                                Map.of("practiceId", "T-001", "to", "someone@gmail.com"))
                        .basicAuth("comms", "comms-pw")));
        assertThat(outside.getStatus().getCode()).isEqualTo(400);
        assertThat(outside.getResponse().getBody(String.class).orElseThrow()).contains("vendor.example");

        Map<?, ?> sent = http.toBlocking()
                .retrieve(
                        HttpRequest.POST(
                                        "/api/advisories/" + advisoryId + "/test-send",
                                        Map.of("practiceId", "T-001", "to", "qa@vendor.example"))
                                .basicAuth("comms", "comms-pw"),
                        Map.class);
        assertThat(sent.get("kind")).isEqualTo("SENT");
        MimeMessage mail = INFRA.mail().awaitMessages(1, Duration.ofSeconds(10)).get(0);
        assertThat(plainText(mail)).contains("XXXX-XXXX-XXXX-XXXX-X");
    }

    private static String rsaKey() {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return Base64.getEncoder()
                    .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String plainText(MimeMessage mail) {
        try {
            MimeMultipart parts = (MimeMultipart) mail.getContent();
            return (String) parts.getBodyPart(0).getContent();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
