package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.embedded.EmbeddedKafka;
import dev.breachnotify.embedded.EmbeddedPostgresServer;
import dev.breachnotify.embedded.FreePorts;
import dev.breachnotify.events.AcknowledgementRecorded;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.ClientInfo;
import dev.breachnotify.events.CredentialRotationConfirmed;
import dev.breachnotify.events.EmailDeferred;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.RotationStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Exactly once in the audit log, proven the hard way: audit-service runs as a separate process and is killed with
 * {@code kill -9} {@value #KILLS} times at random moments while it appends a burst of {@value #EVENTS} events on
 * three topics (the burst runs ahead of it: after each restart it drains a backlog, so every kill lands while it
 * is busy); it is restarted each time. Afterwards PostgreSQL holds every produced event exactly once, the
 * indexes run 0..n-1 without a gap, every leaf hash is the SHA-256 of its entry, and the stored consumer
 * positions are exactly Kafka's end offsets (nothing skipped, nothing left).
 *
 * <p>Why this proves the claim: the service appends a batch and moves its stored position in one database
 * transaction. A kill between "appended" and "position stored" would, with any other design, repeat entries
 * (position behind) or skip records (position ahead); both are checked here, after kills at arbitrary points.
 */
class AuditCrashIT {

    private static final int EVENTS = 20_000;
    private static final int KILLS = 3;
    /** The burst's pace: fast enough to build a backlog during each restart, slow enough to span the kills. */
    private static final int EVENTS_PER_SECOND = 1_000;

    private static final int PRACTICES = 2_000;
    private static final String ADVISORY = "ADV-CRASH";

    @Test
    void everyEventIsLoggedExactlyOnceWithoutGapDespiteRepeatedKills() throws Exception {
        long started = System.nanoTime();
        Random random = new Random();
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "audit-crash")), "run-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0);
                EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0)) {
            postgres.createDatabaseIfMissing("audit");
            Map<String, Object> properties = auditProperties(kafka, postgres, work);
            Path log = work.resolve("audit.log");
            Database db = new Database(postgres.jdbcUrl("audit"), postgres.username(), postgres.password());

            // The service creates the topics at start-up, so it runs before the burst begins
            ServiceProcess audit = ServiceProcess.start("audit-service", properties, log, Duration.ofSeconds(90));
            Burst burst = Burst.start(kafka.bootstrapServers(), random.nextLong());

            List<String> kills = new ArrayList<>();
            long restartMillis = 0;
            for (int kill = 1; kill <= KILLS; kill++) {
                // A random moment while the log is busy: some entries after the (re)start, not a fixed count
                long before = db.size();
                long threshold = before + 300 + random.nextInt(2_500);
                Awaitility.await("the log growing to " + threshold + " before kill " + kill)
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> db.size() >= threshold || (burst.done() && db.size() >= burst.sent()));
                audit.kill();
                long atKill = db.size();
                kills.add(String.format("#%d at %d entries (%d produced)", kill, atKill, burst.sent()));
                System.out.printf(
                        "[audit-crash] kill -9 #%d: %d entries logged, %d events produced%n",
                        kill, atKill, burst.sent());
                long restart = System.nanoTime();
                audit = ServiceProcess.start("audit-service", properties, log, Duration.ofSeconds(90));
                restartMillis += (System.nanoTime() - restart) / 1_000_000;
            }

            try (ServiceProcess last = audit) {
                burst.await();
                Awaitility.await("all " + EVENTS + " events in the log")
                        .atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> db.size() >= EVENTS);
                Set<UUID> produced = burst.eventIds();
                assertThat(produced).hasSize(EVENTS);
                assertThat(burst.failures()).as("send failures").isEmpty();

                // Then: every produced id exactly once, indexes 0..n-1, leaf hashes of the canonical JSON
                Verification result = db.verify(produced);
                Map<TopicPartition, Long> positions = db.positions();
                Map<TopicPartition, Long> endOffsets = endOffsets(kafka.bootstrapServers(), positions.keySet());
                long seconds = (System.nanoTime() - started) / 1_000_000_000;
                System.out.printf(
                        "[audit-crash] %d events produced, %d entries, %d distinct event ids, idx %d..%d, "
                                + "%d leaf hashes checked, %d rejects; kills: %s; %d restarts took %d ms; "
                                + "positions of %d partitions = end offsets: %s; %d s in all%n",
                        EVENTS,
                        result.entries(),
                        result.distinctIds(),
                        result.minIndex(),
                        result.maxIndex(),
                        result.hashesChecked(),
                        db.rejects(),
                        String.join(", ", kills),
                        KILLS,
                        restartMillis,
                        positions.size(),
                        positions.equals(endOffsets),
                        seconds);

                assertThat(result.entries()).as("entries").isEqualTo(EVENTS);
                assertThat(result.distinctIds()).as("distinct event ids").isEqualTo(EVENTS);
                assertThat(result.missing())
                        .as("produced events missing from the log")
                        .isEmpty();
                assertThat(result.unexpected())
                        .as("logged events that were never produced")
                        .isEmpty();
                assertThat(result.minIndex()).isZero();
                assertThat(result.maxIndex())
                        .as("gapless: the last index is n-1")
                        .isEqualTo(EVENTS - 1);
                assertThat(result.hashMismatches())
                        .as("entries whose leaf hash is not SHA-256(0x00 || json)")
                        .isEmpty();
                assertThat(result.idMismatches())
                        .as("entries whose JSON holds another event id")
                        .isEmpty();
                assertThat(db.rejects()).as("rejected records").isZero();
                assertThat(positions)
                        .as("stored positions are Kafka's end offsets")
                        .isEqualTo(endOffsets);
                assertThat(kills).hasSize(KILLS);
            }
        }
    }

    private static Map<String, Object> auditProperties(
            EmbeddedKafka kafka, EmbeddedPostgresServer postgres, Path work) {
        Map<String, Object> properties = new HashMap<>();
        // files the service keeps (a generated checkpoint signing key, published checkpoints) stay in the test's folder
        properties.put("breachnotify.audit.data-dir", work.resolve("audit-data").toAbsolutePath());
        properties.put("micronaut.server.port", FreePorts.next());
        properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        properties.put("datasources.default.url", postgres.jdbcUrl("audit"));
        properties.put("datasources.default.username", postgres.username());
        properties.put("datasources.default.password", postgres.password());
        properties.put("breachnotify.kafka.topics.partitions", 3);
        // The killed instance's partitions return to the group once its session expires (default 45 s)
        properties.put("kafka.consumers.audit-service.session.timeout.ms", 6000);
        properties.put("kafka.consumers.audit-service.heartbeat.interval.ms", 1000);
        return properties;
    }

    private static Map<TopicPartition, Long> endOffsets(String bootstrap, Set<TopicPartition> partitions)
            throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                    .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
            return admin
                    .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .entrySet()
                    .stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, entry -> entry.getValue().offset()));
        }
    }

    /**
     * The burst: {@value #EVENTS} valid events of five types on three topics, keyed by practice, from an idempotent
     * producer ({@code acks=all}) at about {@value #EVENTS_PER_SECOND} events a second, on a thread of its own.
     */
    private static final class Burst {

        private final Thread thread;
        private final Set<UUID> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final AtomicInteger sent = new AtomicInteger();
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private volatile boolean done;

        private Burst(String bootstrap, long seed) {
            this.thread = new Thread(() -> run(bootstrap, seed), "audit-crash-burst");
        }

        static Burst start(String bootstrap, long seed) {
            Burst burst = new Burst(bootstrap, seed);
            burst.thread.start();
            return burst;
        }

        private void run(String bootstrap, long seed) {
            Map<String, Object> config = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap,
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    true,
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.LINGER_MS_CONFIG,
                    5);
            Random random = new Random(seed);
            Instant t0 = Instant.parse("2026-11-20T09:00:00Z");
            long start = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < EVENTS; i++) {
                    EventEnvelope<EventPayload> event = event(i, random, t0);
                    ids.add(event.eventId());
                    ProducerRecord<String, byte[]> record =
                            new ProducerRecord<>(event.topic().topicName(), event.key(), EventCodec.encode(event));
                    record.headers().add("bn-event-type", event.type().getBytes(StandardCharsets.UTF_8));
                    record.headers()
                            .add("bn-event-id", event.eventId().toString().getBytes(StandardCharsets.UTF_8));
                    producer.send(record, (metadata, error) -> {
                        if (error != null) {
                            failures.add(error.toString());
                        } else {
                            sent.incrementAndGet();
                        }
                    });
                    // pace the burst: never ahead of EVENTS_PER_SECOND
                    long due = start + (long) (i + 1) * 1_000_000_000L / EVENTS_PER_SECOND;
                    long ahead = due - System.nanoTime();
                    if (ahead > 0 && i % 50 == 49) {
                        LockSupport.parkNanos(ahead);
                    }
                }
                producer.flush();
            } catch (RuntimeException e) {
                failures.add(e.toString());
            } finally {
                done = true;
            }
        }

        private static EventEnvelope<EventPayload> event(int i, Random random, Instant t0) {
            String practice = String.format("P-%05d", random.nextInt(PRACTICES));
            Instant at = t0.plusMillis(i * 10L);
            EventPayload payload = switch (i % 5) {
                case 0 ->
                    new NotificationRequested(
                            UUID.randomUUID(),
                            ADVISORY,
                            practice,
                            Channel.EMAIL,
                            "initial",
                            "de",
                            List.of(practice.toLowerCase() + "@example.org"),
                            "ab".repeat(32),
                            at.plusSeconds(86_400));
                case 1 ->
                    new EmailSent(
                            UUID.randomUUID(),
                            ADVISORY,
                            practice,
                            List.of(practice.toLowerCase() + "@example.org"),
                            "<" + i + "@crash>",
                            "250 OK",
                            1);
                case 2 ->
                    new EmailDeferred(UUID.randomUUID(), ADVISORY, practice, 451, "greylisted", 1, at.plusSeconds(300));
                case 3 ->
                    new AcknowledgementRecorded(
                            UUID.randomUUID(),
                            ADVISORY,
                            practice,
                            "Dr. Crash " + i,
                            at,
                            new ClientInfo("Mozilla/5.0", "192.0.2.0/24"));
                default ->
                    new CredentialRotationConfirmed(
                            UUID.randomUUID(),
                            ADVISORY,
                            practice,
                            "ti-konnektor",
                            RotationStatus.CHANGED,
                            LocalDate.of(2026, 11, 21),
                            "Dr. Crash " + i,
                            at);
            };
            return EventEnvelope.wrap(payload, "audit-crash-it", at);
        }

        boolean done() {
            return done;
        }

        int sent() {
            return sent.get();
        }

        void await() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(120));
            assertThat(done).as("the burst finished").isTrue();
        }

        Set<UUID> eventIds() {
            return Set.copyOf(ids);
        }

        List<String> failures() {
            return List.copyOf(failures);
        }
    }

    /** What the log holds, checked entry by entry. */
    private record Verification(
            long entries,
            long distinctIds,
            long minIndex,
            long maxIndex,
            long hashesChecked,
            Set<UUID> missing,
            Set<UUID> unexpected,
            List<Long> hashMismatches,
            List<Long> idMismatches) {}

    /** The audit database, read directly (the test does not trust the service's own answers). */
    private record Database(String url, String user, String password) {

        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        /** The number of entries; the table may not exist yet while the first start migrates. */
        long size() {
            try (Connection connection = connect();
                    Statement select = connection.createStatement();
                    ResultSet row = select.executeQuery("SELECT COALESCE(max(idx) + 1, 0) FROM audit_log")) {
                row.next();
                return row.getLong(1);
            } catch (SQLException e) {
                return 0;
            }
        }

        long rejects() throws SQLException {
            try (Connection connection = connect();
                    Statement select = connection.createStatement();
                    ResultSet row = select.executeQuery("SELECT count(*) FROM audit_rejects")) {
                row.next();
                return row.getLong(1);
            }
        }

        Map<TopicPartition, Long> positions() throws SQLException {
            Map<TopicPartition, Long> positions = new HashMap<>();
            try (Connection connection = connect();
                    Statement select = connection.createStatement();
                    ResultSet rows = select.executeQuery(
                            "SELECT topic, kafka_partition, next_offset FROM audit_consumer_position")) {
                while (rows.next()) {
                    positions.put(new TopicPartition(rows.getString(1), rows.getInt(2)), rows.getLong(3));
                }
            }
            return positions;
        }

        Verification verify(Set<UUID> produced) throws Exception {
            long entries;
            long distinct;
            long min;
            long max;
            try (Connection connection = connect();
                    Statement select = connection.createStatement();
                    ResultSet row = select.executeQuery(
                            "SELECT count(*), count(DISTINCT event_id), min(idx), max(idx) FROM audit_log")) {
                row.next();
                entries = row.getLong(1);
                distinct = row.getLong(2);
                min = row.getLong(3);
                max = row.getLong(4);
            }
            Set<UUID> logged = new HashSet<>();
            List<Long> hashMismatches = new ArrayList<>();
            List<Long> idMismatches = new ArrayList<>();
            long checked = 0;
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (Connection connection = connect()) {
                connection.setAutoCommit(false); // stream with a cursor
                try (Statement select = connection.createStatement()) {
                    select.setFetchSize(1_000);
                    try (ResultSet rows = select.executeQuery(
                            "SELECT idx, event_id, canonical_json, leaf_hash FROM audit_log ORDER BY idx")) {
                        while (rows.next()) {
                            long index = rows.getLong(1);
                            UUID eventId = rows.getObject(2, UUID.class);
                            String json = rows.getString(3);
                            logged.add(eventId);
                            sha256.reset();
                            sha256.update((byte) 0x00);
                            byte[] expected = sha256.digest(json.getBytes(StandardCharsets.UTF_8));
                            if (!MessageDigest.isEqual(expected, rows.getBytes(4))) {
                                hashMismatches.add(index);
                            }
                            if (!EventCodec.decode(json.getBytes(StandardCharsets.UTF_8))
                                    .eventId()
                                    .equals(eventId)) {
                                idMismatches.add(index);
                            }
                            checked++;
                        }
                    }
                }
                connection.rollback();
            }
            Set<UUID> missing = new HashSet<>(produced);
            missing.removeAll(logged);
            Set<UUID> unexpected = new HashSet<>(logged);
            unexpected.removeAll(produced);
            return new Verification(
                    entries, distinct, min, max, checked, missing, unexpected, hashMismatches, idMismatches);
        }
    }
}
