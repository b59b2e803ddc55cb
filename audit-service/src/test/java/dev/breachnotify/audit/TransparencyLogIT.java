package dev.breachnotify.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breachnotify.audit.checkpoint.Checkpoints;
import dev.breachnotify.audit.checkpoint.SignedCheckpoint;
import dev.breachnotify.embedded.FreePorts;
import dev.breachnotify.embedded.MailCatcher;
import dev.breachnotify.events.AuditExported;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.platform.security.PasswordHashes;
import dev.breachnotify.platform.security.Roles;
import dev.breachnotify.testsupport.TestInfrastructure;
import dev.breachnotify.verifier.Checkpoint;
import dev.breachnotify.verifier.Json;
import dev.breachnotify.verifier.Merkle;
import dev.breachnotify.verifier.NoteKeys;
import dev.breachnotify.verifier.VerifyExport;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * The transparency log end to end, against real Kafka and PostgreSQL: events are appended, a checkpoint is signed
 * and published outside the database, the DPO exports JSON Lines by advisory, by practice and whole, the offline
 * verifier (the jar, as a user would run it) accepts them; each export is itself logged; a newer checkpoint is
 * consistent with an older one; and a row changed by a database administrator, or an edited export, is named
 * by the verifier.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TransparencyLogIT implements TestPropertyProvider {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String DPO_PASSWORD = "dpo-" + UUID.randomUUID();
    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    private static final Path VERIFIER_JAR = Path.of("..", "audit-verifier", "target", "audit-verifier.jar");

    private final String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private final String advisory = "ADV-TL-" + run;
    private final String otherAdvisory = "ADV-TL2-" + run;
    /** The DPO's user name, unique per run: other tests' exports reach this log too (one Kafka per JVM). */
    private final String dpo = "dpo-" + run;

    private final List<String> practices = List.of("P-1-" + run, "P-2-" + run, "P-3-" + run);
    private final Path work = Path.of(System.getProperty("breachnotify.test.work-dir", "target/it-infra"))
            .resolve("transparency-" + run)
            .toAbsolutePath();
    private final Map<String, Object> properties = new HashMap<>();
    private KafkaProducer<String, byte[]> producer;
    private MailCatcher mail;

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    Checkpoints checkpoints;

    private String firstCheckpoint;

    @Override
    public Map<String, String> getProperties() {
        TestInfrastructure infra = TestInfrastructure.get();
        properties.put("kafka.bootstrap.servers", infra.kafkaBootstrapServers());
        properties.put("datasources.default.url", infra.jdbcUrl("audit_tl_" + run));
        properties.put("datasources.default.username", infra.dbUser());
        properties.put("datasources.default.password", infra.dbPassword());
        properties.put("micronaut.server.port", "-1");
        properties.put(
                "breachnotify.security.users." + dpo + ".password-hash",
                PasswordHashes.hash(DPO_PASSWORD.toCharArray()));
        properties.put("breachnotify.security.users." + dpo + ".roles", Roles.DPO);
        properties.put("breachnotify.audit.data-dir", work.resolve("data").toString());
        properties.put("breachnotify.audit.checkpoint.origin", "it.breachnotify/audit-" + run);
        properties.put("breachnotify.audit.checkpoint.max-entries", "40");
        properties.put("breachnotify.audit.checkpoint.max-age", "2s");
        properties.put("breachnotify.audit.checkpoint.check-every", "200ms");
        // and mailed to the DPO, through a real SMTP server
        mail = MailCatcher.start(FreePorts.next(), work.resolve("mail"));
        properties.put("breachnotify.audit.checkpoint.mail.to", "dpo@praxis-it.example");
        properties.put("breachnotify.audit.checkpoint.mail.from", "audit@vendor.example");
        properties.put("breachnotify.audit.checkpoint.mail.host", "127.0.0.1");
        properties.put("breachnotify.audit.checkpoint.mail.port", mail.smtpPort());
        properties.put("breachnotify.audit.checkpoint.mail.interval", "500ms");
        properties.put("breachnotify.audit.checkpoint.mail.first-after", "200ms");
        return properties.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().toString()));
    }

    @BeforeAll
    void producer() throws IOException {
        Files.createDirectories(work);
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
        mail.close();
    }

    @Test
    @Order(1)
    void aCheckpointIsSignedStoredAndPublishedOutsideTheDatabase() throws Exception {
        // Given 90 events of two advisories and three practices
        publish(90);
        await().atMost(DEADLINE).until(() -> logSize() >= 90);

        // Then a checkpoint covering them is issued within the policy's time, at the well-known URL
        await().atMost(DEADLINE)
                .until(() -> checkpoints.latest().map(c -> c.treeSize() >= 90).orElse(false));
        String note = http.toBlocking().retrieve("/.well-known/audit-checkpoint");
        String pem = http.toBlocking().retrieve("/.well-known/audit-public-key.pem");
        Checkpoint checkpoint = Checkpoint.verify(note, null, NoteKeys.parsePublicKey(pem, "well-known key"));
        assertThat(checkpoint.origin()).isEqualTo("it.breachnotify/audit-" + run);
        SignedCheckpoint latest = checkpoints.latest().orElseThrow();
        assertThat(latest.treeSize()).isGreaterThanOrEqualTo(checkpoint.treeSize());
        try (Connection db = db()) {
            assertThat(checkpoint.rootHash()).isEqualTo(rootFromLeaves(db, checkpoint.treeSize()));
        }

        // and written to the folder outside the database, with the public key
        Path folder = work.resolve("data").resolve("checkpoints");
        assertThat(Files.readString(folder.resolve(String.format("checkpoint-%012d.txt", checkpoint.treeSize()))))
                .isEqualTo(note);
        assertThat(Files.readString(folder.resolve("audit-public-key.pem"))).isEqualTo(pem);
        Files.writeString(work.resolve("audit-public-key.pem"), pem);
        firstCheckpoint = note;

        // and mailed to the DPO: a signed checkpoint of this log that verifies with the public key
        String mailed = await().atMost(DEADLINE)
                .until(() -> mailedCheckpoint(checkpoint.treeSize()), java.util.Optional::isPresent)
                .orElseThrow();
        Checkpoint fromMail = Checkpoint.verify(
                mailed, "it.breachnotify/audit-" + run, NoteKeys.parsePublicKey(pem, "well-known key"));
        assertThat(fromMail.treeSize()).isGreaterThanOrEqualTo(checkpoint.treeSize());
        Files.writeString(work.resolve("old-checkpoint.txt"), note);
    }

    /** The signed checkpoint in the newest mail to the DPO, once one covers at least {@code size} entries. */
    private java.util.Optional<String> mailedCheckpoint(long size) throws Exception {
        List<jakarta.mail.internet.MimeMessage> messages = mail.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            jakarta.mail.internet.MimeMessage message = messages.get(i);
            assertThat(message.getAllRecipients()[0].toString()).isEqualTo("dpo@praxis-it.example");
            assertThat(message.getSubject()).startsWith("Audit log checkpoint: it.breachnotify/audit-" + run);
            String text = ((String) message.getContent()).replace("\r\n", "\n");
            java.util.regex.Matcher note = java.util.regex.Pattern.compile(
                            "----- signed checkpoint [^\n]*\n(.*?)----- end of the signed checkpoint -----",
                            java.util.regex.Pattern.DOTALL)
                    .matcher(text);
            assertThat(note.find()).as(text).isTrue();
            if (Long.parseLong(note.group(1).lines().skip(1).findFirst().orElseThrow()) >= size) {
                return java.util.Optional.of(note.group(1));
            }
        }
        return java.util.Optional.empty();
    }

    @Test
    @Order(2)
    void exportsByAdvisoryByPracticeAndWholeVerifyOfflineAndAreThemselvesLogged() throws Exception {
        Path byAdvisory = download("/api/audit/export.jsonl?advisoryId=" + advisory, "by-advisory.jsonl");
        Path byPractice = download("/api/audit/export.jsonl?practiceId=" + practices.get(1), "by-practice.jsonl");
        Path whole = download("/api/audit/export.jsonl?all=true", "whole.jsonl");

        assertThat(verify(byAdvisory)).startsWith("OK");
        assertThat(verify(byPractice)).startsWith("OK");
        assertThat(verify(whole)).startsWith("OK").contains("complete export");
        assertThat(entries(byAdvisory)).isEqualTo(60);
        assertThat(entries(byPractice)).isEqualTo(30);

        // the same checks through the jar, as a user runs it
        if (Files.exists(VERIFIER_JAR)) {
            Process process = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-jar",
                            VERIFIER_JAR.toString(),
                            "--public-key",
                            work.resolve("audit-public-key.pem").toString(),
                            byPractice.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(output).isZero();
            assertThat(output).startsWith("OK");
        }

        // Every export is in the log: who, what filter, which format
        await().atMost(DEADLINE).until(() -> exportsLogged() >= 3);
        // (the topic is shared with other tests of this JVM: only this run's user's exports count)
        try (Connection db = db();
                Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery(
                        "SELECT canonical_json FROM audit_log WHERE type = 'audit.exported' " + "ORDER BY idx")) {
            List<AuditExported> exports = new ArrayList<>();
            while (rows.next()) {
                AuditExported export =
                        (AuditExported) EventCodec.decode(rows.getString(1).getBytes(StandardCharsets.UTF_8))
                                .payload();
                if (export.exportedBy().equals(dpo)) {
                    exports.add(export);
                }
            }
            assertThat(exports).extracting(AuditExported::format).containsOnly("jsonl");
            assertThat(exports).extracting(AuditExported::advisoryId).containsExactly(advisory, null, null);
            assertThat(exports).extracting(AuditExported::practiceId).containsExactly(null, practices.get(1), null);
            assertThat(exports).extracting(AuditExported::all).containsExactly(false, false, true);
        }
    }

    @Test
    @Order(3)
    void aNewerCheckpointIsConsistentWithTheOlderOneKept() throws Exception {
        Checkpoint older = Checkpoint.verify(firstCheckpoint, null, publicKey());
        publish(30);
        await().atMost(DEADLINE)
                .until(() -> checkpoints
                        .latest()
                        .map(c -> c.treeSize() > older.treeSize() + 29)
                        .orElse(false));
        SignedCheckpoint newer = checkpoints.latest().orElseThrow();

        // the proof from the API verifies between the two signed roots
        String answer = http.toBlocking()
                .retrieve(HttpRequest.GET("/api/audit/consistency?from=" + older.treeSize() + "&to=" + newer.treeSize())
                        .basicAuth(dpo, DPO_PASSWORD));
        List<byte[]> proof = ((List<?>) ((Map<?, ?>) Json.parse(answer)).get("proof"))
                .stream().map(hash -> Base64.getDecoder().decode((String) hash)).toList();
        Merkle.verifyConsistency(older.treeSize(), newer.treeSize(), older.rootHash(), newer.rootHash(), proof);
        Files.writeString(work.resolve("consistency.json"), answer);

        // and the verifier checks it with the kept checkpoint, from the export or from the API's answer
        Path export = download(
                "/api/audit/export.jsonl?practiceId=" + practices.get(0) + "&consistencyFrom=" + older.treeSize(),
                "with-consistency.jsonl");
        assertThat(verify(
                        export,
                        "--older-checkpoint",
                        work.resolve("old-checkpoint.txt").toString()))
                .startsWith("OK")
                .contains("consistent with the older checkpoint of tree size " + older.treeSize());
    }

    @Test
    @Order(4)
    void anEditedExportNamesItsFirstBadEntry() throws Exception {
        Path export = download("/api/audit/export.jsonl?advisoryId=" + otherAdvisory, "to-edit.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(export));
        int line = 5; // the fourth entry
        long index = (Long) ((Map<?, ?>) Json.parse(lines.get(line - 1))).get("index");
        lines.set(line - 1, lines.get(line - 1).replace("250 OK", "250 Ok"));
        Path edited = work.resolve("edited.jsonl");
        Files.write(edited, lines);

        String output = verifyFailing(edited);
        assertThat(output)
                .contains("line " + line + " (entry index " + index + ")")
                .contains("event was changed");
    }

    @Test
    @Order(5)
    void aRowChangedByTheDatabaseAdministratorIsNamed() throws Exception {
        // Given the superuser rewrites one entry of practice 3, leaf hash included, with the trigger disabled
        long victim;
        try (Connection db = db();
                Statement sql = db.createStatement()) {
            try (ResultSet row = sql.executeQuery("SELECT idx FROM audit_log WHERE practice_id = '" + practices.get(2)
                    + "' ORDER BY idx OFFSET 5 LIMIT 1")) {
                row.next();
                victim = row.getLong(1);
            }
            sql.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only");
            sql.executeUpdate("UPDATE audit_log SET canonical_json = replace(canonical_json, '250 OK', '550 NO'),"
                    + " leaf_hash = sha256('\\x00'::bytea || convert_to(replace(canonical_json, '250 OK', '550 NO'),"
                    + " 'UTF8')) WHERE idx = " + victim);
            sql.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only");
        }

        // When the DPO exports that practice's records, Then the verifier names the changed entry
        Path export = download("/api/audit/export.jsonl?practiceId=" + practices.get(2), "after-tamper.jsonl");
        String output = verifyFailing(export);
        assertThat(output).contains("entry index " + victim + ")").contains("not in the log");
    }

    // --- helpers

    private void publish(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            String adv = i % 3 == 2 ? otherAdvisory : advisory;
            String practice = practices.get(i % 3);
            EventEnvelope<EventPayload> event = EventEnvelope.wrap(
                    new EmailSent(
                            UUID.randomUUID(),
                            adv,
                            practice,
                            List.of("praxis@example.org"),
                            "<" + i + "@it>",
                            "250 OK",
                            1),
                    "it-producer",
                    T0.plusSeconds(i));
            producer.send(new ProducerRecord<>(event.topic().topicName(), event.key(), EventCodec.encode(event)));
        }
        producer.flush();
    }

    private Path download(String uri, String name) throws IOException {
        byte[] body = http.toBlocking().retrieve(HttpRequest.GET(uri).basicAuth(dpo, DPO_PASSWORD), byte[].class);
        Path file = work.resolve(name);
        Files.write(file, body);
        return file;
    }

    private String verify(Path export, String... extra) {
        List<String> args = new ArrayList<>(
                List.of("--public-key", work.resolve("audit-public-key.pem").toString(), export.toString()));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = VerifyExport.run(
                args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String output = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(output).isZero();
        return output;
    }

    private String verifyFailing(Path export) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = VerifyExport.run(
                new String[] {
                    "--public-key", work.resolve("audit-public-key.pem").toString(), export.toString()
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String output = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(output).isEqualTo(VerifyExport.FAILED);
        return output;
    }

    private java.security.PublicKey publicKey() throws IOException {
        return NoteKeys.parsePublicKey(Files.readString(work.resolve("audit-public-key.pem")), "key");
    }

    private static long entries(Path export) throws IOException {
        try (var lines = Files.lines(export)) {
            return lines.filter(line -> line.startsWith("{\"kind\":\"entry\"")).count();
        }
    }

    private long logSize() throws SQLException {
        try (Connection db = db();
                Statement sql = db.createStatement();
                ResultSet row = sql.executeQuery("SELECT count(*) FROM audit_log")) {
            row.next();
            return row.getLong(1);
        }
    }

    private long exportsLogged() throws SQLException {
        try (Connection db = db();
                Statement sql = db.createStatement();
                ResultSet row = sql.executeQuery("SELECT count(*) FROM audit_log WHERE type = 'audit.exported'"
                        + " AND canonical_json LIKE '%\"exportedBy\":\"" + dpo + "\"%'")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static byte[] rootFromLeaves(Connection db, long size) throws SQLException {
        List<byte[]> leaves = new ArrayList<>();
        try (Statement sql = db.createStatement();
                ResultSet rows =
                        sql.executeQuery("SELECT leaf_hash FROM audit_log WHERE idx < " + size + " ORDER BY idx")) {
            while (rows.next()) {
                leaves.add(rows.getBytes(1));
            }
        }
        return Merkle.rootOf(leaves);
    }

    private Connection db() throws SQLException {
        return DriverManager.getConnection(
                (String) properties.get("datasources.default.url"),
                (String) properties.get("datasources.default.username"),
                (String) properties.get("datasources.default.password"));
    }
}
