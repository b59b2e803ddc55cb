package dev.breachnotify.ack.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.EventJson;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.platform.security.PasswordHashes;
import dev.breachnotify.testsupport.TestInfrastructure;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress by role and by partner, and the outstanding list, over {@code progress.scale.practices} practices
 * (default {@value #DEFAULT_PRACTICES}) written straight into the projection: two contacts each (owner and
 * manager, both notified), one of 500 partners for every credential and, for every fifth practice, another for the
 * connector; half of them answered. Logs the plan of the statement by partner and the times of the requests and
 * of both grouped statements. {@code -Dprogress.scale.practices=100000} for the large run (measured figures in
 * {@code docs/progress.md}).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProgressScaleIT implements TestPropertyProvider {

    static final int DEFAULT_PRACTICES = 20_000;
    private static final Logger LOG = LoggerFactory.getLogger(ProgressScaleIT.class);
    private static final String PASSWORD = "comms-" + UUID.randomUUID();

    @Inject
    EmbeddedServer server;

    private final String run = Long.toString(System.nanoTime(), 36);
    private final int practices = Integer.getInteger("progress.scale.practices", DEFAULT_PRACTICES);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = TestInfrastructure.get().serviceProperties("ack");
        properties.put("micronaut.server.port", "-1");
        properties.put("breachnotify.security.users.comms.password-hash", PasswordHashes.hash(PASSWORD.toCharArray()));
        properties.put("breachnotify.security.users.comms.roles", "COMMUNICATIONS");
        return properties;
    }

    @Test
    void byRoleAndByPartnerStayGroupedAndQuickAtScale() throws Exception {
        String advisory = "ADV-SCALE-" + run;
        seed(advisory);

        long started = System.nanoTime();
        HttpResponse<String> progress = get("/api/advisories/" + advisory + "/progress");
        long progressMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(progress.statusCode()).isEqualTo(200);
        JsonNode json = EventJson.mapper().readTree(progress.body());

        started = System.nanoTime();
        HttpResponse<String> csv = get("/api/advisories/" + advisory + "/outstanding.csv");
        long csvMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(csv.statusCode()).isEqualTo(200);

        // Every practice is targeted; every other one answered both credentials
        assertThat(json.get("targeted").asLong()).isEqualTo(practices);
        JsonNode owner = json.get("byRole").get(0);
        assertThat(owner.get("role").asText()).isEqualTo("OWNER");
        assertThat(owner.get("contactsNotified").asLong()).isEqualTo(practices);
        assertThat(owner.get("confirmed").asLong()).isEqualTo(practices / 2);
        assertThat(json.get("byPartner")).hasSize(500 + 1);
        long partnerPractices = 0;
        for (JsonNode partner : json.get("byPartner")) {
            partnerPractices += partner.get("practices").asLong();
        }
        // every practice has its partner for everything, every fifth one a second partner for the connector
        assertThat(partnerPractices).isEqualTo(practices + practices / 5);
        assertThat(csv.body().lines().count()).isEqualTo(1 + practices / 2);

        LOG.info(
                "Progress of {} practices with contacts and partners in {} ms, outstanding.csv ({} lines) in {} ms",
                practices,
                progressMillis,
                practices / 2,
                csvMillis);
        explain(advisory);
        timeGroupedStatements(advisory);
        // Generous for a shared two-core machine; a per-partner or per-practice loop would take minutes
        assertThat(progressMillis).isLessThan(30_000);
    }

    private void seed(String advisory) throws Exception {
        AdvisoryPublished published = new AdvisoryPublished(
                advisory,
                "Skalierung",
                Map.of("de", new LocalizedText("Kennwörter ändern", "Bitte ändern.")),
                List.of(
                        new Credential("ti-konnektor", Map.of("de", "TI-Konnektor", "en", "TI connector")),
                        new Credential("praxis-admin", Map.of("de", "Administrator", "en", "Administrator"))),
                LocalDate.of(2026, 12, 31),
                AdvisoryPublished.Audience.ALL,
                List.of(Channel.EMAIL),
                "comms",
                Instant.now(),
                null);
        String prefix = "S" + run + "-";
        long started = System.nanoTime();
        try (Connection connection = connection();
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO advisory (advisory_id, content, published_at) VALUES (?, ?::jsonb, now())")) {
                insert.setString(1, advisory);
                insert.setString(2, EventJson.mapper().writeValueAsString(published));
                insert.executeUpdate();
            }
            String p = "'" + prefix + "' || i";
            statement.execute("INSERT INTO partner (partner_id, name, language, changed_at) SELECT '" + prefix
                    + "IT-' || i, 'Partner ' || i, 'de', now() FROM generate_series(0, 499) i");
            statement.execute("INSERT INTO practice (practice_id, name, language, changed_at, contacts, partners) "
                    + "SELECT " + p + ", 'Praxis ' || i, 'de', now(), "
                    + "jsonb_build_array(jsonb_build_object('contactId', 'o', 'name', 'Owner', 'role', 'OWNER'), "
                    + "                  jsonb_build_object('contactId', 'm', 'name', 'Manager', 'role', 'MANAGER')), "
                    + "CASE WHEN i % 5 = 0 THEN jsonb_build_array("
                    + "  jsonb_build_object('credentialId', '*', 'partnerId', '" + prefix + "IT-' || (i % 500)), "
                    + "  jsonb_build_object('credentialId', 'ti-konnektor', 'partnerId', '" + prefix + "IT-X')) "
                    + "ELSE jsonb_build_array(jsonb_build_object('credentialId', '*', 'partnerId', '" + prefix
                    + "IT-' || (i % 500))) END "
                    + "FROM generate_series(1, " + practices + ") i");
            statement.execute("INSERT INTO notification (notification_id, advisory_id, practice_id, channel, step, "
                    + "requested_at, contact_id) SELECT gen_random_uuid(), '" + advisory + "', " + p
                    + ", 'EMAIL', 'initial', now(), c FROM generate_series(1, " + practices + ") i, "
                    + "unnest(ARRAY['o', 'm']) c");
            statement.execute("INSERT INTO credential_confirmation (advisory_id, practice_id, credential_id, status, "
                    + "changed_on, confirmed_by, submission_id, submitted_at, partner_id) SELECT '" + advisory
                    + "', " + p + ", c, 'CHANGED', current_date, 'Test', gen_random_uuid(), now(), "
                    + "CASE WHEN i % 4 = 0 THEN '" + prefix + "IT-' || (i % 500) END "
                    + "FROM generate_series(2, " + practices
                    + ", 2) i, unnest(ARRAY['ti-konnektor', 'praxis-admin']) c");
            statement.execute("INSERT INTO acknowledgement (advisory_id, practice_id, submission_id, confirmed_by, "
                    + "submitted_at, contact_id) SELECT '" + advisory + "', " + p
                    + ", gen_random_uuid(), 'Owner', now(), 'o' FROM generate_series(2, " + practices + ", 2) i");
            statement.execute("INSERT INTO contact_acknowledgement (advisory_id, practice_id, contact_id, "
                    + "submission_id, submitted_at) SELECT '" + advisory + "', " + p
                    + ", 'o', gen_random_uuid(), now() FROM generate_series(2, " + practices + ", 2) i");
            statement.execute("INSERT INTO partner_decline (advisory_id, practice_id, credential_id, partner_id, "
                    + "submission_id, confirmed_by, submitted_at) SELECT '" + advisory + "', " + p
                    + ", 'ti-konnektor', '" + prefix + "IT-X', gen_random_uuid(), 'X', now() "
                    + "FROM generate_series(5, " + practices + ", 5) i");
            connection.commit();
            statement.execute("ANALYZE");
        }
        LOG.info("Seeded {} practices in {} ms", practices, (System.nanoTime() - started) / 1_000_000);
    }

    /** The plans of the grouped statements, as the database runs them, in the log. */
    private void explain(String advisory) throws Exception {
        try (Connection connection = connection();
                PreparedStatement explain = connection.prepareStatement(
                        "EXPLAIN (ANALYZE, COSTS OFF) " + PartnerAndRoleQueries.BY_PARTNER)) {
            explain.setString(1, advisory);
            explain.setArray(2, connection.createArrayOf("text", new String[] {"ti-konnektor", "praxis-admin"}));
            explain.setString(3, advisory);
            explain.setString(4, advisory);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    plan.append('\n').append(rows.getString(1));
                }
            }
            LOG.info("Plan of the progress by partner:{}", plan);
            assertThat(plan.toString()).doesNotContain("SubPlan");
        }
    }

    /** The two grouped statements on their own, best of three (the machine is shared). */
    private void timeGroupedStatements(String advisory) throws Exception {
        String[] credentials = {"ti-konnektor", "praxis-admin"};
        long bestRole = Long.MAX_VALUE;
        long bestPartner = Long.MAX_VALUE;
        try (Connection connection = connection()) {
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                PartnerAndRoleQueries.byRole(connection, advisory, credentials);
                bestRole = Math.min(bestRole, System.nanoTime() - started);
                started = System.nanoTime();
                PartnerAndRoleQueries.byPartner(connection, advisory, credentials);
                bestPartner = Math.min(bestPartner, System.nanoTime() - started);
            }
        }
        LOG.info(
                "Best of three over {} practices: by role {} ms, by partner {} ms",
                practices,
                bestRole / 1_000_000,
                bestPartner / 1_000_000);
    }

    private static Connection connection() throws Exception {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        return DriverManager.getConnection(
                infrastructure.jdbcUrl("ack"), infrastructure.dbUser(), infrastructure.dbPassword());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(("comms:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                        .timeout(Duration.ofMinutes(2))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
