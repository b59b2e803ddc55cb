package dev.breachnotify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.EventJson;
import dev.breachnotify.events.EventType;
import dev.breachnotify.events.Guide;
import dev.breachnotify.events.Topic;
import dev.breachnotify.notifier.guide.SampleGuides;
import dev.breachnotify.platform.security.PasswordHashes;
import dev.breachnotify.testsupport.TestInfrastructure;
import io.micronaut.http.HttpRequest;
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
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Guides through the service: refused at authoring with credential, language, variant and line; the sample's
 * guides previewed in mail and letter; published in {@code advisory.published} (schema v3) with hashes that an
 * independent tool ({@code sha256sum}) computes alike from the published HTML; the mail carries none.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuidesIT implements TestPropertyProvider {

    private static final TestInfrastructure INFRA = TestInfrastructure.get();
    private static final String CSV = """
            practice_id;name;contact_person;emails;street;postcode;city;country;language;segment;preferred_channel;konnektor_model
            G-001;Praxis Secunet;Dr. Anna Weber;guides-secunet@example.org;Hauptstr. 1;10115;Berlin;DE;de;guides;email;Secunet
            G-002;Surgery Other;;guides-other@example.org;High St 2;20095;Hamburg;DE;en;guides;both;
            """;

    @Inject
    @Client("/")
    HttpClient http;

    private String advisoryId;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>();
        properties.put("kafka.bootstrap.servers", INFRA.kafkaBootstrapServers());
        properties.put("datasources.default.url", INFRA.jdbcUrl("notifier_guides_it"));
        properties.put("datasources.default.username", INFRA.dbUser());
        properties.put("datasources.default.password", INFRA.dbPassword());
        properties.put("breachnotify.notifier.smtp.port", String.valueOf(INFRA.smtpPort()));
        properties.put("breachnotify.notifier.smtp.host", "127.0.0.1");
        properties.put("breachnotify.notifier.ack-base-url", "http://ack.test");
        properties.put(
                "breachnotify.notifier.code-key",
                Base64.getEncoder()
                        .encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
        properties.put(
                "breachnotify.security.users.comms.password-hash", PasswordHashes.hash("comms-pw".toCharArray()));
        properties.put("breachnotify.security.users.comms.roles", "COMMUNICATIONS");
        // the first request (compiling the sample's guides) may be slow on a busy machine
        properties.put("micronaut.http.client.read-timeout", "60s");
        return properties;
    }

    @Test
    @Order(1)
    void aGuideWithForbiddenMarkupIsRefusedNamingCredentialLanguageVariantAndLine() throws Exception {
        ObjectNode draft = sample();
        ObjectNode secunet = (ObjectNode) draft.at("/guides/ti-konnektor/variants/secunet");
        secunet.put("en", "Step one\n\nStep two <img src=x onerror=alert(1)>\n");
        ((ObjectNode) draft.at("/guides/practice-software/general"))
                .put("de", "![logo](https://evil.example/logo.png)\n");

        HttpClientResponseException refused = catchHttp(() -> create(draft));

        assertThat(refused.getStatus().getCode()).isEqualTo(HttpStatus.BAD_REQUEST.getCode());
        String body = refused.getResponse().getBody(String.class).orElseThrow();
        assertThat(body)
                .contains(
                        "guides.ti-konnektor.en (variant secunet), line 3: raw HTML is not allowed",
                        "guides.practice-software.de (variant general), line 1: remote image 'https://evil.example/logo.png'");
    }

    @Test
    @Order(2)
    void theSampleIsPreviewedWithItsGuidesAndPublishedWithTheirHashes() throws Exception {
        INFRA.mail().reset();
        importCsv();
        ObjectNode draft = sample();
        draft.putObject("audience")
                .put("kind", "PRACTICES")
                .putArray("values")
                .add("G-001")
                .add("G-002");
        draft.put("deadline", LocalDate.now().plusDays(30).toString());
        advisoryId = (String) create(draft).get("advisoryId");

        // the preview of the mail says where the guides are; the letter preview carries them
        Map<?, ?> mail = http.toBlocking()
                .retrieve(
                        HttpRequest.GET("/api/advisories/" + advisoryId + "/preview?practiceId=G-001")
                                .basicAuth("comms", "comms-pw"),
                        Map.class);
        assertThat((String) mail.get("text"))
                .contains("Anleitungen", "persönlichen Bestätigungsseite", "keine Anhänge");
        byte[] letter = http.toBlocking()
                .retrieve(
                        HttpRequest.GET("/api/advisories/" + advisoryId + "/letter-preview.pdf?practiceId=G-001")
                                .basicAuth("comms", "comms-pw"),
                        byte[].class);
        try (PDDocument pdf = Loader.loadPDF(letter)) {
            assertThat(new PDFTextStripper().getText(pdf))
                    .contains("Anleitung: Zugang zum TI-Konnektor", "Zugang zum secunet-Konnektor ändern");
        }

        // what the practice's page would show beside its credentials: its variant, in its language
        List<?> pageGuides = http.toBlocking()
                .retrieve(
                        HttpRequest.GET("/api/advisories/" + advisoryId + "/guides-preview?practiceId=G-001")
                                .basicAuth("comms", "comms-pw"),
                        List.class);
        assertThat(pageGuides).hasSize(4);
        assertThat(pageGuides.toString())
                .contains("variant=secunet", "language=de")
                .doesNotContain("language=en");
        List<?> englishGuides = http.toBlocking()
                .retrieve(
                        HttpRequest.GET("/api/advisories/" + advisoryId + "/guides-preview?practiceId=G-002")
                                .basicAuth("comms", "comms-pw"),
                        List.class);
        assertThat(englishGuides.toString()).contains("language=en").doesNotContain("variant=secunet");

        http.toBlocking()
                .retrieve(
                        HttpRequest.POST("/api/advisories/" + advisoryId + "/publish", "")
                                .basicAuth("comms", "comms-pw"),
                        Map.class);

        // the event carries every guide, each hash computed alike by sha256sum from the HTML
        AdvisoryPublished published;
        try (KafkaTopicReader reader = new KafkaTopicReader(INFRA.kafkaBootstrapServers(), Topic.ADVISORIES)) {
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(
                    Duration.ofSeconds(60),
                    "the advisory.published of " + advisoryId,
                    read -> read.stream().anyMatch(r -> advisoryId.equals(r.key())));
            ConsumerRecord<String, byte[]> record = records.stream()
                    .filter(r -> advisoryId.equals(r.key()))
                    .findFirst()
                    .orElseThrow();
            var envelope = EventJson.mapper().readTree(record.value());
            assertThat(envelope.get("type").asText()).isEqualTo("advisory.published");
            assertThat(envelope.get("schemaVersion").asInt())
                    .isEqualTo(EventType.ADVISORY_PUBLISHED.currentVersion())
                    .isEqualTo(3);
            published = (AdvisoryPublished)
                    KafkaTopicReader.events(List.of(record)).get(0).payload();
        }
        // 4 credentials x 2 languages general, plus 2 Konnektor variants x 2 languages
        assertThat(published.guides()).hasSize(12);
        assertThat(published.guides()).isEqualTo(SampleGuides.compiled());
        for (Guide guide : published.guides()) {
            assertThat(guide.sha256())
                    .as("%s %s %s", guide.credentialId(), guide.variant(), guide.language())
                    .isEqualTo(sha256sum(guide.html().getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(published.guideFor("ti-konnektor", "de", Map.of("konnektor_model", "Secunet")))
                .get()
                .extracting(Guide::variant)
                .isEqualTo("secunet");

        // the mail: text and HTML only, no attachment, and the note where the guides are
        List<MimeMessage> mails = INFRA.mail().awaitMessages(2, Duration.ofSeconds(60));
        for (MimeMessage sent : mails) {
            MimeMultipart parts = (MimeMultipart) sent.getContent();
            assertThat(parts.getContentType()).startsWith("multipart/alternative");
            for (int i = 0; i < parts.getCount(); i++) {
                assertThat(parts.getBodyPart(i).getDisposition()).isNull();
                assertThat(parts.getBodyPart(i).getContentType()).startsWith("text/");
            }
            String text = (String) parts.getBodyPart(0).getContent();
            assertThat(text).containsAnyOf("keine Anhänge", "no attachments");
            assertThat(text).doesNotContain("Zugang zum secunet-Konnektor ändern");
        }
    }

    @Test
    @Order(3)
    void aPublishedAdvisoryKeepsItsGuides() {
        Map<?, ?> stored = http.toBlocking()
                .retrieve(HttpRequest.GET("/api/advisories/" + advisoryId).basicAuth("comms", "comms-pw"), Map.class);

        assertThat((List<?>) ((Map<?, ?>) stored.get("content")).get("compiledGuides"))
                .hasSize(12);
        assertThat(stored.get("status")).isEqualTo("PUBLISHED");
    }

    private static ObjectNode sample() throws Exception {
        return (ObjectNode) EventJson.mapper().readTree(Files.readString(SampleGuides.FILE));
    }

    private Map<?, ?> create(ObjectNode draft) {
        return http.toBlocking()
                .retrieve(
                        HttpRequest.POST("/api/advisories", draft.toString())
                                .contentType(MediaType.APPLICATION_JSON_TYPE)
                                .basicAuth("comms", "comms-pw"),
                        Map.class);
    }

    private void importCsv() {
        Map<?, ?> report = http.toBlocking()
                .retrieve(
                        HttpRequest.POST("/api/practices/import", CSV)
                                .contentType(MediaType.of("text/csv"))
                                .basicAuth("comms", "comms-pw"),
                        Map.class);
        assertThat(report.get("rejected")).isEqualTo(0);
    }

    private static String sha256sum(byte[] bytes) throws Exception {
        Process process =
                new ProcessBuilder("sha256sum").redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(bytes);
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(process.waitFor()).isZero();
        return out.substring(0, 64);
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
