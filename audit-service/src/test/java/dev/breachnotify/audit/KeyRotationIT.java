package dev.breachnotify.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.breachnotify.audit.checkpoint.Checkpoints;
import dev.breachnotify.audit.checkpoint.SignedCheckpoint;
import dev.breachnotify.events.AuditSigningKeyChanged;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.platform.security.Roles;
import dev.breachnotify.testsupport.TestInfrastructure;
import dev.breachnotify.verifier.Checkpoint;
import dev.breachnotify.verifier.NoteKeys;
import dev.breachnotify.verifier.VerifyExport;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A key rotation, as an operator does it, against real Kafka and PostgreSQL: the service restarted on the same log
 * with a new key and the old one as a previous key, first co-signing, then trusted only; the change is logged once;
 * exports across the change verify offline with both keys; a key the log never had is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyRotationIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String DPO_PASSWORD = "dpo-" + UUID.randomUUID();

    private final String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private final String origin = "it.breachnotify/rotation-" + run;
    private final String dpo = "dpo-rot-" + run;
    private final Path work = Path.of(System.getProperty("breachnotify.test.work-dir", "target/it-infra"))
            .resolve("rotation-" + run)
            .toAbsolutePath();
    private final Map<String, String> base = AuditTestProperties.of("audit_rot_" + run);
    private KafkaProducer<String, byte[]> producer;

    @BeforeAll
    void producer() throws IOException {
        Files.createDirectories(work);
        base.put("breachnotify.audit.data-dir", work.resolve("data").toString());
        base.put("breachnotify.audit.checkpoint.origin", origin);
        base.put("breachnotify.audit.checkpoint.max-entries", "10");
        base.put("breachnotify.audit.checkpoint.max-age", "1s");
        base.put("breachnotify.audit.checkpoint.check-every", "200ms");
        AuditTestProperties.user(base, dpo, DPO_PASSWORD, Roles.DPO);
        Properties config = new Properties();
        config.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    void closeProducer() {
        producer.close();
    }

    @Test
    void theSigningKeyIsRotatedWithoutBreakingTheChainOfCheckpoints() throws Exception {
        // Given a log whose checkpoints the first key (generated into the data folder) signed
        Path firstKeyFile = work.resolve("data").resolve("checkpoint-signing-key.pem");
        PublicKey first;
        String firstCheckpoint;
        try (ApplicationContext service = start(Map.of())) {
            publish(25);
            SignedCheckpoint checkpoint = awaitCheckpoint(service, 25);
            first = NoteKeys.parsePublicKey(get(service, "/.well-known/audit-public-key.pem"), "well-known");
            firstCheckpoint = checkpoint.signedNote();
            assertThat(Checkpoint.verify(firstCheckpoint, origin, first).treeSize())
                    .isEqualTo(checkpoint.treeSize());
        }
        KeyPair second = NoteKeys.generate();
        Path secondKeyFile =
                Files.writeString(work.resolve("second-key.pem"), NoteKeys.privateKeyPem(second.getPrivate()));

        // When the service restarts with a new key and the first one co-signing (an orderly rotation)
        long changedAfter;
        try (ApplicationContext service = start(Map.of(
                "breachnotify.audit.checkpoint.private-key-file", secondKeyFile.toString(),
                "breachnotify.audit.checkpoint.previous-key-files", firstKeyFile.toString()))) {
            // Then the change is logged, and the next checkpoint covers it and bears both signatures
            AuditSigningKeyChanged change = await().atMost(DEADLINE)
                    .until(this::keyChanges, c -> c.size() == 1)
                    .get(0);
            assertThat(change.origin()).isEqualTo(origin);
            assertThat(change.previousKey()).isEqualTo(NoteKeys.verifierKey(origin, first));
            assertThat(change.newKey()).isEqualTo(NoteKeys.verifierKey(origin, second.getPublic()));
            assertThat(change.previousKeyCoSigns()).isTrue();
            changedAfter = change.lastTreeSize();
            assertThat(changedAfter)
                    .isEqualTo(Checkpoint.verify(firstCheckpoint, origin, first).treeSize());
            SignedCheckpoint coSigned = awaitCheckpoint(service, changeIndex() + 1);
            assertThat(Checkpoint.verify(coSigned.signedNote(), origin, first).treeSize())
                    .isEqualTo(coSigned.treeSize());
            assertThat(Checkpoint.verify(coSigned.signedNote(), origin, second.getPublic())
                            .treeSize())
                    .isEqualTo(coSigned.treeSize());
            // and the well-known key is the new one; the list of keys holds both, the new one first
            assertThat(NoteKeys.parsePublicKey(get(service, "/.well-known/audit-public-key.pem"), "well-known"))
                    .isEqualTo(second.getPublic());
            assertThat(NoteKeys.parsePublicKeys(get(service, "/.well-known/audit-public-keys.pem"), "well-known"))
                    .containsExactly(second.getPublic(), first);
        }

        // When the first key is retired: only its public key is kept, to trust what it signed
        Path firstPublic = Files.writeString(work.resolve("first-public.pem"), NoteKeys.publicKeyPem(first));
        Path keysFile = work.resolve("audit-public-keys.pem");
        try (ApplicationContext service = start(Map.of(
                "breachnotify.audit.checkpoint.private-key-file", secondKeyFile.toString(),
                "breachnotify.audit.checkpoint.previous-key-files", firstPublic.toString()))) {
            long before =
                    service.getBean(Checkpoints.class).latest().orElseThrow().treeSize();
            publish(15);
            SignedCheckpoint newer = awaitCheckpoint(service, before + 15);
            // Then new checkpoints bear the new key's signature only, and the change was logged once
            assertThat(Checkpoint.verify(newer.signedNote(), origin, second.getPublic())
                            .treeSize())
                    .isEqualTo(newer.treeSize());
            assertThatThrownBy(() -> Checkpoint.verify(newer.signedNote(), origin, first))
                    .hasMessageContaining("bears no signature");
            assertThat(keyChanges()).hasSize(1);

            // and a whole-log export, against the new key, is consistent with the checkpoint the first key signed
            long older = Checkpoint.verify(firstCheckpoint, origin, first).treeSize();
            Path export = download(service, "/api/audit/export.jsonl?all=true&consistencyFrom=" + older);
            Path olderFile = Files.writeString(work.resolve("first-checkpoint.txt"), firstCheckpoint);
            Files.writeString(keysFile, get(service, "/.well-known/audit-public-keys.pem"));
            String output = verify(
                    VerifyExport.OK,
                    "--public-key",
                    keysFile.toString(),
                    export.toString(),
                    "--older-checkpoint",
                    olderFile.toString());
            assertThat(output)
                    .contains("complete export")
                    .contains("by key " + NoteKeys.fingerprint(second.getPublic()))
                    .contains("signed by key " + NoteKeys.fingerprint(first) + "): the log only grew");
            // with the new key alone, the older checkpoint is not recognised
            Path secondOnly =
                    Files.writeString(work.resolve("second-public.pem"), NoteKeys.publicKeyPem(second.getPublic()));
            assertThat(verify(
                            VerifyExport.FAILED,
                            "--public-key",
                            secondOnly.toString(),
                            export.toString(),
                            "--older-checkpoint",
                            olderFile.toString()))
                    .contains("the older checkpoint: the note bears no " + "signature of key " + origin);
        }

        // When the service starts with a key the log never had, and no previous key
        Path strangerFile = Files.writeString(
                work.resolve("stranger.pem"),
                NoteKeys.privateKeyPem(NoteKeys.generate().getPrivate()));
        try (ApplicationContext service = start(Map.of(
                "breachnotify.audit.checkpoint.private-key-file",
                strangerFile.toString(),
                "breachnotify.audit.checkpoint.enabled",
                "false"))) {
            publish(3);
            long size =
                    service.getBean(Checkpoints.class).latest().orElseThrow().treeSize();
            await().atMost(DEADLINE).until(() -> logSize() >= size + 3);
            // Then it refuses to sign, and says which setting names the previous key
            assertThatThrownBy(() -> service.getBean(Checkpoints.class).issueNow())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("does not verify with the log's keys");
            assertThat(keyChanges()).hasSize(1);
        }
    }

    // --- helpers

    private ApplicationContext start(Map<String, String> keys) {
        Map<String, Object> properties = new java.util.HashMap<>(base);
        properties.putAll(keys);
        return ApplicationContext.builder()
                .properties(properties)
                .environments("test")
                .start()
                .getBean(EmbeddedServer.class)
                .start()
                .getApplicationContext();
    }

    private SignedCheckpoint awaitCheckpoint(ApplicationContext service, long size) {
        Checkpoints checkpoints = service.getBean(Checkpoints.class);
        return await().atMost(DEADLINE)
                .until(() -> checkpoints.latest().orElse(null), c -> c != null && c.treeSize() >= size);
    }

    private void publish(int count) {
        for (int i = 0; i < count; i++) {
            EventEnvelope<EventPayload> event = EventEnvelope.wrap(
                    new EmailSent(
                            UUID.randomUUID(),
                            "ADV-ROT-" + run,
                            "P-ROT-" + run,
                            List.of("praxis@example.org"),
                            "<" + i + "@rot>",
                            "250 OK",
                            1),
                    "it-producer",
                    Instant.now());
            producer.send(new ProducerRecord<>(event.topic().topicName(), event.key(), EventCodec.encode(event)));
        }
        producer.flush();
    }

    private List<AuditSigningKeyChanged> keyChanges() throws SQLException {
        List<AuditSigningKeyChanged> changes = new ArrayList<>();
        try (Connection db = db();
                Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("SELECT canonical_json FROM audit_log "
                        + "WHERE type = 'audit.signing.key.changed' ORDER BY idx")) {
            while (rows.next()) {
                AuditSigningKeyChanged change = (AuditSigningKeyChanged)
                        EventCodec.decode(rows.getString(1).getBytes(StandardCharsets.UTF_8))
                                .payload();
                if (change.origin().equals(origin)) { // the topic is shared with other tests of this JVM
                    changes.add(change);
                }
            }
        }
        return changes;
    }

    private long changeIndex() throws SQLException {
        try (Connection db = db();
                Statement sql = db.createStatement();
                ResultSet row =
                        sql.executeQuery("SELECT max(idx) FROM audit_log WHERE type = 'audit.signing.key.changed'"
                                + " AND canonical_json LIKE '%" + origin + "%'")) {
            row.next();
            return row.getLong(1);
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

    private static String get(ApplicationContext service, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri(service, path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private Path download(ApplicationContext service, String path) throws IOException, InterruptedException {
        Path file = work.resolve("export-" + System.nanoTime() + ".jsonl");
        HttpResponse<Path> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(uri(service, path))
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString((dpo + ":" + DPO_PASSWORD)
                                                                .getBytes(StandardCharsets.UTF_8)))
                                .build(),
                        HttpResponse.BodyHandlers.ofFile(file));
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return file;
    }

    private static URI uri(ApplicationContext service, String path) {
        return service.getBean(EmbeddedServer.class).getURI().resolve(path);
    }

    private static String verify(int expected, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = VerifyExport.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String output = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(output).isEqualTo(expected);
        return output;
    }

    private Connection db() throws SQLException {
        return DriverManager.getConnection(
                base.get("datasources.default.url"),
                base.get("datasources.default.username"),
                base.get("datasources.default.password"));
    }
}
