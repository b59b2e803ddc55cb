package dev.breachnotify.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.platform.security.RouteExposure;
import dev.breachnotify.platform.security.RouteExposure.Route;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HTTP Basic can be switched off: then even an administrator's right password opens nothing. */
class BasicAuthSwitchIT {

    @Test
    void withBasicSwitchedOffCorrectCredentialsAreRefused() {
        Map<String, Object> properties = new HashMap<>(AuditTestProperties.of("audit_basic_off"));
        properties.put("breachnotify.audit.data-dir", "target/audit-basic-off-data");
        AuditTestProperties.user(properties, "admin", "admin-pw", "ADMIN");
        properties.put("micronaut.security.basic-auth.enabled", false);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties)) {
            URI base = URI.create("http://127.0.0.1:" + server.getPort());
            String admin =
                    "Basic " + Base64.getEncoder().encodeToString("admin:admin-pw".getBytes(StandardCharsets.UTF_8));

            assertThat(RouteExposure.send(base, new Route("GET", "/metrics"), admin))
                    .isEqualTo(401);
            assertThat(RouteExposure.send(base, new Route("GET", "/api/audit/head"), admin))
                    .isEqualTo(401);
            assertThat(RouteExposure.send(base, new Route("GET", "/health"), null))
                    .isEqualTo(200);
        }
    }
}
