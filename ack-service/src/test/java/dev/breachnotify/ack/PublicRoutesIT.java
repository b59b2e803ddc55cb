package dev.breachnotify.ack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.platform.security.PasswordHashes;
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
 * Nothing of ack-service answers without credentials but the practices' and partners' pages, their static files and
 * {@code /health}; management is for ADMIN.
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
        Map<String, String> properties = AckTestSupport.infrastructureProperties();
        properties.put(
                "breachnotify.security.users.admin.password-hash", PasswordHashes.hash("admin-pw".toCharArray()));
        properties.put("breachnotify.security.users.admin.roles", "ADMIN");
        properties.put(
                "breachnotify.security.users.comms.password-hash", PasswordHashes.hash("comms-pw".toCharArray()));
        properties.put("breachnotify.security.users.comms.roles", "COMMUNICATIONS");
        return properties;
    }

    @Test
    void everyRouteButThePagesAndHealthNeedsCredentials() {
        List<Route> routes = RouteExposure.routes(router);
        assertThat(routes).extracting(Route::template).contains("/metrics", "/prometheus", "/health");

        assertThat(RouteExposure.openWithoutCredentials(
                        RouteExposure.base(server),
                        routes,
                        route -> route.template().startsWith("/health")
                                || route.template().startsWith("/static/")
                                || List.of("/", "/enter", "/a/{code}", "/incident/{advisoryId}")
                                        .contains(route.template())
                                // the IT service partners' page and its CSV upload
                                || List.of("/p/{code}", "/p/{code}/csv").contains(route.template())))
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
