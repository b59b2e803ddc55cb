package dev.breachnotify.notifier;

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

/** Nothing of notifier-service answers without credentials but {@code /health}; management is for ADMIN. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicRoutesIT implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    @Inject
    Router router;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = NotifierTestProperties.of("notifier_routes");
        properties.put("micronaut.server.port", "-1");
        NotifierTestProperties.user(properties, "admin", "ADMIN");
        NotifierTestProperties.user(properties, "comms", "COMMUNICATIONS");
        return properties;
    }

    @Test
    void everyRouteButHealthNeedsCredentials() {
        List<Route> routes = RouteExposure.routes(router);
        assertThat(routes).extracting(Route::template).contains("/metrics", "/prometheus", "/health");

        assertThat(RouteExposure.openWithoutCredentials(
                        RouteExposure.base(server),
                        routes,
                        route -> route.template().startsWith("/health")))
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
