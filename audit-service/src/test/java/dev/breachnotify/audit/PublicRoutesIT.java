package dev.breachnotify.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.platform.security.RouteExposure;
import dev.breachnotify.platform.security.RouteExposure.Route;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Nothing of audit-service answers without credentials but {@code /health} and the published checkpoint and keys
 * ({@code /.well-known/}); management is for ADMIN.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicRoutesIT implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    @Inject
    Router router;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = AuditTestProperties.of("audit_routes");
        properties.put("breachnotify.audit.data-dir", "target/audit-routes-data");
        AuditTestProperties.user(properties, "admin", "admin-pw", "ADMIN");
        AuditTestProperties.user(properties, "comms", "comms-pw", "COMMUNICATIONS");
        return properties;
    }

    @Test
    void everyRouteButHealthAndThePublishedCheckpointNeedsCredentials() {
        List<Route> routes = RouteExposure.routes(router);
        assertThat(routes).extracting(Route::template).contains("/metrics", "/prometheus", "/health");

        assertThat(RouteExposure.openWithoutCredentials(
                        RouteExposure.base(server),
                        routes,
                        route -> route.template().startsWith("/health")
                                || route.template().startsWith("/.well-known/")))
                .isEmpty();
    }

    @Test
    void managementIsForAdministratorsAndNoManagementRouteFails() {
        List<Route> routes = RouteExposure.routes(router);
        assertThat(RouteExposure.managementProblems(
                        RouteExposure.base(server), routes, "admin", "admin-pw", "comms", "comms-pw"))
                .isEmpty();
    }
}
