package dev.breachnotify.launcher;

import dev.breachnotify.embedded.EmbeddedKafka;
import dev.breachnotify.embedded.EmbeddedPostgresServer;
import dev.breachnotify.embedded.FreePorts;
import dev.breachnotify.events.VendorIdentity;
import dev.breachnotify.platform.security.PasswordHashes;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The configurations of ack-service and audit-service for the fault tests: in-process infrastructure, fast
 * failover (6 s sessions), no lookup limits (the tests poll codes the projection may not know yet) and an
 * {@code ADMIN} user {@value #ADMIN} with password {@value #ADMIN_PASSWORD} who may read health details and metrics.
 */
final class ProcessSettings {

    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-pw";

    private ProcessSettings() {}

    static Map<String, Object> ack(EmbeddedKafka kafka, EmbeddedPostgresServer postgres, String formKey) {
        Map<String, Object> properties = common(kafka, postgres, "ack");
        properties.put("breachnotify.ack.form-key", formKey);
        properties.putAll(VendorIdentity.SAMPLE.properties());
        properties.put("breachnotify.ack.automated-window", "0s");
        properties.put("breachnotify.ack.failed-lookups-per-network", 1_000_000);
        properties.put("breachnotify.ack.failed-lookups-global", 1_000_000);
        properties.put("kafka.consumers.ack-service.session.timeout.ms", 6000);
        properties.put("kafka.consumers.ack-service.heartbeat.interval.ms", 1000);
        return properties;
    }

    static Map<String, Object> audit(EmbeddedKafka kafka, EmbeddedPostgresServer postgres, Path work) {
        Map<String, Object> properties = common(kafka, postgres, "audit");
        properties.put("breachnotify.audit.data-dir", work.resolve("audit-data").toAbsolutePath());
        properties.put("breachnotify.kafka.topics.partitions", 3);
        properties.put("kafka.consumers.audit-service.session.timeout.ms", 6000);
        properties.put("kafka.consumers.audit-service.heartbeat.interval.ms", 1000);
        return properties;
    }

    /** Adds the {@code ADMIN} user to a service's configuration. */
    static Map<String, Object> withAdmin(Map<String, Object> properties) {
        properties.put(
                "breachnotify.security.users." + ADMIN + ".password-hash",
                PasswordHashes.hash(ADMIN_PASSWORD.toCharArray()));
        properties.put("breachnotify.security.users." + ADMIN + ".roles", "ADMIN");
        return properties;
    }

    private static Map<String, Object> common(EmbeddedKafka kafka, EmbeddedPostgresServer postgres, String database) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", FreePorts.next());
        properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        properties.put("datasources.default.url", postgres.jdbcUrl(database));
        properties.put("datasources.default.username", postgres.username());
        properties.put("datasources.default.password", postgres.password());
        return withAdmin(properties);
    }
}
