package dev.breachnotify.notifier;

import dev.breachnotify.platform.security.PasswordHashes;
import dev.breachnotify.testsupport.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** The configuration a notifier-service test context needs against the shared test infrastructure. */
public final class NotifierTestProperties {

    private NotifierTestProperties() {}

    /**
     * @param database the test's own database (created if missing)
     * @return Kafka, that database, the SMTP catcher and a fixed code key; add users with {@link #user}
     */
    public static Map<String, String> of(String database) {
        TestInfrastructure infra = TestInfrastructure.get();
        Map<String, String> properties = infra.serviceProperties(database);
        properties.put("breachnotify.notifier.smtp.host", "127.0.0.1");
        properties.put("breachnotify.notifier.smtp.port", String.valueOf(infra.smtpPort()));
        properties.put(
                "breachnotify.notifier.code-key",
                Base64.getEncoder()
                        .encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
        return properties;
    }

    /** Adds a user {@code name} with password {@code <name>-pw} and the role. */
    public static Map<String, String> user(Map<String, String> properties, String name, String role) {
        properties.put(
                "breachnotify.security.users." + name + ".password-hash",
                PasswordHashes.hash((name + "-pw").toCharArray()));
        properties.put("breachnotify.security.users." + name + ".roles", role);
        return properties;
    }
}
