package dev.breachnotify.notifier.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.embedded.FreePorts;
import dev.breachnotify.notifier.NotifierTestProperties;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Health with the mail relay down: the service stays ready (HTTP 200, so Kubernetes keeps routing the
 * communications team's requests to it), and a signed-in user sees which component is degraded and why.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailRelayHealthIT implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties =
                NotifierTestProperties.user(NotifierTestProperties.of("notifier_health_it"), "admin", "ADMIN");
        properties.put("breachnotify.notifier.smtp.port", String.valueOf(FreePorts.next())); // nobody listens
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
