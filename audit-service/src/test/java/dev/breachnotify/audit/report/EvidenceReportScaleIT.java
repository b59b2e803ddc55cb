package dev.breachnotify.audit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.audit.AuditTestProperties;
import dev.breachnotify.audit.log.CanonicalJson;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.platform.security.Roles;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The report over a large log: {@code report.scale.entries} entries (default {@value #DEFAULT_ENTRIES}) of one
 * advisory, ten per practice, written straight into the database in one transaction under the writer's advisory
 * lock (so the service's own listener can keep appending other tests' events; the triggers still check index, time
 * order and leaf hash),
 * then the PDF and the outstanding CSV are downloaded and timed. The service only ever holds aggregates, so the
 * figures show time, not memory, growing with the log.
 * {@code -Dreport.scale.entries=1000000} for the large run (an extra index on {@code (advisory_id, type)} did not
 * make it faster: the time goes into parsing and grouping, not into finding the rows).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvidenceReportScaleIT implements TestPropertyProvider {

    static final int DEFAULT_ENTRIES = 50_000;
    private static final String PASSWORD = "dpo-" + UUID.randomUUID();
    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

    private final String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private final String advisory = "ADV-SCALE-" + run;
    private final int entries = Integer.getInteger("report.scale.entries", DEFAULT_ENTRIES);
    private final Map<String, String> properties = new HashMap<>();

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        properties.putAll(AuditTestProperties.of("audit_scale_it_" + run));
        properties.put("micronaut.http.client.read-timeout", "300s");
        AuditTestProperties.user(properties, "dpo", PASSWORD, Roles.DPO);
        return properties;
    }

    @Test
    void theReportOfALargeAdvisoryIsAggregatedByTheDatabase() throws Exception {
        long started = System.nanoTime();
        fill();
        long filled = System.nanoTime();

        HttpResponse<byte[]> pdf = http.toBlocking()
                .exchange(
                        HttpRequest.GET("/api/audit/advisories/" + advisory + "/evidence.pdf")
                                .basicAuth("dpo", PASSWORD),
                        byte[].class);
        long reported = System.nanoTime();
        HttpResponse<byte[]> csv = http.toBlocking()
                .exchange(
                        HttpRequest.GET("/api/audit/advisories/" + advisory + "/outstanding.csv")
                                .basicAuth("dpo", PASSWORD),
                        byte[].class);
        long listed = System.nanoTime();

        int practices = entries / 10;
        String text;
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
            System.out.printf(
                    "[report-scale] %d entries (%d practices) written in %d ms; PDF of %d pages, %d bytes "
                            + "in %d ms; outstanding CSV of %d bytes in %d ms%n",
                    entries + 1,
                    practices,
                    (filled - started) / 1_000_000,
                    document.getNumberOfPages(),
                    pdf.body().length,
                    (reported - filled) / 1_000_000,
                    csv.body().length,
                    (listed - reported) / 1_000_000);
        }
        long outstanding = (practices + 2) / 3; // practices 0, 3, 6, ... did not acknowledge
        assertThat(text)
                .contains(
                        "Notifications by step initial " + practices,
                        "posted (reached by letter) " + (practices + 19) / 20 + " practices", // every 20th
                        "Excluded by hand " + (practices + 48) / 50 + " practices"); // 1, 51, 101, ...
        assertThat(text)
                .contains(
                        "Practices targeted " + practices,
                        "Entries of this advisory " + (entries + 1),
                        outstanding + " of " + practices + " targeted practices");
        long csvLines = new String(csv.body(), java.nio.charset.StandardCharsets.UTF_8)
                .lines()
                .count();
        assertThat(csvLines).isEqualTo(outstanding + 1);
    }

    /**
     * Entry 0 is the advisory as the codec writes it; then ten entries per practice: the notification, an email
     * (sent, or bounced for every 50th), a deferral, two page visits, an acknowledgement (not for every third
     * practice), three credential confirmations and one more visit (or a posted letter for every 20th, an
     * exclusion for practices 1, 51, 101, ...), spread over 14 days.
     */
    private void fill() throws Exception {
        AdvisoryPublished published = new AdvisoryPublished(
                advisory,
                "Scale",
                Map.of("de", new LocalizedText("Betreff", "Text"), "en", new LocalizedText("Subject", "Text")),
                List.of(
                        new Credential("c1", Map.of("de", "Eins", "en", "One")),
                        new Credential("c2", Map.of("de", "Zwei", "en", "Two")),
                        new Credential("c3", Map.of("de", "Drei", "en", "Three"))),
                LocalDate.of(2026, 12, 4),
                AdvisoryPublished.Audience.ALL,
                List.of(Channel.EMAIL, Channel.LETTER),
                "comms",
                T0,
                null);
        String json = CanonicalJson.canonicalize(EventCodec.encode(EventEnvelope.wrap(published, "scale", T0)));
        try (Connection db = DriverManager.getConnection(
                properties.get("datasources.default.url"),
                properties.get("datasources.default.username"),
                properties.get("datasources.default.password"))) {
            db.setAutoCommit(false);
            long head;
            try (Statement sql = db.createStatement()) {
                sql.execute("SELECT pg_advisory_xact_lock(" + 0x61756469744c6f67L + ")"); // AuditLogAppender's
                try (java.sql.ResultSet row = sql.executeQuery("SELECT COALESCE(max(idx) + 1, 0) FROM audit_log")) {
                    row.next();
                    head = row.getLong(1);
                }
            }
            try (PreparedStatement insert = db.prepareStatement("""
                    INSERT INTO audit_log (idx, event_id, type, schema_version, occurred_at, recorded_at, advisory_id,
                                           topic, kafka_partition, kafka_offset, canonical_json, leaf_hash)
                    VALUES (?, gen_random_uuid(), 'advisory.published', 2, ?, clock_timestamp(), ?, 'scale', 0, 0, ?,
                            sha256('\\x00'::bytea || convert_to(?, 'UTF8')))""")) {
                insert.setLong(1, head);
                insert.setObject(2, java.time.OffsetDateTime.parse("2026-11-20T09:00:00Z"));
                insert.setString(3, advisory);
                insert.setString(4, json);
                insert.setString(5, json);
                insert.executeUpdate();
            }
            try (Statement sql = db.createStatement()) {
                sql.execute("""
                        INSERT INTO audit_log (idx, event_id, type, schema_version, occurred_at, recorded_at,
                                               advisory_id, practice_id, topic, kafka_partition, kafka_offset,
                                               canonical_json, leaf_hash)
                        SELECT %3$d + 1 + g, e.id, e.type, 1, e.at, clock_timestamp(), '%1$s', e.practice, 'scale', 1, g, e.json,
                               sha256('\\x00'::bytea || convert_to(e.json, 'UTF8'))
                          FROM generate_series(0, %2$d - 1) AS g
                          CROSS JOIN LATERAL (
                              SELECT g / 10 AS p, g %% 10 AS k, gen_random_uuid() AS id,
                                     'P-' || lpad((g / 10)::text, 7, '0') AS practice,
                                     TIMESTAMPTZ '2026-11-20 09:00:00+00' + (g::bigint * 14 * 86400 / %2$d)
                                         * INTERVAL '1 second' AS at) b
                          CROSS JOIN LATERAL (
                              SELECT b.id, b.practice, b.at, t.type,
                                     json_build_object('eventId', b.id, 'type', t.type, 'correlationId', '%1$s',
                                                       'payload', t.payload)::text AS json
                                FROM (SELECT CASE
                                        WHEN b.k = 0 THEN 'notification.requested'
                                        WHEN b.k = 1 AND b.p %% 50 = 1 THEN 'email.failed'
                                        WHEN b.k = 1 THEN 'email.sent'
                                        WHEN b.k = 2 THEN 'email.deferred'
                                        WHEN b.k = 5 AND b.p %% 3 <> 0 THEN 'acknowledgement.recorded'
                                        WHEN b.k IN (6, 7, 8) THEN 'credential.rotation.confirmed'
                                        WHEN b.k = 9 AND b.p %% 20 = 0 THEN 'letter.posted'
                                        WHEN b.k = 9 AND b.p %% 50 = 1 THEN 'practice.excluded'
                                        ELSE 'acknowledgement.page.visited' END AS type,
                                      json_build_object('practiceId', b.practice, 'step', 'initial',
                                        'channel', CASE WHEN b.p %% 20 = 0 THEN 'LETTER' ELSE 'EMAIL' END,
                                        'permanent', true,
                                        'credentialId', 'c' || (b.k - 5),
                                        'status', CASE WHEN b.k = 8 AND b.p %% 4 = 0 THEN 'NOT_APPLICABLE'
                                                       ELSE 'CHANGED' END) AS payload) t) e
                         ORDER BY g""".formatted(advisory, entries, head));
            }
            db.commit();
        }
    }
}
