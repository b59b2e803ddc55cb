package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.embedded.EmbeddedKafka;
import dev.breachnotify.embedded.MailCatcher;
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
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarted under load: the three services run as separate processes against one PostgreSQL server
 * (their three databases), which is stopped and started again (same port, same data directory) twice: in the
 * middle of a fan-out (notifier-service sending, audit-service appending) and in the middle of a burst of
 * acknowledgements (ack-service recording, audit-service appending). Each time every service's {@code /health}
 * must turn DOWN (503) while the server is gone and UP (200) after, without a restart of the service.
 *
 * <p>Afterwards: every practice has its mail, duplicates stay within the in-flight window and are marked
 * {@code possibleDuplicate}; every submission answered 303 is in ack-service's projection and in the audit log (a
 * submission refused during the outage is tried again by its client, as a person reloads); the audit log holds
 * every committed event of every topic exactly once, gapless, and its stored positions are Kafka's end offsets.
 */
class DatabaseRestartIT {

    private static final int PRACTICES = Integer.getInteger("faults.db.practices", 1_000);
    /** How long the database stays down, at least (the DOWN health checks come first). */
    private static final Duration DOWN_FOR = Duration.ofSeconds(Long.getLong("faults.db.down-seconds", 6));

    /** The waits grow with the size of the run. */
    private static final long SCALE = Math.max(1, PRACTICES / 1_000);

    private static final int WORKERS = 3;
    private static final int MAX_POLL_RECORDS = 100;
    private static final Pattern CONFIRMED_BY = Pattern.compile("Dr\\. Neustart [0-9A-Z-]+");

    private final HealthWatch health = new HealthWatch();

    @Test
    void everyServiceRidesOutPostgresRestartsDuringAFanOutAndAnAcknowledgementBurst() throws Exception {
        long started = System.nanoTime();
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "db-restart")), "run-");
        try (MailCatcher mail = MailCatcher.start(0, null);
                EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0);
                RestartablePostgres postgres = RestartablePostgres.start(work.resolve("postgres"))) {
            for (String database : List.of("notifier", "ack", "audit")) {
                postgres.server().createDatabaseIfMissing(database);
            }
            String formKey = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
            Map<String, Object> notifierProperties = ProcessSettings.withAdmin(
                    SyntheticAdvisory.notifierProperties(kafka, postgres.server(), mail, WORKERS, MAX_POLL_RECORDS));
            try (ServiceProcess notifier = ServiceProcess.start(
                            "notifier-service",
                            notifierProperties,
                            work.resolve("notifier.log"),
                            Duration.ofSeconds(90));
                    ServiceProcess ack = ServiceProcess.start(
                            "ack-service",
                            ProcessSettings.ack(kafka, postgres.server(), formKey),
                            work.resolve("ack.log"),
                            Duration.ofSeconds(90));
                    ServiceProcess audit = ServiceProcess.start(
                            "audit-service",
                            ProcessSettings.audit(kafka, postgres.server(), work),
                            work.resolve("audit.log"),
                            Duration.ofSeconds(90))) {
                Map<String, ServiceProcess> services = new LinkedHashMap<>();
                services.put("notifier-service", notifier);
                services.put("ack-service", ack);
                services.put("audit-service", audit);

                // When the database restarts in the middle of a fan-out
                String advisoryId = SyntheticAdvisory.publish(notifier.url(), PRACTICES, "R");
                Awaitility.await("a quarter of the mails")
                        .atMost(Duration.ofSeconds(120))
                        .dontCatchUncaughtExceptions()
                        .until(() -> mail.messages().size() >= PRACTICES / 4);
                int mailsAtStop = mail.messages().size();
                Outage fanOut = restart(postgres, services, "fan-out");
                Awaitility.await("every practice's mail after the restart")
                        .atMost(Duration.ofSeconds(180 * SCALE))
                        .dontCatchUncaughtExceptions()
                        .pollInterval(Duration.ofMillis(500))
                        .until(() ->
                                SyntheticAdvisory.recipients(mail.messages()).size() == PRACTICES);

                // and again in the middle of a burst of acknowledgements
                List<String> links = AckBurst.links(mail.messages());
                assertThat(links).hasSize(PRACTICES);
                Outage burstOutage;
                AckBurst burst = AckBurst.start(ack.url(), links, 4);
                try (burst) {
                    Awaitility.await("a quarter of the submissions")
                            .atMost(Duration.ofSeconds(120))
                            .until(() -> burst.confirmed() >= PRACTICES / 4);
                    int confirmedAtStop = burst.confirmed();
                    burstOutage = restart(postgres, services, "acknowledgement burst");
                    System.out.printf(
                            "[db-restart] fan-out outage began after %d mails, burst outage after %d submissions%n",
                            mailsAtStop, confirmedAtStop);
                    assertThat(burst.await(Duration.ofSeconds(180 * SCALE)))
                            .as("every practice confirmed (retrying what the outage refused)")
                            .isTrue();
                }

                // Then: the mails
                TopicContents topics = awaitAuditCaughtUp(kafka, postgres);
                TopicContents.Mails mails = topics.mails(advisoryId);
                Map<String, Integer> byMessageId = new HashMap<>();
                mail.messages().forEach(message -> {
                    try {
                        byMessageId.merge(message.getMessageID(), 1, Integer::sum);
                    } catch (jakarta.mail.MessagingException e) {
                        throw new AssertionError(e);
                    }
                });
                Set<String> caughtTwice = new HashSet<>();
                byMessageId.forEach((id, count) -> {
                    if (count > 1) {
                        caughtTwice.add(id);
                    }
                });
                int duplicates = mail.messages().size() - PRACTICES;

                // the submissions
                Set<String> expectedNames = new HashSet<>();
                burst.confirmedAfterAttempts().keySet().forEach(path -> expectedNames.add(AckBurst.nameFor(path)));
                Set<String> projected = names(
                        postgres.jdbcUrl("ack"),
                        "SELECT confirmed_by FROM acknowledgement WHERE advisory_id = ?",
                        advisoryId);
                Set<String> audited = names(
                        postgres.jdbcUrl("audit"),
                        "SELECT canonical_json FROM audit_log WHERE type = 'acknowledgement.recorded'"
                                + " AND advisory_id = ?",
                        advisoryId);

                // the audit log
                AuditLog log = AuditLog.read(postgres.jdbcUrl("audit"));
                Set<UUID> missing = new HashSet<>(topics.eventIds());
                missing.removeAll(log.eventIds());
                Set<UUID> unexpected = new HashSet<>(log.eventIds());
                unexpected.removeAll(topics.eventIds());

                long retried = burst.confirmedAfterAttempts().values().stream()
                        .filter(attempts -> attempts > 1)
                        .count();
                System.out.printf(
                        "[db-restart] %d practices: %d mails, %d duplicates (%d marked possibleDuplicate, %d caught "
                                + "twice); %d submissions answered 303, %d of them after a refused attempt, refusals "
                                + "%s, slowest attempt %d ms; projection %d, audit %d; audit log %d entries, %d "
                                + "distinct, idx %d..%d, %d records in Kafka with %d distinct event ids, %d missing, %d "
                                + "unexpected; %s; %s; "
                                + "%d s in all%n",
                        PRACTICES,
                        mail.messages().size(),
                        duplicates,
                        mails.markedDuplicates().size(),
                        caughtTwice.size(),
                        burst.confirmed(),
                        retried,
                        burst.refusals(),
                        burst.slowestMillis(),
                        projected.size(),
                        audited.size(),
                        log.entries(),
                        log.eventIds().size(),
                        log.minIndex(),
                        log.maxIndex(),
                        topics.size(),
                        topics.eventIds().size(),
                        missing.size(),
                        unexpected.size(),
                        fanOut,
                        burstOutage,
                        (System.nanoTime() - started) / 1_000_000_000);

                assertThat(mails.notifications()).hasSize(PRACTICES);
                assertThat(mails.sent().keySet()).containsAll(mails.notifications());
                assertThat(duplicates)
                        .as("duplicates within the in-flight window of one outage")
                        .isBetween(0, WORKERS * MAX_POLL_RECORDS);
                assertThat(mails.markedDuplicates())
                        .as("every mail caught twice has an email.sent marked possibleDuplicate")
                        .containsAll(caughtTwice);
                assertThat(projected)
                        .as("303-answered submissions in the projection")
                        .containsAll(expectedNames);
                assertThat(audited)
                        .as("303-answered submissions in the audit log")
                        .containsAll(expectedNames);
                assertThat(log.entries())
                        .as("audit entries")
                        .isEqualTo(log.eventIds().size());
                assertThat(log.minIndex()).isZero();
                assertThat(log.maxIndex()).as("gapless").isEqualTo(log.entries() - 1);
                assertThat(missing)
                        .as("committed events missing from the audit log")
                        .isEmpty();
                assertThat(unexpected)
                        .as("audit entries of events Kafka does not have")
                        .isEmpty();
                assertThat(log.rejects()).as("rejected records").isZero();
                for (Outage outage : List.of(fanOut, burstOutage)) {
                    assertThat(outage.downAfter().values())
                            .as("health DOWN within seconds of the stop, not after the pool's 30 s wait")
                            .allSatisfy(millis -> assertThat(millis).isLessThan(15_000));
                }
            }
        }
    }

    /** Stops PostgreSQL, sees every service turn DOWN, keeps it down a while, starts it, sees every service UP. */
    private Outage restart(RestartablePostgres postgres, Map<String, ServiceProcess> services, String during) {
        long stopping = System.nanoTime();
        postgres.stop();
        long stopped = System.nanoTime();
        Map<String, Long> downAfter = new LinkedHashMap<>();
        services.forEach((name, service) ->
                downAfter.put(name, health.awaitStatus(name, service.url(), 503, Duration.ofSeconds(60))));
        long remaining = DOWN_FOR.toNanos() - (System.nanoTime() - stopped);
        if (remaining > 0) {
            LockSupport.parkNanos(remaining); // the outage lasts this long on purpose
        }
        long starting = System.nanoTime();
        postgres.start();
        long running = System.nanoTime();
        Map<String, Long> upAfter = new LinkedHashMap<>();
        services.forEach((name, service) ->
                upAfter.put(name, health.awaitStatus(name, service.url(), 200, Duration.ofSeconds(90))));
        return new Outage(
                during,
                TimeUnit.NANOSECONDS.toMillis(stopped - stopping),
                TimeUnit.NANOSECONDS.toMillis(running - stopped),
                TimeUnit.NANOSECONDS.toMillis(running - starting),
                downAfter,
                upAfter);
    }

    /**
     * One restart, in milliseconds: stopping took {@code stopMillis}, the server was gone {@code downMillis}
     * (starting it again took {@code startMillis} of that); each service reported DOWN that long after the stop
     * (measured one after the other) and UP that long after the start.
     */
    private record Outage(
            String during,
            long stopMillis,
            long downMillis,
            long startMillis,
            Map<String, Long> downAfter,
            Map<String, Long> upAfter) {

        @Override
        public String toString() {
            return "restart during the " + during + ": stop " + stopMillis + " ms, down " + downMillis + " ms (start "
                    + startMillis + " ms), health DOWN after " + downAfter + ", UP after " + upAfter;
        }
    }

    /** Waits until the audit log has read every topic to the end, then returns what the topics hold. */
    private static TopicContents awaitAuditCaughtUp(EmbeddedKafka kafka, RestartablePostgres postgres) {
        return Awaitility.await("the audit log caught up with every topic")
                .atMost(Duration.ofSeconds(120 * SCALE))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> TopicContents.read(kafka.bootstrapServers()), topics -> {
                    try {
                        return AuditLog.read(postgres.jdbcUrl("audit"))
                                .eventIds()
                                .containsAll(topics.eventIds());
                    } catch (SQLException notYet) {
                        return false;
                    }
                });
    }

    /** The {@code Dr. Neustart ...} names in the first column of a query's rows. */
    private static Set<String> names(String jdbcUrl, String sql, String advisoryId) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, advisoryId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Matcher name = CONFIRMED_BY.matcher(rows.getString(1));
                    if (name.find()) {
                        names.add(name.group());
                    }
                }
            }
        }
        return names;
    }

    /** The audit log as its database holds it. */
    private record AuditLog(long entries, long minIndex, long maxIndex, Set<UUID> eventIds, long rejects) {

        static AuditLog read(String jdbcUrl) throws SQLException {
            try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
                    Statement select = connection.createStatement()) {
                long entries;
                long min;
                long max;
                try (ResultSet row = select.executeQuery("SELECT count(*), min(idx), max(idx) FROM audit_log")) {
                    row.next();
                    entries = row.getLong(1);
                    min = row.getLong(2);
                    max = row.getLong(3);
                }
                Set<UUID> ids = new HashSet<>();
                try (ResultSet rows = select.executeQuery("SELECT event_id FROM audit_log")) {
                    while (rows.next()) {
                        ids.add(rows.getObject(1, UUID.class));
                    }
                }
                long rejects;
                try (ResultSet row = select.executeQuery("SELECT count(*) FROM audit_rejects")) {
                    row.next();
                    rejects = row.getLong(1);
                }
                return new AuditLog(entries, min, max, ids, rejects);
            }
        }
    }
}
