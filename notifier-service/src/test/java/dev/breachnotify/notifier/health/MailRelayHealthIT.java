package dev.breachnotify.notifier.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import dev.breachnotify.embedded.FreePorts;
import dev.breachnotify.embedded.TestInfrastructure;
import dev.breachnotify.platform.security.PasswordHashes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Health with the mail relay down: the service stays ready (HTTP 200, so Kubernetes keeps routing the
 * communications team's requests to it), and a signed-in user sees which component is degraded and why.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailRelayHealthIT implements TestPropertyProvider {

    private static final TestInfrastructure INFRA = TestInfrastructure.get();

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>();
        properties.put("kafka.bootstrap.servers", INFRA.kafkaBootstrapServers());
        properties.put("datasources.default.url", INFRA.jdbcUrl("notifier_health_it"));
        properties.put("datasources.default.username", INFRA.dbUser());
        properties.put("datasources.default.password", INFRA.dbPassword());
        properties.put("breachnotify.notifier.smtp.host", "127.0.0.1");
        properties.put("breachnotify.notifier.smtp.port", String.valueOf(FreePorts.next())); // nobody listens
        properties.put("breachnotify.notifier.code-key",
                Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
        properties.put("breachnotify.security.users.admin.password-hash", PasswordHashes.hash("admin-pw".toCharArray()));
        properties.put("breachnotify.security.users.admin.roles", "ADMIN");
        return properties;
    }

    @Test
    void anUnreachableRelayDegradesButKeepsTheServiceReady() {
        HttpResponse<String> anonymous = http.toBlocking().exchange(HttpRequest.GET("/health"), String.class);
        assertThat(anonymous.getStatus().getCode()).isEqualTo(200);
        assertThat(anonymous.body()).doesNotContain("mailRelay");

        HttpResponse<String> readiness = http.toBlocking().exchange(HttpRequest.GET("/health/readiness"), String.class);
        assertThat(readiness.getStatus().getCode()).isEqualTo(200);

        String details = http.toBlocking().retrieve(HttpRequest.GET("/health").basicAuth("admin", "admin-pw"));
        assertThat(details).contains("\"mailRelay\"", "DEGRADED", "ConnectException");
        assertThat(details).contains("\"kafka\"", "\"jdbc");
    }
}
