package dev.breachnotify.ack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breachnotify.events.AckCode;
import dev.breachnotify.events.AcknowledgementRecorded;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.AdvisoryRetracted;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.CredentialRotationConfirmed;
import dev.breachnotify.events.EmailBounced;
import dev.breachnotify.events.EmailDeferred;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventJson;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.PageVisited;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PracticeRegistered;
import dev.breachnotify.events.PreferredChannel;
import dev.breachnotify.events.RotationStatus;
import dev.breachnotify.events.Topic;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
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
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * ack-service against real Kafka and PostgreSQL: events in, pages, submissions as events out, progress.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AcknowledgementPageIT implements TestPropertyProvider {

    private static final String VENDOR = "Praxissoft GmbH";
    private static final String COMMS_PASSWORD = "comms-" + UUID.randomUUID();
    private static final String DPO_PASSWORD = "dpo-" + UUID.randomUUID();
    private static final Duration PATIENCE = Duration.ofSeconds(30);
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
    private KafkaProducer<String, byte[]> producer;
    private String advisoryId;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = AckTestSupport.infrastructureProperties();
        properties.put(
                "breachnotify.security.users.comms.password-hash", PasswordHashes.hash(COMMS_PASSWORD.toCharArray()));
        properties.put("breachnotify.security.users.comms.roles", "COMMUNICATIONS");
        properties.put(
                "breachnotify.security.users.dpo.password-hash", PasswordHashes.hash(DPO_PASSWORD.toCharArray()));
        properties.put("breachnotify.security.users.dpo.roles", "DPO");
        properties.put("breachnotify.vendor.name", VENDOR);
        properties.put("breachnotify.ack.form-key", Base64.getEncoder().encodeToString(AckTestSupport.randomBytes(32)));
        // awaitPage polls until a code is projected: every poll before that is an unknown code. RateLimitIT
        // tests the limits.
        properties.put("breachnotify.ack.failed-lookups-per-network", "1000000");
        properties.put("breachnotify.ack.failed-lookups-global", "1000000");
        // Generous, so that a slow machine still counts the quick acknowledgement as suspected automated.
        properties.put("breachnotify.ack.automated-window", "2m");
        return properties;
    }

    @BeforeAll
    void publishAnAdvisory() {
        Properties config = new Properties();
        config.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        advisoryId = "ADV-" + run;
        AckTestSupport.publish(
                producer,
                advisory(
                        advisoryId,
                        "Kennwörter jetzt ändern <sofort>",
                        "Sehr geehrte Praxis,\nbitte ändern Sie Ihre Zugangsdaten. <script>alert(1)</script>"));
    }

    @AfterAll
    void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void aPracticeSeesTheAdvisoryAndItsConfirmationIsPublishedNeverTheCode() throws Exception {
        Seeded practice =
                seedPractice("Praxis <Dr. Müller & Partner>", Instant.now().plus(Duration.ofDays(30)));
        String page = awaitPage(practice.code);

        // The advisory, escaped, with the vendor, the deadline and the never-a-password statement
        assertThat(page)
                .contains("Kennwörter jetzt ändern &lt;sofort&gt;")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>")
                .contains("Praxis &lt;Dr. Müller &amp; Partner&gt;")
                .contains(VENDOR)
                .contains("31.12.2026")
                .contains("wird Sie niemals nach einem Passwort fragen")
                .contains("TI-Konnektor (Admin-PIN)")
                .contains("Administrator-Passwort")
                .contains("noch nicht bestätigt");
        assertThat(get("/a/" + practice.code.formatted() + "?lang=en").body())
                .contains("will never ask you for a password")
                .contains("TI connector (admin PIN)");

        // Given a mail gateway that opens the link twice, also typed differently
        assertThat(get("/a/" + practice.code.formatted()).statusCode()).isEqualTo(200);
        assertThat(get("/a/" + practice.code.formatted().toLowerCase().replace("-", ""))
                        .statusCode())
                .isEqualTo(200);

        // When the practice submits
        LocalDate changedOn = LocalDate.now(ZoneId.of("Europe/Berlin")).minusDays(2);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", AckTestSupport.csrf(page));
        form.put("lang", "de");
        form.put("acknowledged", "yes");
        form.put("name", "Dr. Erika Müller");
        form.put("status:ti-konnektor", "CHANGED");
        form.put("changedOn:ti-konnektor", changedOn.toString());
        form.put("status:praxis-admin", "NOT_APPLICABLE");
        form.put("changedOn:praxis-admin", "");
        HttpResponse<String> posted = post("/a/" + practice.code.formatted(), form);

        // Then it is redirected to the thank-you page ...
        assertThat(posted.statusCode()).isEqualTo(303);
        assertThat(posted.headers().firstValue("Location"))
                .hasValue("/a/" + practice.code.formatted() + "?saved=1&lang=de");
        assertSecurityHeaders(posted);

        // ... and the first records of the practice are this submission: the GETs changed nothing; they were
        // only logged as visits
        List<EventEnvelope<EventPayload>> records = stateOf(recordsKeyed(Topic.ACKNOWLEDGEMENTS, practice.practiceId));
        assertThat(records).hasSize(3);
        AcknowledgementRecorded ack = (AcknowledgementRecorded) records.get(0).payload();
        assertThat(ack.advisoryId()).isEqualTo(advisoryId);
        assertThat(ack.confirmedBy()).isEqualTo("Dr. Erika Müller");
        assertThat(ack.client().network()).isEqualTo("127.0.0.0/24");
        assertThat(ack.client().userAgent()).isEqualTo("breachnotify-it/1.0");
        List<CredentialRotationConfirmed> confirmations = records.subList(1, 3).stream()
                .map(e -> (CredentialRotationConfirmed) e.payload())
                .toList();
        assertThat(confirmations)
                .extracting(
                        CredentialRotationConfirmed::credentialId,
                        CredentialRotationConfirmed::status,
                        CredentialRotationConfirmed::changedOn)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ti-konnektor", RotationStatus.CHANGED, changedOn),
                        org.assertj.core.groups.Tuple.tuple("praxis-admin", RotationStatus.NOT_APPLICABLE, null));
        assertThat(confirmations).allSatisfy(c -> assertThat(c.submissionId()).isEqualTo(ack.submissionId()));
        assertThat(records).allSatisfy(e -> assertThat(e.key()).isEqualTo(practice.practiceId));

        // ... and the page shows it at once
        HttpResponse<String> thanks = get("/a/" + practice.code.formatted() + "?saved=1");
        assertThat(thanks.body())
                .contains("Vielen Dank. Ihre Angaben wurden gespeichert.")
                .contains("Erhalt und Kenntnisnahme bestätigt von Dr. Erika Müller")
                .contains("geändert am " + GERMAN_DATE.format(changedOn))
                .contains("betrifft Sie nicht");

        // When the practice comes back and changes one answer, the latest wins
        Map<String, String> later = new LinkedHashMap<>();
        later.put("csrf", AckTestSupport.csrf(thanks.body()));
        later.put("name", "Max Mustermann");
        later.put("status:ti-konnektor", "CHANGED_BY_PROVIDER");
        assertThat(post("/a/" + practice.code.formatted(), later).statusCode()).isEqualTo(303);
        assertThat(get("/a/" + practice.code.formatted()).body())
                .contains("von Ihrem IT-Dienstleister geändert (Max Mustermann")
                .contains("Erhalt und Kenntnisnahme bestätigt von Dr. Erika Müller")
                .doesNotContain("geändert am " + GERMAN_DATE.format(changedOn));

        // Every access to the valid code was logged as a visit: the GETs (page, English, gateway twice) and
        // the POSTs, with the client's network only
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<PageVisited> visits = visitsOf(recordsKeyed(Topic.ACKNOWLEDGEMENTS, practice.practiceId));
            assertThat(visits).filteredOn(v -> v.method().equals("GET")).hasSizeGreaterThanOrEqualTo(5);
            assertThat(visits).filteredOn(v -> v.method().equals("POST")).hasSize(2);
            assertThat(visits).allSatisfy(v -> {
                assertThat(v.advisoryId()).isEqualTo(advisoryId);
                assertThat(v.client().network()).isEqualTo("127.0.0.0/24");
                assertThat(v.client().userAgent()).isEqualTo("breachnotify-it/1.0");
                assertThat(v.visitedAt()).isNotNull();
            });
        });

        // Nothing anywhere holds the code in clear: not Kafka, not the database
        assertNoTopicContains(practice.code);
        assertNoTableContains(practice.code);
    }

    @Test
    void forgedOrInvalidSubmissionsAreRefusedAndRecordNothing() throws Exception {
        Seeded practice = seedPractice("Praxis Nord", Instant.now().plus(Duration.ofDays(30)));
        String path = "/a/" + practice.code.formatted();
        String page = awaitPage(practice.code);
        Seeded other = seedPractice("Praxis Süd", Instant.now().plus(Duration.ofDays(30)));
        String otherToken = AckTestSupport.csrf(awaitPage(other.code));
        Map<String, String> valid = Map.of("acknowledged", "yes", "name", "Forger");

        HttpResponse<String> withoutToken = post(path, valid);
        HttpResponse<String> withWrongToken = post(path, with(valid, "csrf", "1700000000.AAAA"));
        HttpResponse<String> withAnotherCodesToken = post(path, with(valid, "csrf", otherToken));
        HttpResponse<String> invalid = post(
                path,
                Map.of(
                        "csrf",
                        AckTestSupport.csrf(page),
                        "acknowledged",
                        "yes",
                        "name",
                        " ",
                        "status:ti-konnektor",
                        "CHANGED",
                        "changedOn:ti-konnektor",
                        "2999-01-01",
                        "status:unknown-credential",
                        "CHANGED"));

        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withoutToken.body()).contains("Es wurde nichts gespeichert");
        assertSecurityHeaders(withoutToken);
        assertThat(withWrongToken.statusCode()).isEqualTo(403);
        assertThat(withAnotherCodesToken.statusCode()).isEqualTo(403);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body())
                .contains("Bitte geben Sie Ihren Namen an.")
                .contains("TI-Konnektor (Admin-PIN): Das Datum liegt in der Zukunft.")
                .contains("Das Formular nennt ein Zugangsdatum, das zu diesem Hinweis nicht gehört.")
                .contains("value=\"2999-01-01\"");
        assertThat(get(path).body()).contains("noch nicht bestätigt");

        // A later, valid submission is the first thing recorded for the practice
        Map<String, String> marker = Map.of("csrf", AckTestSupport.csrf(page), "acknowledged", "yes", "name", "Marker");
        assertThat(post(path, marker).statusCode()).isEqualTo(303);
        List<EventEnvelope<EventPayload>> records = stateOf(recordsKeyed(Topic.ACKNOWLEDGEMENTS, practice.practiceId));
        assertThat(records).hasSize(1);
        assertThat(((AcknowledgementRecorded) records.get(0).payload()).confirmedBy())
                .isEqualTo("Marker");
    }

    @Test
    void aWithdrawnAdvisoryShowsWhyAndAcceptsNothing() throws Exception {
        String withdrawn = advisoryId + "-W";
        AckTestSupport.publish(producer, advisory(withdrawn, "Falsch verschickt", "Bitte ignorieren"));
        Seeded seeded = seedPractice(withdrawn, "Praxis Zurück", Instant.now().plus(Duration.ofDays(30)));
        String page = "/a/" + seeded.code.formatted();
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> get(page).statusCode() == 200);
        String csrf = AckTestSupport.csrf(get(page).body());

        AckTestSupport.publish(
                producer,
                new AdvisoryRetracted(
                        withdrawn, "An die falsche Fachgruppe verschickt.", advisoryId, "comms", Instant.now()));
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> get(page).statusCode() == 410);
        HttpResponse<String> shown = get(page);
        assertThat(shown.body())
                .contains("zurückgezogen", "An die falsche Fachgruppe verschickt.", "Ein berichtigter Hinweis")
                .doesNotContain("name=\"csrf\"");
        assertThat(get(page + "?lang=en").body()).contains("withdrew this security notice");
        assertSecurityHeaders(shown);

        // A form shown before the withdrawal is not accepted after it
        HttpResponse<String> late =
                post(page, Map.of("csrf", csrf, "lang", "de", "acknowledged", "yes", "name", "Dr. Spät"));
        assertThat(late.statusCode()).isEqualTo(410);
    }

    @Test
    void codesAreCheckedBeforeAnyLookupAndUnknownOrExpiredCodesSaySo() throws Exception {
        AckCode code = AckTestSupport.newCode();
        String formatted = code.formatted();
        char check = formatted.charAt(formatted.length() - 1);
        String mistyped = formatted.substring(0, formatted.length() - 1) + (check == 'X' ? 'Y' : 'X');

        HttpResponse<String> english = get("/a/" + mistyped + "?lang=en");
        assertThat(english.statusCode()).isEqualTo(400);
        assertThat(english.body()).contains("This code is not valid: please check it for a typing error.");
        assertThat(get("/a/" + mistyped).body()).contains("Bitte prüfen Sie ihn auf einen Tippfehler");
        assertSecurityHeaders(english);

        HttpResponse<String> entry = get("/");
        assertThat(entry.statusCode()).isEqualTo(200);
        assertThat(entry.body()).contains("action=\"/enter\"").contains("method=\"get\"");
        HttpResponse<String> entered =
                get("/enter?code=" + formatted.toLowerCase().replace("-", "+"));
        assertThat(entered.statusCode()).isEqualTo(303);
        assertThat(entered.headers().firstValue("Location")).hasValue("/a/" + formatted);
        HttpResponse<String> tooShort = get("/enter?code=ABC&lang=en");
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(tooShort.body())
                .contains("A code has 17 characters; you entered 3.")
                .contains("value=\"ABC\"");

        HttpResponse<String> unknown = get("/a/" + formatted);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("Zu diesem Code gibt es keinen gültigen Sicherheitshinweis");

        Seeded expired = seedPractice("Praxis Alt", Instant.now().minus(Duration.ofDays(1)));
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> get("/a/" + expired.code.formatted()).statusCode() == 410);
        assertThat(get("/a/" + expired.code.formatted()).body()).contains("Dieser Code ist nicht mehr gültig");
    }

    @Test
    void progressIsForTheCommunicationsTeamAndCountsEveryPractice() throws Exception {
        String advisory = "ADV-P-" + run;
        AckTestSupport.publish(producer, advisory(advisory, "Zweiter Hinweis", "Text"));
        Seeded sent = seedPractice(advisory, "Praxis Eins", Instant.now().plus(Duration.ofDays(30)));
        Seeded failed = seedPractice(advisory, "Praxis Zwei", Instant.now().plus(Duration.ofDays(30)));
        Seeded silent = seedPractice(advisory, "Praxis Drei", Instant.now().plus(Duration.ofDays(30)));
        // the first practice's email is deferred, then sent; a late copy of the deferral must not undo that
        AckTestSupport.publish(
                producer,
                new EmailDeferred(sent.notificationId, advisory, sent.practiceId, 451, "try later", 1, Instant.now()));
        AckTestSupport.publish(
                producer,
                new EmailSent(
                        sent.notificationId, advisory, sent.practiceId, List.of("a@example.org"), "<m1>", "250 OK", 2));
        AckTestSupport.publish(
                producer,
                new EmailDeferred(sent.notificationId, advisory, sent.practiceId, 451, "try later", 1, Instant.now()));
        // the second practice's mail is accepted by the relay, then a delivery status notification reports it failed
        AckTestSupport.publish(
                producer,
                new EmailSent(
                        failed.notificationId,
                        advisory,
                        failed.practiceId,
                        List.of("b@example.org"),
                        "<m2>",
                        "250 OK",
                        1));
        AckTestSupport.publish(
                producer,
                new EmailBounced(
                        failed.notificationId,
                        advisory,
                        failed.practiceId,
                        "b@example.org",
                        "failed",
                        "5.1.1",
                        "smtp; 550 5.1.1 no such user",
                        true,
                        "<dsn2>"));
        // ... and a reported delay of the first practice's mail changes nothing
        AckTestSupport.publish(
                producer,
                new EmailBounced(
                        sent.notificationId,
                        advisory,
                        sent.practiceId,
                        "a@example.org",
                        "delayed",
                        "4.4.1",
                        "smtp; 451 4.4.1 later",
                        false,
                        "<dsn1>"));
        AckTestSupport.publish(
                producer,
                new EmailDeferred(silent.notificationId, advisory, silent.practiceId, 421, "busy", 1, Instant.now()));

        LocalDate yesterday = LocalDate.now(ZoneId.of("Europe/Berlin")).minusDays(1);
        submit(
                sent.code,
                Map.of(
                        "acknowledged",
                        "yes",
                        "name",
                        "Eins",
                        "status:ti-konnektor",
                        "CHANGED",
                        "changedOn:ti-konnektor",
                        yesterday.toString(),
                        "status:praxis-admin",
                        "CHANGED_BY_PROVIDER"));
        submit(failed.code, Map.of("acknowledged", "yes", "name", "Zwei", "status:ti-konnektor", "NOT_APPLICABLE"));

        String progressPath = "/api/advisories/" + advisory + "/progress";
        HttpResponse<String> anonymous = get(progressPath);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertSecurityHeaders(anonymous);
        assertThat(get(progressPath, "dpo", DPO_PASSWORD).statusCode()).isEqualTo(403);
        assertThat(get(progressPath, "comms", "wrong").statusCode()).isEqualTo(401);
        assertThat(get("/api/advisories/ADV-NONE-" + run + "/progress", "comms", COMMS_PASSWORD)
                        .statusCode())
                .isEqualTo(404);

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            HttpResponse<String> response = get(progressPath, "comms", COMMS_PASSWORD);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode progress = EventJson.mapper().readTree(response.body());
            assertThat(progress.path("advisoryId").asText()).isEqualTo(advisory);
            assertThat(progress.path("targeted").asLong()).isEqualTo(3);
            assertThat(progress.path("emailsSent").asLong()).isEqualTo(1);
            assertThat(progress.path("emailsFailed").asLong()).isEqualTo(1);
            assertThat(progress.path("bounced").asLong()).isEqualTo(1);
            assertThat(progress.path("acknowledged").asLong()).isEqualTo(2);
            assertThat(progress.path("fullyConfirmed").asLong()).isEqualTo(1);
            Map<String, JsonNode> credentials = new HashMap<>();
            progress.path("credentials")
                    .forEach(c -> credentials.put(c.path("credentialId").asText(), c));
            assertThat(credentials).containsOnlyKeys("ti-konnektor", "praxis-admin");
            JsonNode connector = credentials.get("ti-konnektor");
            assertThat(connector.path("counts").path("CHANGED").asLong()).isEqualTo(1);
            assertThat(connector.path("counts").path("CHANGED_BY_PROVIDER").asLong())
                    .isZero();
            assertThat(connector.path("counts").path("NOT_APPLICABLE").asLong()).isEqualTo(1);
            assertThat(connector.path("unanswered").asLong()).isEqualTo(1);
            JsonNode admin = credentials.get("praxis-admin");
            assertThat(admin.path("counts").path("CHANGED_BY_PROVIDER").asLong())
                    .isEqualTo(1);
            assertThat(admin.path("unanswered").asLong()).isEqualTo(2);
            // Extended figures: the deferred practice, the bounce, the acknowledgement made seconds after its
            // email was accepted (suspected automated), and the hourly series
            assertThat(progress.path("emailsDeferred").asLong()).isEqualTo(1);
            assertThat(progress.path("bounced").asLong()).isEqualTo(1);
            assertThat(progress.path("letters").asLong()).isZero();
            assertThat(progress.path("fullyRotated").asLong()).isEqualTo(1);
            assertThat(progress.path("suspectedAutomated").asLong()).isEqualTo(1);
            long perHour = 0;
            for (JsonNode hour : progress.path("acknowledgementsPerHour")) {
                assertThat(hour.path("hour").asText()).endsWith(":00:00Z");
                perHour += hour.path("count").asLong();
            }
            assertThat(perHour).isEqualTo(2);
            long rotated = 0;
            for (JsonNode credential : progress.path("credentials")) {
                rotated += credential.path("counts").path("CHANGED").asLong()
                        + credential.path("counts").path("CHANGED_BY_PROVIDER").asLong();
            }
            long rotatedPerHour = 0;
            for (JsonNode hour : progress.path("rotationsPerHour")) {
                rotatedPerHour += hour.path("count").asLong();
            }
            assertThat(rotatedPerHour).isEqualTo(rotated).isPositive();
        });

        // The practices still missing something, for the follow-up calls
        String csvPath = "/api/advisories/" + advisory + "/outstanding.csv";
        assertThat(get(csvPath).statusCode()).isEqualTo(401);
        assertThat(get(csvPath, "dpo", DPO_PASSWORD).statusCode()).isEqualTo(403);
        HttpResponse<String> csv = get(csvPath, "comms", COMMS_PASSWORD);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0))
                .isEqualTo("practice_id,practice_name,email_status,letter,acknowledged,missing_credentials,"
                        + "partner_ids,partner_names");
        assertThat(lines.subList(1, lines.size()))
                .containsExactlyInAnyOrder(
                        failed.practiceId + ",Praxis Zwei,FAILED,false,true,praxis-admin,,",
                        silent.practiceId + ",Praxis Drei,DEFERRED,false,false,ti-konnektor praxis-admin,,");
        assertThat(get("/api/advisories/ADV-NONE-" + run + "/outstanding.csv", "comms", COMMS_PASSWORD)
                        .statusCode())
                .isEqualTo(404);
        assertThat(get("/static/ack.css").statusCode()).isEqualTo(200);
    }

    // --- the practices and their codes -------------------------------------------------------------------

    private record Seeded(String practiceId, AckCode code, UUID notificationId) {}

    private Seeded seedPractice(String name, Instant codeExpiresAt) {
        return seedPractice(advisoryId, name, codeExpiresAt);
    }

    private Seeded seedPractice(String advisory, String name, Instant codeExpiresAt) {
        String practiceId = "P-" + run + "-" + UUID.randomUUID().toString().substring(0, 8);
        AckCode code = AckTestSupport.newCode();
        UUID notificationId = UUID.randomUUID();
        AckTestSupport.publish(
                producer,
                new PracticeRegistered(new Practice(
                        practiceId,
                        name,
                        "Dr. Test",
                        List.of("praxis@example.org"),
                        null,
                        "de",
                        "arzt",
                        PreferredChannel.EMAIL)));
        AckTestSupport.publish(
                producer,
                new NotificationRequested(
                        notificationId,
                        advisory,
                        practiceId,
                        Channel.EMAIL,
                        "initial",
                        "de",
                        List.of("praxis@example.org"),
                        code.hash(),
                        codeExpiresAt));
        return new Seeded(practiceId, code, notificationId);
    }

    private static AdvisoryPublished advisory(String id, String subject, String body) {
        return new AdvisoryPublished(
                id,
                "Kennwortwechsel",
                Map.of(
                        "de",
                        new LocalizedText(subject, body),
                        "en",
                        new LocalizedText("Change your passwords now", "Dear practice,\nplease change them.")),
                CREDENTIALS,
                LocalDate.of(2026, 12, 31),
                AdvisoryPublished.Audience.ALL,
                List.of(Channel.EMAIL),
                "comms",
                Instant.now(),
                null);
    }

    private String awaitPage(AckCode code) {
        String path = "/a/" + code.formatted();
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> get(path).statusCode() == 200);
        HttpResponse<String> page = get(path);
        assertSecurityHeaders(page);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        return page.body();
    }

    private void submit(AckCode code, Map<String, String> fields) {
        String page = awaitPage(code);
        HttpResponse<String> response = post("/a/" + code.formatted(), with(fields, "csrf", AckTestSupport.csrf(page)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
    }

    // --- HTTP --------------------------------------------------------------------------------------------

    private HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    private HttpResponse<String> get(String path, String user, String password) {
        return send(request(path)
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .GET()
                .build());
    }

    private HttpResponse<String> post(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpRequest.Builder request(String path) {
        // 127.0.0.1, not localhost: the recorded network is then predictable
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

    private static Map<String, String> with(Map<String, String> fields, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(fields);
        copy.put(key, value);
        return copy;
    }

    private static void assertSecurityHeaders(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Security-Policy"))
                .hasValue(
                        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; "
                                + "base-uri 'none'");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    // --- what Kafka and the database hold ---------------------------------------------------------------

    /** The events that carry acknowledgement state: all but the visit log. */
    private static List<EventEnvelope<EventPayload>> stateOf(List<EventEnvelope<EventPayload>> events) {
        return events.stream()
                .filter(e -> !(e.payload() instanceof PageVisited))
                .toList();
    }

    private static List<PageVisited> visitsOf(List<EventEnvelope<EventPayload>> events) {
        return events.stream()
                .filter(e -> e.payload() instanceof PageVisited)
                .map(e -> (PageVisited) e.payload())
                .toList();
    }

    /** Every record of the topic with this key, in offset order (all partitions of a key are one). */
    private static List<EventEnvelope<EventPayload>> recordsKeyed(Topic topic, String key) {
        List<EventEnvelope<EventPayload>> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : readAll(topic)) {
            if (key.equals(record.key())) {
                events.add(EventCodec.decode(record.value()));
            }
        }
        return events;
    }

    /** The whole topic as it is now, read committed. */
    private static List<ConsumerRecord<String, byte[]>> readAll(Topic topic) {
        Properties config = new Properties();
        config.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().kafkaBootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
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
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static void assertNoTopicContains(AckCode code) {
        List<String> forms = codeForms(code);
        for (Topic topic : Topic.values()) {
            for (ConsumerRecord<String, byte[]> record : readAll(topic)) {
                String text = new String(record.value(), StandardCharsets.UTF_8).toUpperCase();
                String key = record.key() == null ? "" : record.key().toUpperCase();
                for (String form : forms) {
                    assertThat(text).as("a record on %s", topic).doesNotContain(form);
                    assertThat(key).doesNotContain(form);
                }
            }
        }
    }

    private static void assertNoTableContains(AckCode code) throws Exception {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        List<String> forms = codeForms(code);
        try (Connection connection = DriverManager.getConnection(
                        infrastructure.jdbcUrl("ack"), infrastructure.dbUser(), infrastructure.dbPassword());
                Statement statement = connection.createStatement()) {
            assertThat(count(statement, "SELECT count(*) FROM access_code WHERE code_hash = '" + code.hash() + "'"))
                    .isEqualTo(1);
            for (String table : List.of(
                    "processed_event",
                    "practice",
                    "advisory",
                    "notification",
                    "access_code",
                    "email_delivery",
                    "acknowledgement",
                    "credential_confirmation")) {
                try (ResultSet rows = statement.executeQuery("SELECT upper(t::text) FROM " + table + " t")) {
                    while (rows.next()) {
                        for (String form : forms) {
                            assertThat(rows.getString(1))
                                    .as("a row of %s", table)
                                    .doesNotContain(form);
                        }
                    }
                }
            }
        }
    }

    /** The code as printed, and its data characters without dashes. */
    private static List<String> codeForms(AckCode code) {
        String formatted = code.formatted();
        return List.of(formatted, formatted.replace("-", "").substring(0, AckCode.DATA_LENGTH));
    }

    private static long count(Statement statement, String sql) throws Exception {
        try (ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
