package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.embedded.EmbeddedPostgresServer;
import dev.breachnotify.embedded.FreePorts;
import dev.breachnotify.embedded.MailCatcher;
import dev.breachnotify.events.EmailDeferred;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Topic;
import dev.breachnotify.events.VendorIdentity;
import dev.breachnotify.platform.security.PasswordHashes;
import dev.breachnotify.testsupport.kafka.KafkaCluster;
import dev.breachnotify.verifier.ExportVerifier;
import dev.breachnotify.verifier.NoteKeys;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.BufferedReader;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Broker loss on a real three-node Kafka cluster ({@link KafkaCluster}: production's replication factor 3,
 * {@code min.insync.replicas=2}, no unclean leader election), with the three services as separate processes.
 * One pipeline, in order: a fan-out loses the leader of the notifications topic's busiest partition; a burst of
 * acknowledgements loses the active controller; the audit log's consumption of a burst of events loses the
 * leader of the deliveries topic's busiest partition ({@code -Dfaults.swap-victims=true}: the active controller,
 * the acknowledgements topic's busiest partition's leader, the active controller); each node comes back later. Then two nodes are down at
 * once: a submission gets no 303. Afterwards every practice has its mail (duplicates within the in-flight window,
 * each marked), every submission that got its 303 is in the projection and the audit log, and the audit log
 * holds every event of every topic exactly once, in each partition's order, and verifies offline.
 *
 * <p>Sizes: {@code -Dfaults.practices} (default 2,000), {@code -Dfaults.submissions} (500), {@code -Dfaults.events}
 * (5,000); the launcher's {@code faults-long} profile runs 10,000 / 2,000 / 20,000.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaBrokerLossIT {

    private static final int PRACTICES = Integer.getInteger("faults.practices", 2_000);
    private static final int SUBMISSIONS = Integer.getInteger("faults.submissions", 500);
    private static final int EVENTS = Integer.getInteger("faults.events", 5_000);
    /**
     * Which node each case kills: by default the busiest partition's leader in the fan-out and the audit case and
     * the active controller in the acknowledgement case; {@code -Dfaults.swap-victims=true} swaps them.
     */
    private static final boolean SWAP_VICTIMS = Boolean.getBoolean("faults.swap-victims");

    private static final int WORKERS = 3;
    private static final int MAX_POLL_RECORDS = 100;
    private static final int SUBMITTERS = 8;
    private static final String PREFIX = "K";
    private static final String BURST_ADVISORY = "ADV-BROKER-LOSS-BURST";
    private static final String DPO = "dpo";
    private static final String DPO_PASSWORD = "dpo-pw";
    private static final Pattern LINK = Pattern.compile("https?://[^/\\s]+(/a/[0-9A-Z-]{21})");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern RECIPIENT = Pattern.compile("p(\\d+)@d\\d+\\.example");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<String> figures = new ArrayList<>();

    private Path work;
    private KafkaCluster cluster;
    private EmbeddedPostgresServer postgres;
    private MailCatcher mail;
    private ServiceProcess notifier;
    private ServiceProcess ack;
    private ServiceProcess audit;
    private String advisoryId;

    @BeforeAll
    void startPipeline() throws Exception {
        long started = System.nanoTime();
        work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "broker-loss")), "run-");
        CompletableFuture<EmbeddedPostgresServer> database =
                CompletableFuture.supplyAsync(() -> EmbeddedPostgresServer.start(work.resolve("postgres"), 0));
        cluster = KafkaCluster.start(work.resolve("kafka"));
        mail = MailCatcher.start(0, null);
        postgres = database.join();
        for (String name : List.of("notifier", "ack", "audit")) {
            postgres.createDatabaseIfMissing(name);
        }
        CompletableFuture<ServiceProcess> notifierStart = startAsync("notifier-service", notifierProperties());
        CompletableFuture<ServiceProcess> ackStart = startAsync("ack-service", ackProperties());
        CompletableFuture<ServiceProcess> auditStart = startAsync("audit-service", auditProperties());
        notifier = notifierStart.join();
        ack = ackStart.join();
        audit = auditStart.join();
        figure("pipeline up (3 Kafka nodes, PostgreSQL, 3 services) in %d ms", millisSince(started));
    }

    @AfterAll
    void stopPipeline() throws Exception {
        for (ServiceProcess service : Arrays.asList(notifier, ack, audit)) {
            if (service != null) {
                service.close();
            }
        }
        if (cluster != null) {
            cluster.close();
        }
        if (mail != null) {
            mail.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        System.out.printf("[broker-loss] %s%n", String.join("\n[broker-loss] ", figures));
    }

    @Test
    @Order(1)
    void everyPracticeGetsItsMailWhenANodeDiesDuringTheFanOut() throws Exception {
        long started = System.nanoTime();
        Victim victim;
        long stall;
        try (ProgressWatch watch =
                ProgressWatch.start("mails", () -> mail.messages().size())) {
            advisoryId = SyntheticAdvisory.publish(notifier.url(), PRACTICES, PREFIX);
            awaitMails(PRACTICES / 4);
            victim = victim(Topic.NOTIFICATIONS, SWAP_VICTIMS);
            cluster.kill(victim.node());
            int atKill = mail.messages().size();
            long killed = System.nanoTime();
            awaitMails(PRACTICES * 3 / 4);
            cluster.restart(victim.node());
            figure(
                    "fan-out: killed node %d (%s) after %d mails; %d mails later it was restarted (%d ms down)",
                    victim.node(), victim.role(), atKill, mail.messages().size() - atKill, millisSince(killed));
            Awaitility.await("every practice's mail")
                    .atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(500))
                    .dontCatchUncaughtExceptions()
                    .until(() -> SyntheticAdvisory.recipients(mail.messages()).size() == PRACTICES);
            stall = watch.longestStallMillis();
        }

        // Then: one notification and an email.sent per practice; every mail caught twice was announced as such
        Map<UUID, Integer> sent = new HashMap<>();
        Set<UUID> notifications = new HashSet<>();
        Set<String> markedDuplicates = new HashSet<>();
        readDeliveries(sent, notifications, markedDuplicates);
        Map<String, Integer> byMessageId = new HashMap<>();
        for (MimeMessage message : mail.messages()) {
            byMessageId.merge(message.getMessageID(), 1, Integer::sum);
        }
        Set<String> caughtTwice = byMessageId.entrySet().stream()
                .filter(entry -> entry.getValue() > 1)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        int duplicates = mail.messages().size() - PRACTICES;
        figure(
                "fan-out: %d practices, %d mails, %d duplicates (%d marked possibleDuplicate), longest stall %d ms, "
                        + "publish to last mail %d ms",
                PRACTICES, mail.messages().size(), duplicates, markedDuplicates.size(), stall, millisSince(started));
        assertThat(notifications).hasSize(PRACTICES);
        assertThat(sent.keySet()).containsAll(notifications);
        assertThat(duplicates)
                .as("duplicates within the in-flight window of one disruption")
                .isBetween(0, WORKERS * MAX_POLL_RECORDS);
        assertThat(markedDuplicates)
                .as("every mail caught twice is announced as a possible duplicate")
                .containsAll(caughtTwice);
        cluster.awaitFullyReplicated(topicNames(), Duration.ofMinutes(2));
    }

    @Test
    @Order(2)
    void everyAcknowledgedSubmissionIsStoredWhenANodeDiesDuringABurst() throws Exception {
        Map<String, String> links = awaitLinks(PRACTICES);
        List<String> practices =
                links.keySet().stream().sorted().limit(SUBMISSIONS).toList();
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger answered = new AtomicInteger();
        long started = System.nanoTime();
        Victim victim;
        long stall;
        ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS);
        try (ProgressWatch watch = ProgressWatch.start("submissions", answered::get)) {
            for (String practice : practices) {
                submitters.submit(() -> {
                    try {
                        outcomes.put(practice, submit(links.get(practice), confirmedBy(practice)));
                    } catch (Exception e) {
                        errors.add(practice + ": " + e);
                    } finally {
                        answered.incrementAndGet();
                    }
                });
            }
            submitters.shutdown();
            Awaitility.await("a third of the submissions answered")
                    .atMost(Duration.ofMinutes(3))
                    .until(() -> answered.get() >= SUBMISSIONS / 3);
            victim = victim(Topic.ACKNOWLEDGEMENTS, !SWAP_VICTIMS);
            cluster.kill(victim.node());
            int atKill = answered.get();
            long killed = System.nanoTime();
            Awaitility.await("two thirds of the submissions answered")
                    .atMost(Duration.ofMinutes(3))
                    .until(() -> answered.get() >= SUBMISSIONS * 2 / 3 || submitters.isTerminated());
            int newController = cluster.activeController();
            cluster.restart(victim.node());
            figure(
                    "acknowledgements: killed node %d (%s) after %d answers; the active controller then node %d; "
                            + "restarted %d ms later",
                    victim.node(), victim.role(), atKill, newController, millisSince(killed));
            assertThat(submitters.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
            stall = watch.longestStallMillis();
        }
        long seconds = Math.max(1, millisSince(started) / 1000);
        Map<Integer, Long> byStatus = outcomes.values().stream()
                .collect(Collectors.groupingBy(status -> status, java.util.TreeMap::new, Collectors.counting()));
        figure(
                "acknowledgements: %d submissions by %d clients in %d s, answers by status %s, longest stall %d ms",
                SUBMISSIONS, SUBMITTERS, seconds, byStatus, stall);
        assertThat(errors).as("requests that got no answer").isEmpty();
        assertThat(byStatus.keySet()).as("answers: 303 or 503, nothing else").isSubsetOf(303, 503);
        List<String> acknowledged = practices.stream()
                .filter(practice -> outcomes.get(practice) == 303)
                .toList();
        assertThat(acknowledged.size())
                .as("one lost node must not stop acknowledgements")
                .isGreaterThanOrEqualTo(SUBMISSIONS * 9 / 10);

        // Then: each 303 is in the projection and in the audit log, under the name it was given
        Map<String, String> projected =
                query("ack", "SELECT practice_id, confirmed_by FROM acknowledgement WHERE advisory_id = ?", advisoryId);
        for (String practice : acknowledged) {
            assertThat(projected.get(practice)).as("projection of " + practice).isEqualTo(confirmedBy(practice));
        }
        Set<String> missing = new HashSet<>(acknowledged);
        Awaitility.await("every acknowledged submission in the audit log")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    missing.removeAll(auditedAcknowledgements());
                    return missing.isEmpty();
                });
        cluster.awaitFullyReplicated(topicNames(), Duration.ofMinutes(2));
    }

    @Test
    @Order(3)
    void theAuditLogTakesEveryEventWhenANodeDiesDuringItsConsumption() throws Exception {
        long before = auditLogSize();
        long started = System.nanoTime();
        long stall;
        Burst burst;
        try (ProgressWatch watch = ProgressWatch.start("audit", this::auditLogSize)) {
            burst = Burst.start(cluster.bootstrapServers(), EVENTS);
            Awaitility.await("a quarter of the burst in the audit log")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> auditLogSize() >= before + EVENTS / 4);
            Victim victim = victim(Topic.DELIVERIES, SWAP_VICTIMS);
            cluster.kill(victim.node());
            long atKill = auditLogSize() - before;
            long killed = System.nanoTime();
            Awaitility.await("three quarters of the burst in the audit log")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> auditLogSize() >= before + EVENTS * 3L / 4);
            cluster.restart(victim.node());
            figure(
                    "audit: killed node %d (%s) after %d of %d burst events were logged; restarted %d ms later",
                    victim.node(), victim.role(), atKill, EVENTS, millisSince(killed));
            burst.await();
            Set<UUID> missing = new HashSet<>(burst.eventIds());
            Awaitility.await("every burst event in the audit log")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        missing.removeAll(loggedEventIds(BURST_ADVISORY));
                        return missing.isEmpty();
                    });
            stall = watch.longestStallMillis();
        }
        figure(
                "audit: %d events produced and logged in %d ms, longest stall of the log %d ms, %d send failures",
                EVENTS, millisSince(started), stall, burst.failures().size());
        assertThat(burst.failures()).as("the burst's sends with one node down").isEmpty();
        cluster.awaitFullyReplicated(topicNames(), Duration.ofMinutes(2));
    }

    @Test
    @Order(4)
    void withTwoNodesDownNoSubmissionIsAcknowledged() throws Exception {
        Map<String, String> links = awaitLinks(PRACTICES);
        String practice =
                links.keySet().stream().sorted().skip(SUBMISSIONS).findFirst().orElseThrow();
        int survivor = cluster.activeController();
        List<Integer> down =
                cluster.nodeIds().stream().filter(id -> id != survivor).sorted().toList();
        String page = page(links.get(practice));
        down.forEach(cluster::kill);
        long posted = System.nanoTime();
        HttpResponse<String> refused = send(links.get(practice), page, confirmedBy(practice) + " (two down)");
        int status = refused.statusCode();
        long answeredAfter = millisSince(posted);
        down.forEach(cluster::restart);
        long restarted = System.nanoTime();
        cluster.awaitFullyReplicated(topicNames(), Duration.ofMinutes(2));
        figure(
                "two nodes down (%s): the submission was answered %d after %d ms; the nodes were back and in sync "
                        + "%d ms after their restart",
                down, status, answeredAfter, millisSince(restarted));
        assertThat(status).as("no 303 while two of three nodes are down").isEqualTo(503);
        // the events may still be stored (see below): the page must not say they were not
        assertThat(refused.body())
                .contains("Wir konnten gerade nicht bestätigen, dass Ihre Angaben gespeichert sind")
                .doesNotContain("nicht gespeichert werden");

        // And once they are back, the practice's submission goes through
        int again = Awaitility.await("a 303 once the nodes are back")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> submit(links.get(practice), confirmedBy(practice)), answer -> answer == 303);
        assertThat(again).isEqualTo(303);
        Awaitility.await("the submission in the audit log")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> auditedAcknowledgements().contains(practice));
        // The refused submission may still have been stored: the producer kept it after the 503 and delivered it
        // when the nodes were back (a refusal is "not known to be stored", never "known not to be stored")
        figure(
                "two nodes down: the submission refused with 503 %s in the audit log afterwards",
                loggedNames(practice).contains(confirmedBy(practice) + " (two down)") ? "is" : "is not");
    }

    @Test
    @Order(5)
    void theAuditLogHoldsEveryEventOnceInPartitionOrderAndVerifies() throws Exception {
        // Given every event of every topic (as far as committed now) in the audit log
        Map<TopicPartition, List<UUID>> topics = readTopics(committedEndOffsets());
        Set<UUID> published = topics.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        Set<UUID> missing = new HashSet<>(published);
        Awaitility.await("every published event in the audit log")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    missing.removeAll(loggedEventIds());
                    return missing.isEmpty();
                });

        // Then every event once, gapless, each partition's events in their Kafka order, and nothing else (events
        // published since are read again)
        LogContents log = logContents();
        Set<UUID> publishedSince = readTopics(committedEndOffsets()).values().stream()
                .flatMap(List::stream)
                .collect(Collectors.toSet());
        int records = topics.values().stream().mapToInt(List::size).sum();
        figure(
                "audit log: %d entries, %d distinct events from %d partitions; Kafka held %d records of %d distinct "
                        + "events (%d repeated by at-least-once relays), %d rejects",
                log.entries(),
                log.eventIds().size(),
                topics.size(),
                records,
                published.size(),
                records - published.size(),
                log.rejects());
        assertThat(log.entries())
                .as("entries: one per event")
                .isEqualTo(log.eventIds().size());
        assertThat(log.eventIds()).as("every published event is logged").containsAll(published);
        assertThat(publishedSince).as("every logged event was published").containsAll(log.eventIds());
        assertThat(log.maxIndex()).as("gapless").isEqualTo(log.entries() - 1);
        assertThat(log.outOfOrder())
                .as("entries logged out of their partition's order")
                .isEmpty();
        assertThat(log.rejects()).as("rejected records").isZero();

        // And the whole log exported verifies offline
        String key = http.send(
                        HttpRequest.newBuilder(URI.create(audit.url() + "/.well-known/audit-public-key.pem"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        HttpResponse<String> export = http.send(
                HttpRequest.newBuilder(URI.create(audit.url() + "/api/audit/export.jsonl?all=true"))
                        .header("Authorization", basic(DPO, DPO_PASSWORD))
                        .timeout(Duration.ofMinutes(2))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
        ExportVerifier.Result verified = new ExportVerifier(
                        NoteKeys.parsePublicKey(key, "audit-public-key.pem"), null, null)
                .verify(new BufferedReader(new StringReader(export.body())));
        figure("audit log: the whole-log export of %d entries verifies", verified.entries());
        assertThat(verified.complete()).isTrue();
        assertThat(verified.entries()).isGreaterThanOrEqualTo(log.entries());
    }

    // ---------------------------------------------------------------------------------------------------------
    // The pipeline's configuration

    private Map<String, Object> common() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", FreePorts.next());
        properties.put("kafka.bootstrap.servers", cluster.bootstrapServers());
        // production's topics (deploy/compose/compose.yaml)
        properties.put("breachnotify.kafka.topics.partitions", 6);
        properties.put("breachnotify.kafka.topics.replication-factor", 3);
        properties.put("breachnotify.kafka.topics.min-insync-replicas", 2);
        return properties;
    }

    private Map<String, Object> notifierProperties() {
        Map<String, Object> properties = SyntheticAdvisory.notifierProperties(
                cluster.bootstrapServers(), postgres, "127.0.0.1", mail.smtpPort(), WORKERS, MAX_POLL_RECORDS);
        Map<String, Object> common = common();
        common.remove("micronaut.server.port");
        properties.putAll(common);
        return properties;
    }

    private Map<String, Object> ackProperties() {
        Map<String, Object> properties = common();
        properties.put("datasources.default.url", postgres.jdbcUrl("ack"));
        properties.put("datasources.default.username", postgres.username());
        properties.put("datasources.default.password", postgres.password());
        properties.put(
                "breachnotify.ack.form-key", Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)));
        properties.putAll(VendorIdentity.SAMPLE.properties());
        properties.put("breachnotify.ack.automated-window", "0s");
        // the test may ask for a code before the projection knows it: a failed lookup, not a guesser
        properties.put("breachnotify.ack.failed-lookups-per-network", 1_000_000);
        properties.put("breachnotify.ack.failed-lookups-global", 1_000_000);
        return properties;
    }

    private Map<String, Object> auditProperties() {
        Map<String, Object> properties = common();
        properties.put("breachnotify.audit.data-dir", work.resolve("audit-data").toAbsolutePath());
        properties.put("datasources.default.url", postgres.jdbcUrl("audit"));
        properties.put("datasources.default.username", postgres.username());
        properties.put("datasources.default.password", postgres.password());
        properties.put(
                "breachnotify.security.users." + DPO + ".password-hash",
                PasswordHashes.hash(DPO_PASSWORD.toCharArray()));
        properties.put("breachnotify.security.users." + DPO + ".roles", "DPO");
        return properties;
    }

    private CompletableFuture<ServiceProcess> startAsync(String service, Map<String, Object> properties) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return ServiceProcess.start(
                        service, properties, work.resolve(service + ".log"), Duration.ofSeconds(180));
            } catch (Exception e) {
                throw new IllegalStateException("could not start " + service, e);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // Mails, pages and submissions

    private void awaitMails(int count) {
        Awaitility.await(count + " mails")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(20))
                .dontCatchUncaughtExceptions()
                .until(() -> mail.messages().size() >= count);
    }

    /** Each practice's link, from its mail: practice id to the link's path. */
    private Map<String, String> awaitLinks(int count) {
        return Awaitility.await(count + " practices' links")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> links(mail.messages()), links -> links.size() >= count);
    }

    private static Map<String, String> links(List<MimeMessage> messages) throws Exception {
        Map<String, String> links = new LinkedHashMap<>();
        for (MimeMessage message : messages) {
            Matcher recipient = RECIPIENT.matcher(message.getAllRecipients()[0].toString());
            String text = (String)
                    ((MimeMultipart) message.getContent()).getBodyPart(0).getContent();
            Matcher link = LINK.matcher(text);
            if (recipient.find() && link.find()) {
                links.put(String.format("%s-%05d", PREFIX, Integer.parseInt(recipient.group(1))), link.group(1));
            }
        }
        return links;
    }

    private static String confirmedBy(String practice) {
        return "Dr. Broker " + practice;
    }

    /** Shows the page (until the projection knows the code), posts the form; returns the POST's status. */
    private int submit(String path, String name) throws Exception {
        return post(path, page(path), name);
    }

    private String page(String path) {
        return Awaitility.await("page " + path)
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> http.send(
                                HttpRequest.newBuilder(URI.create(ack.url() + path))
                                        .timeout(Duration.ofSeconds(30))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString()),
                        response -> response.statusCode() == 200)
                .body();
    }

    private int post(String path, String page, String name) throws Exception {
        return send(path, page, name).statusCode();
    }

    private HttpResponse<String> send(String path, String page, String name) throws Exception {
        Matcher csrf = CSRF.matcher(page);
        assertThat(csrf.find()).as(page).isTrue();
        String form = "csrf=" + enc(csrf.group(1)) + "&lang=de&acknowledged=yes&name=" + enc(name) + "&"
                + enc("status:ti-konnektor") + "=NOT_APPLICABLE";
        return http.send(
                HttpRequest.newBuilder(URI.create(ack.url() + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .timeout(Duration.ofMinutes(2))
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------------------------------------------------
    // What Kafka and the databases hold (read directly: the test does not trust the services' answers)

    private List<String> topicNames() {
        return Arrays.stream(Topic.values()).map(Topic::topicName).toList();
    }

    private void readDeliveries(Map<UUID, Integer> sent, Set<UUID> notifications, Set<String> markedDuplicates) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(Topic.NOTIFICATIONS.topicName(), Topic.DELIVERIES.topicName()));
            Awaitility.await("an email.sent event for every notification")
                    .atMost(Duration.ofMinutes(2))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(300)).forEach(record -> {
                            EventPayload payload =
                                    EventCodec.decode(record.value()).payload();
                            if (payload instanceof NotificationRequested n
                                    && n.advisoryId().equals(advisoryId)) {
                                notifications.add(n.notificationId());
                            } else if (payload instanceof EmailSent s
                                    && s.advisoryId().equals(advisoryId)) {
                                sent.merge(s.notificationId(), 1, Integer::sum);
                                if (s.possibleDuplicate()) {
                                    markedDuplicates.add(s.messageId());
                                }
                            }
                        });
                        return notifications.size() == PRACTICES
                                && sent.keySet().containsAll(notifications);
                    });
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        cluster.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "broker-loss-check-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        5_000),
                new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    private Map<TopicPartition, Long> committedEndOffsets() throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topicNames())
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .values()
                    .forEach(description -> description
                            .partitions()
                            .forEach(partition -> latest.put(
                                    new TopicPartition(description.name(), partition.partition()),
                                    OffsetSpec.latest())));
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

    /** Every event id of every partition up to the given end offsets, in offset order (repeats kept). */
    private Map<TopicPartition, List<UUID>> readTopics(Map<TopicPartition, Long> ends) {
        Map<TopicPartition, List<UUID>> events = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            Awaitility.await("every topic read to its end")
                    .atMost(Duration.ofMinutes(2))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(300)).forEach(record -> {
                            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                            if (record.offset() < ends.get(partition)) {
                                events.computeIfAbsent(partition, p -> new ArrayList<>())
                                        .add(EventCodec.decode(record.value()).eventId());
                            }
                        });
                        return ends.entrySet().stream()
                                .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
                    });
        }
        return events;
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(database), postgres.username(), postgres.password());
    }

    private Map<String, String> query(String database, String sql, String parameter) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Connection connection = connect(database);
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, parameter);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.put(result.getString(1), result.getString(2));
                }
            }
        }
        return rows;
    }

    /** The practices whose acknowledgement under its test name is in the audit log. */
    private Set<String> auditedAcknowledgements() throws SQLException {
        Set<String> practices = new HashSet<>();
        try (Connection connection = connect("audit");
                PreparedStatement select =
                        connection.prepareStatement("SELECT practice_id, canonical_json FROM audit_log "
                                + "WHERE type = 'acknowledgement.recorded' AND advisory_id = ?")) {
            select.setString(1, advisoryId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (rows.getString(2).contains("\"" + confirmedBy(rows.getString(1)) + "\"")) {
                        practices.add(rows.getString(1));
                    }
                }
            }
        }
        return practices;
    }

    /** The names under which a practice's acknowledgements were logged. */
    private Set<String> loggedNames(String practice) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Connection connection = connect("audit");
                PreparedStatement select = connection.prepareStatement("SELECT canonical_json FROM audit_log "
                        + "WHERE type = 'acknowledgement.recorded' AND advisory_id = ? AND practice_id = ?")) {
            select.setString(1, advisoryId);
            select.setString(2, practice);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Matcher name =
                            Pattern.compile("\"confirmedBy\":\"([^\"]*)\"").matcher(rows.getString(1));
                    if (name.find()) {
                        names.add(name.group(1));
                    }
                }
            }
        }
        return names;
    }

    private Set<UUID> loggedEventIds() throws SQLException {
        return loggedEventIds(null);
    }

    /** The logged event ids of one advisory, or of all entries. */
    private Set<UUID> loggedEventIds(String advisory) throws SQLException {
        Set<UUID> ids = new HashSet<>();
        try (Connection connection = connect("audit");
                PreparedStatement select = connection.prepareStatement(
                        "SELECT event_id FROM audit_log WHERE ? IS NULL OR advisory_id = ?")) {
            select.setString(1, advisory);
            select.setString(2, advisory);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }

    private long auditLogSize() {
        try (Connection connection = connect("audit");
                Statement select = connection.createStatement();
                ResultSet row = select.executeQuery("SELECT COALESCE(max(idx) + 1, 0) FROM audit_log")) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            return 0;
        }
    }

    /** The log read in index order: its event ids, and the entries whose Kafka offset is behind an earlier one's. */
    private record LogContents(long entries, long maxIndex, Set<UUID> eventIds, List<Long> outOfOrder, long rejects) {}

    private LogContents logContents() throws SQLException {
        Set<UUID> ids = new HashSet<>();
        List<Long> outOfOrder = new ArrayList<>();
        Map<TopicPartition, Long> lastOffset = new HashMap<>();
        long entries = 0;
        long maxIndex = -1;
        long rejects;
        try (Connection connection = connect("audit")) {
            connection.setAutoCommit(false);
            try (Statement select = connection.createStatement()) {
                select.setFetchSize(2_000);
                try (ResultSet rows = select.executeQuery(
                        "SELECT idx, event_id, topic, kafka_partition, kafka_offset FROM audit_log ORDER BY idx")) {
                    while (rows.next()) {
                        entries++;
                        maxIndex = rows.getLong(1);
                        ids.add(rows.getObject(2, UUID.class));
                        TopicPartition partition = new TopicPartition(rows.getString(3), rows.getInt(4));
                        long offset = rows.getLong(5);
                        Long previous = lastOffset.put(partition, offset);
                        if (previous != null && previous >= offset) {
                            outOfOrder.add(maxIndex);
                        }
                    }
                }
            }
            connection.rollback();
            try (Statement select = connection.createStatement();
                    ResultSet row = select.executeQuery("SELECT count(*) FROM audit_rejects")) {
                row.next();
                rejects = row.getLong(1);
            }
        }
        return new LogContents(entries, maxIndex, ids, outOfOrder, rejects);
    }

    /** The node to kill: the leader of the topic's busiest partition, or the active controller. */
    private Victim victim(Topic topic, boolean activeController) {
        if (activeController) {
            return new Victim(cluster.activeController(), "the active controller");
        }
        KafkaCluster.PartitionLeader leader = cluster.leaderOfBusiestPartition(topic.topicName());
        return new Victim(leader.leader(), "leader of " + leader.partition() + ", " + leader.records() + " records");
    }

    /** A node to kill, and what it was. */
    private record Victim(int node, String role) {}

    private void figure(String format, Object... arguments) {
        String figure = String.format(format, arguments);
        figures.add(figure);
        System.out.printf("[broker-loss] %s%n", figure);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /**
     * A burst of valid delivery events ({@code email.sent}, {@code email.deferred}) for a synthetic advisory, from
     * an idempotent {@code acks=all} producer at about 2,000 events a second, on a thread of its own.
     */
    private static final class Burst {

        private static final int EVENTS_PER_SECOND = 2_000;

        private final Thread thread;
        private final Set<UUID> ids = ConcurrentHashMap.newKeySet();
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

        private Burst(String bootstrap, int events) {
            this.thread = new Thread(() -> run(bootstrap, events), "broker-loss-burst");
        }

        static Burst start(String bootstrap, int events) {
            Burst burst = new Burst(bootstrap, events);
            burst.thread.start();
            return burst;
        }

        private void run(String bootstrap, int events) {
            Map<String, Object> config = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap,
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    true,
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.LINGER_MS_CONFIG,
                    5);
            Instant t0 = Instant.parse("2026-11-20T09:00:00Z");
            long start = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < events; i++) {
                    String practice = String.format("B-%05d", i % 1_000);
                    Instant at = t0.plusMillis(i * 10L);
                    EventPayload payload = i % 2 == 0
                            ? new EmailSent(
                                    UUID.randomUUID(),
                                    BURST_ADVISORY,
                                    practice,
                                    List.of(practice.toLowerCase() + "@example.org"),
                                    "<" + i + "@broker-loss>",
                                    "250 OK",
                                    1)
                            : new EmailDeferred(
                                    UUID.randomUUID(),
                                    BURST_ADVISORY,
                                    practice,
                                    451,
                                    "greylisted",
                                    1,
                                    at.plusSeconds(300));
                    EventEnvelope<EventPayload> event = EventEnvelope.wrap(payload, "broker-loss-it", at);
                    ids.add(event.eventId());
                    ProducerRecord<String, byte[]> record =
                            new ProducerRecord<>(event.topic().topicName(), event.key(), EventCodec.encode(event));
                    record.headers().add("bn-event-type", event.type().getBytes(StandardCharsets.UTF_8));
                    record.headers()
                            .add("bn-event-id", event.eventId().toString().getBytes(StandardCharsets.UTF_8));
                    producer.send(record, (metadata, error) -> {
                        if (error != null) {
                            failures.add(error.toString());
                        }
                    });
                    long due = start + (long) (i + 1) * 1_000_000_000L / EVENTS_PER_SECOND;
                    long ahead = due - System.nanoTime();
                    if (ahead > 0 && i % 50 == 49) {
                        LockSupport.parkNanos(ahead);
                    }
                }
                producer.flush();
            } catch (RuntimeException e) {
                failures.add(e.toString());
            }
        }

        void await() throws InterruptedException {
            thread.join(TimeUnit.MINUTES.toMillis(5));
            assertThat(thread.isAlive()).as("the burst finished").isFalse();
        }

        Set<UUID> eventIds() {
            return Set.copyOf(ids);
        }

        List<String> failures() {
            return List.copyOf(failures);
        }
    }
}
