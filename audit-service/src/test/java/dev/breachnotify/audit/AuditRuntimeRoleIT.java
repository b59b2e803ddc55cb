package dev.breachnotify.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.testsupport.TestInfrastructure;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The production role split: Flyway migrates as the owner, the service runs as a role the migrations granted only
 * SELECT and INSERT on the log (and UPDATE on its consumer positions). The service appends; the role cannot
 * rewrite an entry even with the triggers out of the way, because it lacks the privilege.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditRuntimeRoleIT implements TestPropertyProvider {

    private final String run = Long.toString(System.nanoTime(), 36);
    private final String role = "audit_app_" + run;
    private String databaseUrl;

    @Override
    public Map<String, String> getProperties() {
        TestInfrastructure infra = TestInfrastructure.get();
        databaseUrl = infra.jdbcUrl("audit_roles_" + run);
        try (Connection owner = DriverManager.getConnection(databaseUrl, infra.dbUser(), infra.dbPassword());
                Statement create = owner.createStatement()) {
            create.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'app-pw'");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> properties = new HashMap<>();
        properties.put("kafka.bootstrap.servers", infra.kafkaBootstrapServers());
        properties.put("datasources.default.url", databaseUrl);
        properties.put("datasources.default.username", role);
        properties.put("datasources.default.password", "app-pw");
        properties.put("flyway.datasources.default.url", databaseUrl);
        properties.put("flyway.datasources.default.user", infra.dbUser());
        properties.put("flyway.datasources.default.password", infra.dbPassword());
        properties.put("flyway.datasources.default.placeholders.runtimerole", role);
        properties.put("micronaut.server.port", "-1");
        return properties;
    }

    @Test
    void theServiceAppendsAsARoleThatCannotRewrite() throws Exception {
        EventPayload sent = new EmailSent(
                UUID.randomUUID(), "ADV-ROLE-" + run, "P-" + run, List.of("p@example.org"), "<m@x>", "250 OK", 1);
        EventEnvelope<EventPayload> event = EventEnvelope.wrap(sent, "notifier-service", Instant.now());
        Properties config = new Properties();
        config.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().kafkaBootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(event.topic().topicName(), event.key(), EventCodec.encode(event)))
                    .get(10, TimeUnit.SECONDS);
        }
        try (Connection app = DriverManager.getConnection(databaseUrl, role, "app-pw")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> logged(app, event.eventId()));
            assertThatThrownBy(() -> {
                        try (Statement rewrite = app.createStatement()) {
                            rewrite.executeUpdate("UPDATE audit_log SET type = 'forged'");
                        }
                    })
                    .isInstanceOf(SQLException.class)
                    .satisfies(e ->
                            assertThat(((SQLException) e).getSQLState()).isEqualTo("42501")); // insufficient_privilege
            assertThatThrownBy(() -> {
                        try (Statement drop = app.createStatement()) {
                            drop.execute("ALTER TABLE audit_log DISABLE TRIGGER USER");
                        }
                    })
                    .isInstanceOf(SQLException.class);
        }
    }

    private static boolean logged(Connection connection, UUID eventId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM audit_log WHERE event_id = ?")) {
            query.setObject(1, eventId);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }
}
