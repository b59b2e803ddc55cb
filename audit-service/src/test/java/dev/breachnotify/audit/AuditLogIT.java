package dev.breachnotify.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.breachnotify.audit.log.CanonicalJson;
import dev.breachnotify.audit.log.LeafHash;
import dev.breachnotify.events.AcknowledgementRecorded;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.ClientInfo;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.CredentialRotationConfirmed;
import dev.breachnotify.events.EmailDeferred;
import dev.breachnotify.events.EmailFailed;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.PostalAddress;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PracticeRegistered;
import dev.breachnotify.events.PreferredChannel;
import dev.breachnotify.events.RotationStatus;
import dev.breachnotify.events.Topic;
import dev.breachnotify.platform.security.Roles;
import dev.breachnotify.testsupport.TestInfrastructure;
import io.micronaut.context.ApplicationContext;
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
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The audit log against real Kafka and PostgreSQL: every event once, in one gapless order, with verifiable
 * leaf hashes; append-only in the database; the DPO's export; and a restart that continues the log.
 */
@MicronautTest(transactional = false) // the service's own transactions are under test
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditLogIT implements TestPropertyProvider {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String DPO_PASSWORD = "dpo-" + UUID.randomUUID();
    private static final String COMMS_PASSWORD = "comms-" + UUID.randomUUID();
    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

    /** Unique per run, so that the test also holds against a long-lived Kafka and PostgreSQL. */
    private final String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);

    private final String advisory = "ADV-IT-" + run;
    private final String otherAdvisory = "ADV-OTHER-" + run;
    private final String practiceA = "P-A-" + run;
    private final String practiceB = "P-B-" + run;
    private final String practiceC = "P-C-" + run;

    private final Map<String, Object> properties = new HashMap<>();
    private KafkaProducer<String, byte[]> producer;

    @Inject
    ApplicationContext context;

    @Inject
    @Client("/")
    HttpClient http;

    // Shared by the ordered tests
    private EventEnvelope<EventPayload> emailSent;
    private final Map<UUID, EventEnvelope<EventPayload>> published = new LinkedHashMap<>();

    @Override
    public Map<String, String> getProperties() {
        properties.putAll(AuditTestProperties.of("audit_it_" + run));
        // also for the restarted service, which runs outside the test environment (application-test.yml)
        properties.put("breachnotify.audit.data-dir", "target/audit-data");
        AuditTestProperties.user(properties, "dpo", DPO_PASSWORD, Roles.DPO);
        AuditTestProperties.user(properties, "comms", COMMS_PASSWORD, Roles.COMMUNICATIONS);
        return properties.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().toString()));
    }

    @BeforeAll
    void producer() {
        Properties config = new Properties();
        config.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().kafkaBootstrapServers());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    @Order(1)
    void appendsEveryEventOnceInOneGaplessOrderWithLeafHashesOfItsCanonicalJson() throws Exception {
        // Given events of every topic, one of them published twice, and a record that is not an event
        emailSent = wrap(
                new EmailSent(
                        UUID.randomUUID(),
                        advisory,
                        practiceA,
                        List.of("praxis-a@example.org"),
                        "<a@breachnotify>",
                        "250 OK",
                        1),
                1);
        List<EventEnvelope<EventPayload>> events = List.of(
                wrap(new PracticeRegistered(practice(practiceA)), 0),
                wrap(advisory(advisory), 0),
                wrap(
                        new NotificationRequested(
                                UUID.randomUUID(),
                                advisory,
                                practiceA,
                                Channel.EMAIL,
                                "initial",
                                "de",
                                List.of("praxis-a@example.org"),
                                "ab".repeat(32),
                                T0.plusSeconds(86_400)),
                        1),
                emailSent,
                wrap(
                        new EmailFailed(
                                UUID.randomUUID(), advisory, practiceB, 550, "5.1.1 \"no such user\", sorry", 3, true),
                        2),
                wrap(
                        new AcknowledgementRecorded(
                                UUID.randomUUID(),
                                advisory,
                                practiceA,
                                "Dr. Müller",
                                T0.plusSeconds(300),
                                new ClientInfo("Mozilla/5.0 (X11; Linux)", "192.0.2.0/24")),
                        5),
                wrap(
                        new CredentialRotationConfirmed(
                                UUID.randomUUID(),
                                advisory,
                                practiceA,
                                "ti-konnektor",
                                RotationStatus.CHANGED,
                                LocalDate.of(2026, 11, 21),
                                "Dr. Müller",
                                T0.plusSeconds(360)),
                        6),
                wrap(
                        new EmailSent(
                                UUID.randomUUID(),
                                otherAdvisory,
                                practiceB,
                                List.of("praxis-b@example.org"),
                                "<b@breachnotify>",
                                "250 OK",
                                1),
                        2));
        Map<UUID, RecordMetadata> firstSent = new HashMap<>();
        for (EventEnvelope<EventPayload> event : events) {
            firstSent.put(event.eventId(), publish(event));
        }

        // When the email event is published again once it is logged (a producer's retry: the unique event id
        // refuses the batch's first write, which is written again without it), then garbage, then a marker behind
        // both in the same partition: once the marker is logged, the retry and the garbage have been read
        await().atMost(DEADLINE).until(() -> isLogged(emailSent.eventId()));
        RecordMetadata retry = publish(emailSent);
        byte[] garbage =
                "{\"type\":\"email.sent\", \"practice\": \"Dr. Müller\", oops".getBytes(StandardCharsets.UTF_8);
        RecordMetadata garbageAt = send(Topic.DELIVERIES.topicName(), practiceA, garbage);
        EventEnvelope<EventPayload> marker = wrap(
                new EmailDeferred(UUID.randomUUID(), advisory, practiceA, 451, "greylisted", 1, T0.plusSeconds(600)),
                7);
        RecordMetadata markerAt = publish(marker);
        assertThat(retry.partition())
                .isEqualTo(firstSent.get(emailSent.eventId()).partition())
                .isEqualTo(garbageAt.partition())
                .isEqualTo(markerAt.partition());

        await().atMost(DEADLINE).until(() -> isLogged(marker.eventId()));

        // Then every event is in the log exactly once, with gapless indexes 0..n-1
        try (Connection db = db()) {
            List<Long> indexes = longs(db, "SELECT idx FROM audit_log ORDER BY idx");
            assertThat(indexes)
                    .containsExactlyElementsOf(
                            LongStream.range(0, indexes.size()).boxed().toList());
            for (EventEnvelope<EventPayload> event : published.values()) {
                assertThat(longs(db, "SELECT count(*) FROM audit_log WHERE event_id = '" + event.eventId() + "'"))
                        .as("entries of %s", event.type())
                        .containsExactly(1L);
            }
            // each entry's columns, canonical JSON and leaf hash
            for (EventEnvelope<EventPayload> event : published.values()) {
                try (PreparedStatement select = db.prepareStatement("""
                        SELECT type, schema_version, occurred_at, advisory_id, practice_id, producer, topic,
                               kafka_partition, kafka_offset, canonical_json, leaf_hash
                        FROM audit_log WHERE event_id = ?""")) {
                    select.setObject(1, event.eventId());
                    try (ResultSet row = select.executeQuery()) {
                        assertThat(row.next()).isTrue();
                        assertThat(row.getString("type")).isEqualTo(event.type());
                        assertThat(row.getInt("schema_version")).isEqualTo(event.schemaVersion());
                        assertThat(row.getObject("occurred_at", OffsetDateTime.class)
                                        .toInstant())
                                .isEqualTo(event.occurredAt());
                        assertThat(row.getString("advisory_id")).isEqualTo(event.correlationId());
                        assertThat(row.getString("practice_id"))
                                .isEqualTo(event.payload().practiceId());
                        assertThat(row.getString("producer")).isEqualTo("it-producer");
                        assertThat(row.getString("topic"))
                                .isEqualTo(event.topic().topicName());
                        RecordMetadata sent = event == marker ? markerAt : firstSent.get(event.eventId());
                        assertThat(row.getInt("kafka_partition")).isEqualTo(sent.partition());
                        assertThat(row.getLong("kafka_offset"))
                                .as("the first copy is the one logged")
                                .isEqualTo(sent.offset());
                        assertThat(row.getString("canonical_json"))
                                .isEqualTo(CanonicalJson.canonicalize(EventCodec.encode(event)));
                    }
                }
            }
            assertEveryLeafHashMatchesItsCanonicalJson(db);
            // in time order, and in partition order
            List<Instant> recorded = new ArrayList<>();
            try (Statement select = db.createStatement();
                    ResultSet rows = select.executeQuery("SELECT recorded_at FROM audit_log ORDER BY idx")) {
                while (rows.next()) {
                    recorded.add(rows.getObject(1, OffsetDateTime.class).toInstant());
                }
            }
            assertThat(recorded).isSorted();
            assertThat(indexOf(db, emailSent.eventId())).isLessThan(indexOf(db, marker.eventId()));

            // The garbage is kept as a reject, and the position is past the marker
            try (PreparedStatement select = db.prepareStatement("""
                    SELECT reason, raw_base64, record_key FROM audit_rejects
                    WHERE topic = ? AND kafka_partition = ? AND kafka_offset = ?""")) {
                select.setString(1, garbageAt.topic());
                select.setInt(2, garbageAt.partition());
                select.setLong(3, garbageAt.offset());
                try (ResultSet row = select.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getString("reason")).startsWith("not JSON");
                    assertThat(Base64.getDecoder().decode(row.getString("raw_base64")))
                            .isEqualTo(garbage);
                    assertThat(row.getString("record_key")).isEqualTo(practiceA);
                }
            }
            assertThat(longs(
                            db,
                            "SELECT next_offset FROM audit_consumer_position WHERE topic = '" + markerAt.topic()
                                    + "' AND kafka_partition = " + markerAt.partition()))
                    .containsExactly(markerAt.offset() + 1);
        }
    }

    @Test
    @Order(2)
    void theDatabaseRefusesToChangeOrDeleteHistoryOrToLeaveAGap() throws SQLException {
        try (Connection db = db();
                Statement sql = db.createStatement()) {
            long size = longs(db, "SELECT count(*) FROM audit_log").get(0);

            assertThatThrownBy(() -> sql.executeUpdate("UPDATE audit_log SET type = 'tampered' WHERE idx = 0"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("audit_log is append-only: UPDATE");
            assertThatThrownBy(() -> sql.executeUpdate("DELETE FROM audit_log WHERE idx = " + (size - 1)))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("audit_log is append-only: DELETE");
            assertThatThrownBy(() -> sql.executeUpdate("TRUNCATE audit_log"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("audit_log is append-only: TRUNCATE");
            assertThatThrownBy(() -> sql.executeUpdate("DELETE FROM audit_rejects"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("audit_rejects is append-only: DELETE");

            String insert = """
                    INSERT INTO audit_log (idx, event_id, type, schema_version, occurred_at, recorded_at, topic,
                                           kafka_partition, kafka_offset, canonical_json, leaf_hash)
                    VALUES (%d, gen_random_uuid(), 'x', 1, now(), now(), 't', 0, %d, '{}', %s)""";
            String rightHash = "sha256('\\x00'::bytea || convert_to('{}', 'UTF8'))";
            assertThatThrownBy(() -> sql.executeUpdate(insert.formatted(size + 1, -1, rightHash)))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("audit_log is gapless");
            assertThatThrownBy(() -> sql.executeUpdate(insert.formatted(size, -2, "sha256('{}'::bytea)")))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("audit_log_leaf_hash_check");
            // checked per statement: a gap or a step back in time inside one multi-row statement is refused too
            String twoRows = """
                    INSERT INTO audit_log (idx, event_id, type, schema_version, occurred_at, recorded_at, topic,
                                           kafka_partition, kafka_offset, canonical_json, leaf_hash)
                    VALUES (%d, gen_random_uuid(), 'x', 1, now(), now() + interval '1 hour', 't', 0, -3, '{}', %s),
                           (%d, gen_random_uuid(), 'x', 1, now(), now() + interval '%d hour', 't', 0, -4, '{}', %s)""";
            assertThatThrownBy(() -> sql.executeUpdate(twoRows.formatted(size, rightHash, size + 2, 2, rightHash)))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("audit_log is gapless: the next index is " + (size + 1));
            assertThatThrownBy(() -> sql.executeUpdate(twoRows.formatted(size, rightHash, size + 1, 0, rightHash)))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("audit_log is in time order");

            assertThat(longs(db, "SELECT count(*) FROM audit_log")).containsExactly(size);
            assertThat(longs(db, "SELECT count(*) FROM audit_log WHERE type = 'tampered'"))
                    .containsExactly(0L);
        }
    }

    @Test
    @Order(3)
    void theExportIsForTheDpoAndHoldsTheAdvisorysEntriesInIndexOrder() throws Exception {
        String uri = "/api/audit/export.csv?advisoryId=" + advisory;

        assertThat(statusOf(HttpRequest.GET(uri))).isEqualTo(HttpStatus.UNAUTHORIZED.getCode());
        assertThat(statusOf(HttpRequest.GET(uri).basicAuth("comms", COMMS_PASSWORD)))
                .isEqualTo(HttpStatus.FORBIDDEN.getCode());
        assertThat(statusOf(HttpRequest.GET(uri).basicAuth("dpo", "wrong")))
                .isEqualTo(HttpStatus.UNAUTHORIZED.getCode());

        HttpResponse<String> response =
                http.toBlocking().exchange(HttpRequest.GET(uri).basicAuth("dpo", DPO_PASSWORD), String.class);

        assertThat(response.code()).isEqualTo(HttpStatus.OK.getCode());
        assertThat(response.getContentType()).hasValueSatisfying(type -> {
            assertThat(type.getName()).isEqualTo("text/csv");
            assertThat(type.getCharset()).hasValue(StandardCharsets.UTF_8);
        });
        assertThat(response.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"audit-" + advisory + ".csv\"");
        List<CSVRecord> rows = csv(response.body());
        assertThat(rows.get(0).toList())
                .containsExactly(
                        "index",
                        "recorded_at",
                        "occurred_at",
                        "type",
                        "advisory_id",
                        "practice_id",
                        "event_id",
                        "producer",
                        "leaf_hash",
                        "event_json");
        // The export's own record (audit.exported, published just before) may be in it already: it is no event of
        // the pipeline, and its own test is TransparencyLogIT
        List<CSVRecord> entries = rows.subList(1, rows.size()).stream()
                .filter(row -> !row.get("type").equals("audit.exported"))
                .toList();
        Set<String> expectedIds = published.values().stream()
                .filter(event -> advisory.equals(event.correlationId()))
                .map(event -> event.eventId().toString())
                .collect(Collectors.toSet());
        assertThat(entries).extracting(row -> row.get("event_id")).containsExactlyInAnyOrderElementsOf(expectedIds);
        assertThat(entries)
                .extracting(row -> Long.parseLong(row.get("index")))
                .isSorted()
                .doesNotHaveDuplicates();
        for (CSVRecord entry : entries) {
            assertThat(entry.get("advisory_id")).isEqualTo(advisory);
            assertThat(entry.get("leaf_hash"))
                    .as("a verifier recomputes the leaf from the export alone")
                    .isEqualTo(LeafHash.hex(LeafHash.of(entry.get("event_json"))));
            EventEnvelope<EventPayload> event = published.get(UUID.fromString(entry.get("event_id")));
            assertThat(entry.get("type")).isEqualTo(event.type());
            assertThat(entry.get("practice_id"))
                    .isEqualTo(Objects.toString(event.payload().practiceId(), ""));
            assertThat(entry.get("occurred_at")).isEqualTo(event.occurredAt().toString());
            assertThat(Instant.parse(entry.get("recorded_at"))).isAfter(T0);
        }

        // filters combine; a bad one is named
        HttpResponse<String> ofPracticeB = http.toBlocking()
                .exchange(
                        HttpRequest.GET("/api/audit/export.csv?practiceId=" + practiceB
                                        + "&from=2026-11-20T09:01:00Z&to=2026-11-20T09:03:00Z")
                                .basicAuth("dpo", DPO_PASSWORD),
                        String.class);
        assertThat(csv(ofPracticeB.body())).hasSize(3); // header, EmailFailed and the other advisory's EmailSent
        assertThat(ofPracticeB.header("Content-Disposition")).isEqualTo("attachment; filename=\"audit-log.csv\"");

        HttpClientResponseException bad =
                catchResponse(HttpRequest.GET(uri + "&from=yesterday").basicAuth("dpo", DPO_PASSWORD));
        assertThat(bad.code()).isEqualTo(HttpStatus.BAD_REQUEST.getCode());
        assertThat(bad.getResponse().getContentType())
                .hasValueSatisfying(type -> assertThat(type.getName()).isEqualTo(MediaType.APPLICATION_JSON));
        assertThat(bad.getResponse().getBody(Map.class)).hasValueSatisfying(body -> {
            assertThat(body).containsEntry("error", "bad_parameter").containsEntry("parameter", "from");
        });
        assertThat(catchResponse(HttpRequest.GET("/api/audit/export.csv").basicAuth("dpo", DPO_PASSWORD))
                        .getResponse()
                        .getBody(Map.class))
                .hasValueSatisfying(body -> assertThat(body).containsEntry("parameter", "advisoryId"));

        // the head (once the exports' own audit.exported entries, appended asynchronously, have landed)
        await().atMost(DEADLINE).untilAsserted(() -> {
            Map<?, ?> head = http.toBlocking()
                    .retrieve(HttpRequest.GET("/api/audit/head").basicAuth("dpo", DPO_PASSWORD), Map.class);
            try (Connection db = db()) {
                long size = longs(db, "SELECT count(*) FROM audit_log").get(0);
                assertThat(((Number) head.get("size")).longValue()).isEqualTo(size);
                assertThat(((Number) head.get("lastIndex")).longValue()).isEqualTo(size - 1);
                assertThat(Instant.parse((String) head.get("lastRecordedAt"))).isAfter(T0);
            }
        });
        assertThat(statusOf(HttpRequest.GET("/api/audit/head").basicAuth("comms", COMMS_PASSWORD)))
                .isEqualTo(HttpStatus.FORBIDDEN.getCode());
    }

    @Test
    @Order(4)
    void aBatchTheDatabaseFailsIsRetriedUntilItIsStoredAndNothingIsSkipped() throws Exception {
        // Given a database that fails every append, and counts the attempts outside the rolled-back transactions
        try (Connection db = db();
                Statement sql = db.createStatement()) {
            sql.execute("CREATE SEQUENCE it_failed_appends");
            sql.execute("""
                    CREATE FUNCTION it_fail_append() RETURNS trigger AS $$
                    BEGIN
                        PERFORM nextval('it_failed_appends');
                        RAISE EXCEPTION 'it: the database is failing';
                    END;
                    $$ LANGUAGE plpgsql""");
            sql.execute("CREATE TRIGGER it_fail_append BEFORE INSERT ON audit_log "
                    + "FOR EACH ROW EXECUTE FUNCTION it_fail_append()");
        }
        long sizeBefore = leafHashesByIndex().size();
        EventEnvelope<EventPayload> sent = wrap(
                new EmailSent(
                        UUID.randomUUID(),
                        advisory,
                        practiceB,
                        List.of("praxis-b@example.org"),
                        "<b2@breachnotify>",
                        "250 OK",
                        2),
                11);
        RecordMetadata sentAt = publish(sent);

        // When the batch has failed twice (the second time is the listener's retry)
        await().atMost(DEADLINE).until(() -> failedAppends() >= 2);
        assertThat(isLogged(sent.eventId())).isFalse();
        assertThat(storedPosition(sentAt))
                .as("a failed batch does not advance the position")
                .isLessThanOrEqualTo(sentAt.offset());

        // Then once the database recovers, the event is appended once, right after the entries before it
        try (Connection db = db();
                Statement sql = db.createStatement()) {
            sql.execute("DROP TRIGGER it_fail_append ON audit_log");
        }
        await().atMost(DEADLINE).until(() -> isLogged(sent.eventId()));
        try (Connection db = db()) {
            assertThat(indexOf(db, sent.eventId())).isEqualTo(sizeBefore);
        }
        assertThat(leafHashesByIndex()).hasSize((int) sizeBefore + 1);
        assertThat(storedPosition(sentAt)).isEqualTo(sentAt.offset() + 1);
    }

    @Test
    @Order(5)
    void aRestartedServiceContinuesTheLogWithoutGapOrRepeat() throws Exception {
        Map<Long, String> before = leafHashesByIndex();
        context.close();

        // While the service is down: new events, and the logged email event once more
        publish(emailSent);
        EventEnvelope<EventPayload> sentToC = wrap(
                new EmailSent(
                        UUID.randomUUID(),
                        advisory,
                        practiceC,
                        List.of("praxis-c@example.org"),
                        "<c@breachnotify>",
                        "250 OK",
                        1),
                8);
        EventEnvelope<EventPayload> confirmedByC = wrap(
                new CredentialRotationConfirmed(
                        UUID.randomUUID(),
                        advisory,
                        practiceC,
                        "ti-konnektor",
                        RotationStatus.CHANGED_BY_PROVIDER,
                        LocalDate.of(2026, 11, 22),
                        "IT-Service",
                        T0.plusSeconds(900)),
                9);
        EventEnvelope<EventPayload> marker = wrap(
                new EmailDeferred(UUID.randomUUID(), advisory, practiceA, 421, "try later", 2, T0.plusSeconds(1200)),
                10);
        List<EventEnvelope<EventPayload>> added = List.of(sentToC, confirmedByC, marker);
        for (EventEnvelope<EventPayload> event : added) {
            publish(event);
        }

        try (AutoCloseable restarted = AuditServiceApplication.start(properties)) {
            await().atMost(DEADLINE).until(() -> allLogged(added));

            Map<Long, String> after = leafHashesByIndex();
            assertThat(after.keySet())
                    .containsExactlyElementsOf(LongStream.range(0, before.size() + added.size())
                            .boxed()
                            .toList());
            assertThat(after).containsAllEntriesOf(before);
            try (Connection db = db()) {
                for (EventEnvelope<EventPayload> event : added) {
                    assertThat(indexOf(db, event.eventId())).isGreaterThanOrEqualTo(before.size());
                }
                assertThat(longs(db, "SELECT count(*) FROM audit_log WHERE event_id = '" + emailSent.eventId() + "'"))
                        .containsExactly(1L);
                assertEveryLeafHashMatchesItsCanonicalJson(db);
            }
        }
        // The log's position lives in its database only: the group never committed an offset to Kafka
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().kafkaBootstrapServers()))) {
            assertThat(admin.listConsumerGroupOffsets("audit-service")
                            .partitionsToOffsetAndMetadata()
                            .get(30, TimeUnit.SECONDS))
                    .isEmpty();
        }
    }

    // --- helpers

    private EventEnvelope<EventPayload> wrap(EventPayload payload, int minutesAfterT0) {
        EventEnvelope<EventPayload> event =
                EventEnvelope.wrap(payload, "it-producer", T0.plusSeconds(60L * minutesAfterT0));
        published.putIfAbsent(event.eventId(), event);
        return event;
    }

    private RecordMetadata publish(EventEnvelope<?> event) throws ExecutionException, InterruptedException {
        return send(event.topic().topicName(), event.key(), EventCodec.encode(event));
    }

    private RecordMetadata send(String topic, String key, byte[] value)
            throws ExecutionException, InterruptedException {
        return producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    private Practice practice(String id) {
        return new Practice(
                id,
                "Praxis Dr. Müller, Zahnärzte",
                "Dr. Müller",
                List.of("praxis@example.org"),
                new PostalAddress("Hauptstr. 1", "10115", "Berlin", "DE"),
                "de",
                "dental",
                PreferredChannel.EMAIL);
    }

    private static AdvisoryPublished advisory(String id) {
        return new AdvisoryPublished(
                id,
                "Passwortwechsel",
                Map.of(
                        "de",
                        new LocalizedText("Bitte Passwörter ändern", "Sehr geehrte Praxis, \"bitte\" jetzt\n…"),
                        "en",
                        new LocalizedText("Please change passwords", "Dear practice")),
                List.of(new Credential("ti-konnektor", Map.of("de", "TI-Konnektor", "en", "TI connector"))),
                LocalDate.of(2026, 12, 1),
                AdvisoryPublished.Audience.ALL,
                List.of(Channel.EMAIL),
                "comms",
                T0,
                null);
    }

    private Connection db() throws SQLException {
        return DriverManager.getConnection(
                (String) properties.get("datasources.default.url"),
                (String) properties.get("datasources.default.username"),
                (String) properties.get("datasources.default.password"));
    }

    private boolean isLogged(UUID eventId) throws SQLException {
        try (Connection db = db()) {
            return longs(db, "SELECT count(*) FROM audit_log WHERE event_id = '" + eventId + "'")
                            .get(0)
                    > 0;
        }
    }

    private long failedAppends() throws SQLException {
        try (Connection db = db()) {
            // last_value is 1 before the first nextval; is_called tells the two apart
            return longs(db, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM it_failed_appends")
                    .get(0);
        }
    }

    private long storedPosition(RecordMetadata at) throws SQLException {
        try (Connection db = db()) {
            List<Long> next = longs(
                    db,
                    "SELECT next_offset FROM audit_consumer_position WHERE topic = '" + at.topic()
                            + "' AND kafka_partition = " + at.partition());
            return next.isEmpty() ? 0 : next.get(0);
        }
    }

    private boolean allLogged(List<EventEnvelope<EventPayload>> events) throws SQLException {
        for (EventEnvelope<EventPayload> event : events) {
            if (!isLogged(event.eventId())) {
                return false;
            }
        }
        return true;
    }

    private static long indexOf(Connection db, UUID eventId) throws SQLException {
        return longs(db, "SELECT idx FROM audit_log WHERE event_id = '" + eventId + "'")
                .get(0);
    }

    private static List<Long> longs(Connection db, String query) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Statement select = db.createStatement();
                ResultSet rows = select.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getLong(1));
            }
        }
        return values;
    }

    private Map<Long, String> leafHashesByIndex() throws SQLException {
        Map<Long, String> hashes = new LinkedHashMap<>();
        try (Connection db = db();
                Statement select = db.createStatement();
                ResultSet rows = select.executeQuery("SELECT idx, leaf_hash FROM audit_log ORDER BY idx")) {
            while (rows.next()) {
                hashes.put(rows.getLong(1), HexFormat.of().formatHex(rows.getBytes(2)));
            }
        }
        return hashes;
    }

    private static void assertEveryLeafHashMatchesItsCanonicalJson(Connection db) throws SQLException {
        try (Statement select = db.createStatement();
                ResultSet rows = select.executeQuery("SELECT idx, canonical_json, leaf_hash FROM audit_log")) {
            while (rows.next()) {
                String canonical = rows.getString(2);
                assertThat(rows.getBytes(3))
                        .as("leaf hash of entry %d", rows.getLong(1))
                        .isEqualTo(LeafHash.of(canonical));
                assertThat(CanonicalJson.canonicalize(canonical.getBytes(StandardCharsets.UTF_8)))
                        .as("entry %d is in canonical form", rows.getLong(1))
                        .isEqualTo(canonical);
            }
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

    private static List<CSVRecord> csv(String body) throws IOException {
        try (CSVParser parser = CSVFormat.RFC4180.builder().build().parse(new StringReader(body))) {
            List<CSVRecord> records = parser.getRecords();
            if (records.isEmpty()) {
                return records;
            }
            // re-read with the header row as names, keeping it as the first record for the column check
            try (CSVParser named = CSVFormat.RFC4180
                    .builder()
                    .setHeader(records.get(0).values())
                    .setSkipHeaderRecord(false)
                    .build()
                    .parse(new StringReader(body))) {
                return named.getRecords();
            }
        }
    }
}
