package dev.breachnotify.ack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breachnotify.events.AdvisoryRetracted;
import dev.breachnotify.events.CredentialRotationConfirmed;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.PartnerResponsibilityDeclined;
import dev.breachnotify.events.RotationStatus;
import dev.breachnotify.events.Topic;
import dev.breachnotify.testsupport.TestInfrastructure;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The IT service partner's page against real Kafka and PostgreSQL: a partner with 120 practices reads its list
 * (paged, searchable), answers for a selection, for one row, and by CSV upload; nothing of a bad file is recorded.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartnerPageIT implements TestPropertyProvider {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final DateTimeFormatter GERMAN_DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");

    @Inject
    EmbeddedServer server;

    private final String run = Long.toString(System.nanoTime(), 36);
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private KafkaProducer<String, byte[]> producer;
    private List<String> practices;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = AckTestSupport.infrastructureProperties();
        properties.put("breachnotify.ack.form-key", Base64.getEncoder().encodeToString(AckTestSupport.randomBytes(32)));
        // the tests poll until a code is projected: every poll before is an unknown code
        properties.put("breachnotify.ack.failed-lookups-per-network", "1000000");
        properties.put("breachnotify.ack.failed-lookups-global", "1000000");
        return properties;
    }

    @BeforeAll
    void seedPractices() {
        producer = AckTestSupport.producer();
        practices = PartnerSeed.practices(producer, "PX" + run, 120);
    }

    @AfterAll
    void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void thePartnerReadsItsPracticesPagedAndSearchedAndReadingChangesNothing() throws Exception {
        PartnerSeed.Seeded seeded = PartnerSeed.advisoryForPartner(producer, run, practices, "de");
        String path = "/p/" + seeded.code().formatted();
        String page = awaitListed(path, 120);

        assertThat(page)
                .contains("Kennwörter jetzt ändern")
                .contains("Systemhaus &lt;Nord&gt; GmbH")
                .contains("Praxen 1–50 von 120")
                .contains("Seite 1 von 3")
                .contains(practices.get(0))
                .contains(practices.get(49))
                .doesNotContain(practices.get(50))
                .contains("Musterstadt")
                .contains("TI-Konnektor (Admin-PIN): noch nicht beantwortet")
                .doesNotContain("<script");
        String third = get(path + "?page=3").body();
        assertThat(third)
                .contains("Praxen 101–120 von 120")
                .contains("Seite 3 von 3")
                .contains(practices.get(119));
        assertThat(get(path + "?page=99").body()).contains("Seite 3 von 3");

        // case-insensitive, by name or id; % and _ are no wildcards
        String wanted = practices.get(41);
        String found = get(path + "?q=" + URLEncoder.encode("praxis px" + run + " 0042", StandardCharsets.UTF_8))
                .body();
        assertThat(found)
                .contains("Praxen 1–1 von 1 gefundenen (120 insgesamt)")
                .contains(wanted);
        assertThat(get(path + "?q=%25").body()).contains("Keine Praxis passt");

        HttpResponse<String> english = get(path + "?lang=en");
        assertThat(english.body()).contains("Practices 1–50 of 120").contains("TI connector (admin PIN): not answered");
        assertSecurityHeaders(english);

        // GETs (a mail scanner) changed nothing: no answer in Kafka or in the projection
        assertThat(answersOf(seeded.advisoryId())).isEmpty();
        assertThat(count("SELECT count(*) FROM credential_confirmation WHERE advisory_id = ?", seeded.advisoryId()))
                .isZero();
        assertThat(count("SELECT count(*) FROM partner_decline WHERE advisory_id = ?", seeded.advisoryId()))
                .isZero();

        // A partner's code typed into the code entry form goes to the partner's page; a practice's to its own
        String typed = seeded.code().formatted().toLowerCase().replace("-", " ");
        assertThat(get("/enter?lang=en&code=" + URLEncoder.encode(typed, StandardCharsets.UTF_8))
                        .headers()
                        .firstValue("Location"))
                .hasValue(path + "?lang=en");
        var practiceCode = PartnerSeed.practiceCode(producer, seeded.advisoryId(), practices.get(0));
        assertThat(get("/enter?code=" + practiceCode.formatted()).headers().firstValue("Location"))
                .hasValue("/a/" + practiceCode.formatted());

        // Unknown codes and malformed ones are refused
        assertThat(get("/p/" + AckTestSupport.newCode().formatted()).statusCode())
                .isEqualTo(404);
        assertThat(get("/p/not-a-code").statusCode()).isEqualTo(400);
    }

    @Test
    void aSelectionAndASingleRowAreRecordedWithThePartnerAndThePracticeSeesThem() throws Exception {
        PartnerSeed.Seeded seeded = PartnerSeed.advisoryForPartner(producer, run, practices, "de");
        String path = "/p/" + seeded.code().formatted();
        String page = awaitListed(path, 120);
        String first = practices.get(0);
        String second = practices.get(1);
        var practiceCode = PartnerSeed.practiceCode(producer, seeded.advisoryId(), first);
        LocalDate changedOn = LocalDate.now(ZoneId.of("Europe/Berlin")).minusDays(1);

        // A forged form and a practice not on the list are refused, recording nothing
        assertThat(post(path, List.of(Map.entry("csrf", "1700000000.AAAA"), Map.entry("sel", first)))
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> foreign = post(
                path,
                List.of(
                        Map.entry("csrf", AckTestSupport.csrf(page)),
                        Map.entry("name", "Max Admin"),
                        Map.entry("action", "changed"),
                        Map.entry("changedOn", changedOn.toString()),
                        Map.entry("credential", "*"),
                        Map.entry("sel", first),
                        Map.entry("sel", "P-NOT-YOURS")));
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.body()).contains("Nicht auf Ihrer Liste zu diesem Hinweis: P-NOT-YOURS");
        assertThat(answersOf(seeded.advisoryId())).isEmpty();

        // When the partner confirms one credential for two selected practices
        HttpResponse<String> posted = post(
                path,
                List.of(
                        Map.entry("csrf", AckTestSupport.csrf(page)),
                        Map.entry("lang", "de"),
                        Map.entry("q", ""),
                        Map.entry("page", "1"),
                        Map.entry("name", "  Max\u202E Admin "),
                        Map.entry("action", "changed"),
                        Map.entry("changedOn", changedOn.toString()),
                        Map.entry("credential", "ti-konnektor"),
                        Map.entry("sel", first),
                        Map.entry("sel", second)));
        assertThat(posted.statusCode()).isEqualTo(303);
        assertThat(posted.headers().firstValue("Location")).hasValue(path + "?lang=de&saved=2");

        // Then there is one event per practice and credential, with the partner and the cleaned name
        // (a transaction's markers follow its commit by a moment: read committed sees it a little later)
        List<EventPayload> answers = answersOf(seeded.advisoryId(), 2);
        assertThat(answers).hasSize(2).allSatisfy(answer -> {
            CredentialRotationConfirmed confirmed = (CredentialRotationConfirmed) answer;
            assertThat(confirmed.partnerId()).isEqualTo(seeded.partnerId());
            assertThat(confirmed.contactId()).isNull();
            assertThat(confirmed.credentialId()).isEqualTo("ti-konnektor");
            assertThat(confirmed.status()).isEqualTo(RotationStatus.CHANGED);
            assertThat(confirmed.changedOn()).isEqualTo(changedOn);
            assertThat(confirmed.confirmedBy()).isEqualTo("Max Admin");
        });
        assertThat(answers).map(EventPayload::practiceId).containsExactlyInAnyOrder(first, second);

        // ... the partner's page shows them at once, and so does the practice's own page
        String after = get(path + "?saved=2").body();
        assertThat(after)
                .contains("2 Angaben erfasst.")
                .contains(
                        "TI-Konnektor (Admin-PIN): geändert am " + GERMAN_DATE.format(changedOn) + " (Sie: Max Admin)");
        // the practice's page names the partner (its name escaped) and the date
        String byPartner = "Geändert von Systemhaus &lt;Nord&gt; GmbH am " + GERMAN_DATE.format(changedOn);
        await().atMost(PATIENCE).until(() -> {
            HttpResponse<String> practicePage = get("/a/" + practiceCode.formatted());
            return practicePage.statusCode() == 200 && practicePage.body().contains(byPartner);
        });

        // When the partner says one row's credentials are not its job, with that row's own button
        String third = practices.get(2);
        HttpResponse<String> declined = post(
                path,
                List.of(
                        Map.entry("csrf", AckTestSupport.csrf(after)),
                        Map.entry("name", "Max Admin"),
                        Map.entry("action", "declined"),
                        Map.entry("credential", "*"),
                        Map.entry("sel", first),
                        Map.entry("one", third)));
        assertThat(declined.statusCode()).isEqualTo(303);
        List<PartnerResponsibilityDeclined> statements = answersOf(seeded.advisoryId(), 4).stream()
                .filter(PartnerResponsibilityDeclined.class::isInstance)
                .map(PartnerResponsibilityDeclined.class::cast)
                .toList();
        assertThat(statements)
                .extracting(PartnerResponsibilityDeclined::practiceId, PartnerResponsibilityDeclined::credentialId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(third, "ti-konnektor"),
                        org.assertj.core.groups.Tuple.tuple(third, "praxis-admin"));
        assertThat(statements).allSatisfy(s -> assertThat(s.partnerId()).isEqualTo(seeded.partnerId()));
        assertThat(get(path).body()).contains("Administrator-Passwort: nicht Ihre Aufgabe, sagten Sie (Max Admin)");
    }

    @Test
    void aCsvWithOneBadRowRecordsNothingAndAGoodOneRecordsAll() throws Exception {
        PartnerSeed.Seeded seeded = PartnerSeed.advisoryForPartner(producer, run, practices, "de");
        String path = "/p/" + seeded.code().formatted();
        String token = AckTestSupport.csrf(awaitListed(path, 120));
        LocalDate yesterday = LocalDate.now(ZoneId.of("Europe/Berlin")).minusDays(1);
        String german = GERMAN_DATE.format(yesterday);

        String bad = "practice_id,credential,changed_on\n"
                + practices.get(10) + ",ti-konnektor," + yesterday + "\n"
                + practices.get(11) + ",," + "31.02.2026\n"
                + practices.get(12) + ",,"
                + yesterday + "\n";
        HttpResponse<String> refused = upload(path, token, "Max Admin", bad.getBytes(StandardCharsets.UTF_8));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains("Die Datei wurde nicht erfasst")
                .contains("<td>3</td><td>changed_on</td><td>Kein Datum: 31.02.2026");
        assertThat(answersOf(seeded.advisoryId())).isEmpty();
        assertThat(count("SELECT count(*) FROM credential_confirmation WHERE advisory_id = ?", seeded.advisoryId()))
                .isZero();

        // semicolons, a byte order mark, German dates, a row for all credentials and a "not our job"
        StringBuilder good = new StringBuilder("\uFEFFpractice_id;changed_on;credential;status\r\n");
        for (int i = 20; i < 60; i++) {
            good.append(practices.get(i)).append(';').append(german).append(";ti-konnektor;\r\n");
        }
        good.append(practices.get(60)).append(';').append(german).append(";;changed\r\n");
        good.append(practices.get(61)).append(";;praxis-admin;not-our-job\r\n");
        HttpResponse<String> recorded =
                upload(path, token, "Max Admin", good.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(recorded.statusCode()).isEqualTo(303);
        assertThat(recorded.headers().firstValue("Location")).hasValue(path + "?lang=de&saved=43");
        List<EventPayload> answers = answersOf(seeded.advisoryId(), 43);
        assertThat(answers).hasSize(43);
        assertThat(answers)
                .filteredOn(PartnerResponsibilityDeclined.class::isInstance)
                .hasSize(1);
        assertThat(count(
                        "SELECT count(*) FROM credential_confirmation WHERE advisory_id = ? AND partner_id IS NOT NULL",
                        seeded.advisoryId()))
                .isEqualTo(42);
    }

    @Test
    void aWithdrawnAdvisorysPartnerPageSaysSoAndAcceptsNothing() throws Exception {
        PartnerSeed.Seeded seeded = PartnerSeed.advisoryForPartner(producer, run, practices.subList(0, 5), "en");
        String path = "/p/" + seeded.code().formatted();
        String page = awaitListed(path, 5);
        AckTestSupport.publish(
                producer,
                new AdvisoryRetracted(seeded.advisoryId(), "sent by mistake", null, "comms", Instant.now(), List.of()));
        await().atMost(PATIENCE).until(() -> get(path).statusCode() == 410);
        assertThat(get(path).body()).contains("sent by mistake");
        HttpResponse<String> posted = post(
                path,
                List.of(
                        Map.entry("csrf", AckTestSupport.csrf(page)),
                        Map.entry("name", "Max Admin"),
                        Map.entry("action", "declined"),
                        Map.entry("sel", practices.get(0))));
        assertThat(posted.statusCode()).isEqualTo(410);
        assertThat(answersOf(seeded.advisoryId())).isEmpty();
    }

    @Test
    void anExpiredPartnerCodeGetsGoneAndAnUnknownOneNotFound() {
        String advisoryId = "ADV-X-" + run;
        AckTestSupport.publish(producer, PartnerSeed.advisory(advisoryId));
        var code = AckTestSupport.newCode();
        AckTestSupport.publish(
                producer,
                new dev.breachnotify.events.PartnerNotificationRequested(
                        java.util.UUID.randomUUID(),
                        advisoryId,
                        "IT-X-" + run,
                        "initial",
                        "en",
                        List.of("ops@it.example"),
                        code.hash(),
                        Instant.now().minusSeconds(60),
                        List.of(new dev.breachnotify.events.PartnerPractice(
                                practices.get(0), List.of("ti-konnektor")))));
        String path = "/p/" + code.formatted();
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> get(path).statusCode() == 410);
        assertThat(get(path).body()).contains("no longer valid");
        assertThat(get("/p/" + AckTestSupport.newCode().formatted()).statusCode())
                .isEqualTo(404);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private String awaitListed(String path, int practices) {
        String expected = "von " + practices + "<";
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> response = get(path + "?lang=de");
            return response.statusCode() == 200
                    && response.body().contains(expected)
                    && !response.body().contains("<span class=\"name\"></span>");
        });
        return get(path).body();
    }

    private HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    private HttpResponse<String> post(String path, List<Map.Entry<String, String>> fields) {
        String body = fields.stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpResponse<String> upload(String path, String token, String name, byte[] csv) {
        String boundary = "----partner" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field :
                List.of(Map.entry("csrf", token), Map.entry("lang", "de"), Map.entry("name", name))) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                            + "\"\r\n\r\n" + field.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"tickets.csv\"\r\n"
                                + "Content-Type: text/csv\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(csv);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request(path + "/csv")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .header("User-Agent", "breachnotify-it/1.0")
                .timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(request.method() + " failed", e);
        }
    }

    private static void assertSecurityHeaders(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    /** The answers (confirmations, partner statements) of the advisory on the acknowledgements topic. */
    private static List<EventPayload> answersOf(String advisoryId) {
        List<EventPayload> answers = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : readAll(Topic.ACKNOWLEDGEMENTS)) {
            EventPayload payload = EventCodec.decode(record.value()).payload();
            if ((payload instanceof CredentialRotationConfirmed c
                            && c.advisoryId().equals(advisoryId))
                    || (payload instanceof PartnerResponsibilityDeclined d
                            && d.advisoryId().equals(advisoryId))) {
                answers.add(payload);
            }
        }
        return answers;
    }

    /** The answers of the advisory once there are {@code expected} of them (or more: the assertion tells). */
    private static List<EventPayload> answersOf(String advisoryId, int expected) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> answersOf(advisoryId).size() >= expected);
        return answersOf(advisoryId);
    }

    /** The whole topic as it is now, read committed. */
    static List<ConsumerRecord<String, byte[]>> readAll(Topic topic) {
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

    private static long count(String sql, String advisoryId) throws Exception {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        try (Connection connection = DriverManager.getConnection(
                        infrastructure.jdbcUrl("ack"), infrastructure.dbUser(), infrastructure.dbPassword());
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, advisoryId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
