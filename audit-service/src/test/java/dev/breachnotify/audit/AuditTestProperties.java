package dev.breachnotify.audit;

import dev.breachnotify.platform.security.PasswordHashes;
import dev.breachnotify.testsupport.TestInfrastructure;
import java.util.Map;

/** The configuration an audit-service test context needs against the shared test infrastructure. */
public final class AuditTestProperties {

    private AuditTestProperties() {}

    /**
     * @param database the test's own database (created if missing)
     * @return Kafka, that database and a random server port; add users with {@link #user}
     */
    public static Map<String, String> of(String database) {
        Map<String, String> properties = TestInfrastructure.get().serviceProperties(database);
        properties.put("micronaut.server.port", "-1");
        return properties;
    }

    /** Adds a user with the password (stored hashed) and the role. */
    public static void user(Map<? super String, ? super String> properties, String name, String password, String role) {
        properties.put(
                "breachnotify.security.users." + name + ".password-hash", PasswordHashes.hash(password.toCharArray()));
        properties.put("breachnotify.security.users." + name + ".roles", role);
    }
}
