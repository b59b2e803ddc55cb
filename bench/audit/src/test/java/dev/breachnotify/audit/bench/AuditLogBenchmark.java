package dev.breachnotify.audit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.audit.AuditServiceApplication;
import dev.breachnotify.audit.tree.MerkleStore;
import dev.breachnotify.embedded.FreePorts;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.Topic;
import dev.breachnotify.platform.security.PasswordHashes;
import dev.breachnotify.platform.security.Roles;
import dev.breachnotify.testsupport.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The audit log's speed, not a test of behaviour (run with {@code -Pbench}, see {@code docs/audit.md}):
 * <ol>
 *   <li>appends/s sustained: {@code bench.entries} events (default 1,000,000) are in Kafka before the service
 *       starts; the time until the last is appended (decode, canonical JSON, leaf hash, insert, Merkle subtrees,
 *       consumer position; all in PostgreSQL transactions of {@code max.poll.records} = 2000);</li>
 *   <li>the JSON Lines export of the whole log, with proofs, over HTTP to a file, and this JVM's peak heap (the
 *       JVM runs with -Xmx256m, broker and service included);</li>
 *   <li>the offline verifier on that file, as a user runs it: {@code java -Xmx256m -jar audit-verifier.jar}.</li>
 * </ol>
 * Figures go to standard output and {@code target/bench-audit.txt}.
 */
class AuditLogBenchmark {

    private static final int ENTRIES = Integer.getInteger("bench.entries", 1_000_000);
    private static final String PASSWORD = "bench-" + UUID.randomUUID();
    private static final boolean SETTLE = Boolean.parseBoolean(System.getProperty("bench.settle", "true"));
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");
    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

    @Test
    void appendExportAndVerify() throws Exception {
        String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        Path work = Path.of("target", "bench-" + run).toAbsolutePath();
        Files.createDirectories(work);
        TestInfrastructure infra = TestInfrastructure.get();
        List<String> report = new ArrayList<>();
        report.add("audit-service benchmark, " + ENTRIES + " entries, "
                + Runtime.getRuntime().availableProcessors() + " cores, JVM -Xmx"
                + (Runtime.getRuntime().maxMemory() >> 20) + "m (broker + service)");

        // Given the events in Kafka
        long produceStart = System.nanoTime();
        produce(infra.kafkaBootstrapServers(), run);
        report.add(String.format("produce to Kafka: %.1f s", seconds(produceStart)));

        // When the service starts and appends them
        int port = FreePorts.next();
        Map<String, Object> properties = new HashMap<>();
        properties.put("kafka.bootstrap.servers", infra.kafkaBootstrapServers());
        String jdbcUrl = infra.jdbcUrl("audit_bench_" + run);
        properties.put("datasources.default.url", jdbcUrl);
        properties.put("datasources.default.username", infra.dbUser());
        properties.put("datasources.default.password", infra.dbPassword());
        properties.put("micronaut.server.port", port);
        properties.put("breachnotify.security.users.dpo.password-hash", PasswordHashes.hash(PASSWORD.toCharArray()));
        properties.put("breachnotify.security.users.dpo.roles", Roles.DPO);
        properties.put("breachnotify.audit.data-dir", work.resolve("data").toString());
        properties.put("breachnotify.audit.checkpoint.origin", "bench.breachnotify/audit");
        long appendStart = System.nanoTime();
        try (AutoCloseable service = AuditServiceApplication.start(properties);
                Connection db = DriverManager.getConnection(jdbcUrl, infra.dbUser(), infra.dbPassword())) {
            long logged = 0;
            long lastProgress = System.nanoTime();
            while (logged < ENTRIES
                    && System.nanoTime() - lastProgress < Duration.ofSeconds(60).toNanos()) {
                Thread.sleep(200); // a benchmark's polling loop, not a test's wait
                long now = size(db);
                if (now > logged) {
                    lastProgress = System.nanoTime();
                }
                logged = now;
            }
            double appendSeconds = seconds(appendStart);
            assertThat(logged).isEqualTo(ENTRIES);
            report.add(String.format(
                    "append (from service start, all in Kafka already): %d entries in %.1f s = %.0f "
                            + "appends/s sustained",
                    ENTRIES, appendSeconds, ENTRIES / appendSeconds));
            report.add("Merkle subtrees stored: " + scalar(db, "SELECT count(*) FROM audit_merkle_node")
                    + "; table sizes: log "
                    + scalarText(db, "SELECT pg_size_pretty(pg_total_relation_size('audit_log'))")
                    + ", tree " + scalarText(db, "SELECT pg_size_pretty(pg_total_relation_size('audit_merkle_node'))"));

            if (SETTLE) {
                // An export comes days after the appends, when PostgreSQL has long vacuumed the new rows (setting
                // their hint bits) and written its dirty pages out. Right after a bulk load it has not: the export's
                // first read of each row would set the hint bit and dirty the page, and the export would pay for
                // writing the whole table out once. -Dbench.settle=false measures that case instead.
                long settleStart = System.nanoTime();
                execute(db, "VACUUM (ANALYZE) audit_log");
                execute(db, "VACUUM (ANALYZE) audit_merkle_node");
                execute(db, "CHECKPOINT");
                report.add(String.format(
                        "settle after the load (VACUUM ANALYZE of log and tree, CHECKPOINT): %.1f s",
                        seconds(settleStart)));
            } else {
                report.add("no settling after the load (-Dbench.settle=false): the export is the rows' first reader");
            }
            report.add("plan of the whole-log export's cursor: "
                    + plan(
                            db,
                            "EXPLAIN DECLARE bench NO SCROLL CURSOR FOR SELECT idx, leaf_hash, canonical_json FROM audit_log "
                                    + "WHERE idx < " + ENTRIES + " ORDER BY idx")
                    + "; audit_log analyzed: "
                    + scalarText(
                            db,
                            "SELECT coalesce(last_autoanalyze, last_analyze)::text FROM pg_stat_user_tables "
                                    + "WHERE relname = 'audit_log'"));

            report.add("generic plan of the proof lookups by span: "
                    + genericPlan(db, MerkleStore.SPANS_QUERY, "'{0}', '{0}', '{1999}'"));
            report.add("generic plan of the proof lookups by point: "
                    + genericPlan(db, MerkleStore.POINTS_QUERY, "'{0}', '{7}'"));

            // Then the whole log exported with proofs
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String authorization =
                    "Basic " + Base64.getEncoder().encodeToString(("dpo:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            Path publicKey = work.resolve("audit-public-key.pem");
            Files.writeString(
                    publicKey,
                    http.send(
                                    HttpRequest.newBuilder(URI.create(
                                                    "http://localhost:" + port + "/.well-known/audit-public-key.pem"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body());
            // The downloads go to memory (tmpfs) where the machine has one: writing 724 MB out to the disk is the
            // DPO's machine's work, and on a shared 2-core machine its write-back would be charged to the export
            Path downloads = Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY)
                    ? Files.createTempDirectory(SHARED_MEMORY, "bench-audit-")
                    : work;
            report.add("downloads to " + downloads);
            try {
                exportAndVerify(port, downloads, http, authorization, publicKey, db, report);
            } finally {
                if (!downloads.equals(work)) {
                    try (var files = Files.list(downloads)) {
                        for (Path file : files.toList()) {
                            Files.delete(file);
                        }
                    }
                    Files.delete(downloads);
                }
            }
        }
        String text = String.join("\n", report) + "\n";
        System.out.print(text);
        Files.writeString(Path.of("target", "bench-audit.txt"), text);
    }

    /** The whole log exported twice, one practice's entries once, and the first and the last verified. */
    private static void exportAndVerify(
            int port,
            Path downloads,
            HttpClient http,
            String authorization,
            Path publicKey,
            Connection db,
            List<String> report)
            throws Exception {
        URI wholeLog = URI.create("http://localhost:" + port + "/api/audit/export.jsonl?all=true");
        Path export = downloads.resolve("whole.jsonl");
        exportWholeLog("first export since the service started", wholeLog, export, http, authorization, db, report);
        // The same again, now that the JIT has compiled the export's code: what a long-running service does
        Path again = downloads.resolve("whole-again.jsonl");
        exportWholeLog("second export", wholeLog, again, http, authorization, db, report);
        Files.delete(again);

        Path byPractice = downloads.resolve("practice.jsonl");
        long practiceStart = System.nanoTime();
        http.send(
                HttpRequest.newBuilder(
                                URI.create("http://localhost:" + port + "/api/audit/export.jsonl?practiceId=P-B-7"))
                        .header("Authorization", authorization)
                        .build(),
                HttpResponse.BodyHandlers.ofFile(byPractice));
        report.add(String.format(
                "export JSONL of one practice (%d entries): %.2f s",
                Files.readAllLines(byPractice).size() - 3, seconds(practiceStart)));

        // And verified offline by the jar with a 256 MB heap
        for (Path file : List.of(export, byPractice)) {
            long verifyStart = System.nanoTime();
            Process verifier = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            "-jar",
                            Path.of(
                                            System.getProperty("breachnotify.repo-root", "../.."),
                                            "audit-verifier",
                                            "target",
                                            "audit-verifier.jar")
                                    .toString(),
                            "--stats",
                            "--public-key",
                            publicKey.toString(),
                            file.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(verifier.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = verifier.waitFor();
            report.add(String.format(
                    "verify %s with java -Xmx256m -jar audit-verifier.jar: exit %d in %.1f s%n%s",
                    file.getFileName(), code, seconds(verifyStart), output.strip()));
            assertThat(code).as(output).isZero();
        }
    }

    /** Downloads the whole log with proofs, as the DPO does, and reports time, heap, CPU and PostgreSQL's I/O. */
    private static void exportWholeLog(
            String which,
            URI wholeLog,
            Path export,
            HttpClient http,
            String authorization,
            Connection db,
            List<String> report)
            throws Exception {
        System.gc();
        // A mark to attach a profiler by (perf record -p PID) while the export runs
        System.out.println(
                "bench: " + which + " starts (pid " + ProcessHandle.current().pid() + ")");
        Instant exportStartedAt = Instant.now();
        long exportStart = System.nanoTime();
        int status;
        String client;
        long[] ioBefore = postgresIo(db);
        try (HeapSampler heap = HeapSampler.start();
                CpuUsage cpu = CpuUsage.start()) {
            // Downloaded as the README's DPO does, by curl, outside this JVM: a client inside it would share the
            // service's heap and cores and need compiling itself. The JDK's client only where curl is missing.
            if (Curl.available()) {
                client = "curl";
                status = Curl.download(wholeLog, "dpo", PASSWORD, export);
            } else {
                client = "java.net.http.HttpClient in this JVM";
                status = http.send(
                                HttpRequest.newBuilder(wholeLog)
                                        .header("Authorization", authorization)
                                        .build(),
                                HttpResponse.BodyHandlers.ofFile(export))
                        .statusCode();
            }
            double exportSeconds = seconds(exportStart);
            report.add(String.format(
                    "export JSONL with proofs, all entries (+ the checkpoint before it), %s, "
                            + "downloaded by %s: %.1f s, %d MB, peak heap of this JVM during the export %d MB "
                            + "(sampled every 10 ms); %s",
                    which, client, exportSeconds, Files.size(export) >> 20, heap.peak() >> 20, cpu.summary()));
        }
        assertThat(status).isEqualTo(200);
        Thread.sleep(1_100); // PostgreSQL's backends report their I/O counts at most once a second
        long[] ioAfter = postgresIo(db);
        report.add(String.format(
                "   PostgreSQL's I/O during the export (pg_stat_io, 8 kB blocks): %d read, %d written",
                ioAfter[0] - ioBefore[0], ioAfter[1] - ioBefore[1]));
        // PostgreSQL's own work after a load of 1,000,000 rows (vacuum and analyze of the new rows) competes with
        // the export for the same two cores when it comes at the same time
        report.add("   PostgreSQL's background work on audit_log by the end of the export: "
                + scalarText(
                        db,
                        "SELECT format('autovacuum %s (%s runs), autoanalyze %s', coalesce(last_autovacuum::text, "
                                + "'never'), autovacuum_count, coalesce(last_autoanalyze::text, 'never')) "
                                + "FROM pg_stat_user_tables WHERE relname = 'audit_log'")
                + String.format("; export window %s - %s", exportStartedAt, Instant.now()));
    }

    private static void produce(String bootstrap, String run) throws Exception {
        // The broker creates no topics by itself; the services do at start-up (TopicBootstrap), as here
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (Topic topic : Topic.values()) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic.topicName(), 6, (short) 1)))
                            .all()
                            .get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // Not idempotent: right after topic creation the in-process broker answers the idempotent producer with
        // OutOfOrderSequence and records are lost. One request in flight keeps the order.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (Topic topic : Topic.values()) {
                producer.partitionsFor(topic.topicName()); // waits for the metadata of the new topics
            }
            for (int i = 0; i < ENTRIES; i++) {
                EventEnvelope<EventPayload> event = EventEnvelope.wrap(
                        new EmailSent(
                                UUID.randomUUID(),
                                "ADV-B-" + (i % 10),
                                "P-B-" + (i % 1000),
                                List.of("praxis-" + (i % 1000) + "@example.org"),
                                "<" + i + "." + run + "@bench>",
                                "250 2.0.0 OK",
                                1),
                        "bench",
                        T0.plusMillis(i));
                producer.send(
                        new ProducerRecord<>(event.topic().topicName(), event.key(), EventCodec.encode(event)),
                        (metadata, error) -> {
                            if (error != null) {
                                failed.incrementAndGet();
                            }
                        });
            }
            producer.flush();
        }
        assertThat(failed.get()).as("records Kafka did not take").isZero();
    }

    /** The plan PostgreSQL uses for a query once it stops planning it for each call's parameters. */
    private static String genericPlan(Connection db, String jdbcQuery, String arguments) throws Exception {
        execute(db, "SET plan_cache_mode = force_generic_plan");
        execute(db, "PREPARE bench_plan AS " + numbered(jdbcQuery));
        try {
            return plan(db, "EXPLAIN EXECUTE bench_plan(" + arguments + ")");
        } finally {
            execute(db, "DEALLOCATE bench_plan");
            execute(db, "RESET plan_cache_mode");
        }
    }

    /** JDBC's {@code ?} parameters as PostgreSQL's {@code $1, $2, ...}, for EXPLAIN (GENERIC_PLAN). */
    private static String numbered(String jdbcQuery) {
        StringBuilder sql = new StringBuilder();
        int parameter = 0;
        for (char c : jdbcQuery.toCharArray()) {
            if (c == '?') {
                sql.append('$').append(++parameter);
            } else {
                sql.append(c);
            }
        }
        return sql.toString();
    }

    private static void execute(Connection db, String statement) throws Exception {
        try (Statement sql = db.createStatement()) {
            sql.execute(statement);
        }
    }

    /** Blocks read and written by the whole server so far: {reads, writes}. */
    private static long[] postgresIo(Connection db) throws Exception {
        try (Statement sql = db.createStatement();
                ResultSet row =
                        sql.executeQuery("SELECT coalesce(sum(reads), 0), coalesce(sum(writes), 0) FROM pg_stat_io")) {
            row.next();
            return new long[] {row.getLong(1), row.getLong(2)};
        }
    }

    private static long size(Connection db) throws Exception {
        try (Statement sql = db.createStatement();
                ResultSet row = sql.executeQuery("SELECT max(idx) FROM audit_log")) {
            row.next();
            long last = row.getLong(1);
            return row.wasNull() ? 0 : last + 1;
        }
    }

    private static long scalar(Connection db, String query) throws Exception {
        try (Statement sql = db.createStatement();
                ResultSet row = sql.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static String scalarText(Connection db, String query) throws Exception {
        try (Statement sql = db.createStatement();
                ResultSet row = sql.executeQuery(query)) {
            row.next();
            return row.getString(1);
        }
    }

    private static String plan(Connection db, String explain) throws Exception {
        List<String> lines = new ArrayList<>();
        try (Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery(explain)) {
            while (rows.next()) {
                lines.add(rows.getString(1).strip());
            }
        }
        return String.join(" / ", lines);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
