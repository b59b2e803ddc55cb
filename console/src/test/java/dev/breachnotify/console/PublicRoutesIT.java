package dev.breachnotify.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.embedded.EmbeddedIdentityProvider;
import dev.breachnotify.platform.security.RouteExposure;
import dev.breachnotify.platform.security.RouteExposure.Route;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.web.router.Router;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Nothing of the console answers without a signed-in user but sign-in (the page, and the start and callback of
 * the sign-in at the identity provider), the language switch, static files and {@code /health}: every other route, listed from Micronaut's router, is sent to sign-in or refused. The
 * console has no management endpoints besides health.
 */
class PublicRoutesIT {

    @Test
    void everyRouteButSignInStaticFilesAndHealthNeedsASignedInUser() {
        try (EmbeddedIdentityProvider provider = EmbeddedIdentityProvider.start(0);
                EmbeddedServer server = ApplicationContext.run(
                        EmbeddedServer.class,
                        Map.of(
                                "micronaut.server.port", -1,
                                "breachnotify.console.notifier-url", "http://127.0.0.1:9",
                                "breachnotify.console.ack-url", "http://127.0.0.1:9",
                                "breachnotify.console.audit-url", "http://127.0.0.1:9",
                                "breachnotify.console.session-secret", "a-test-secret-of-at-least-thirty-two-bytes",
                                "breachnotify.console.oidc.issuer", provider.issuer(),
                                "breachnotify.console.oidc.client-id", EmbeddedIdentityProvider.CONSOLE_CLIENT_ID))) {
            List<Route> routes = server.getApplicationContext()
                    .getBean(Router.class)
                    .uriRoutes()
                    .map(route -> new Route(
                            route.getHttpMethodName(),
                            route.getUriMatchTemplate().toString()))
                    .distinct()
                    .toList();
            assertThat(routes).extracting(Route::template).doesNotContain("/metrics", "/beans", "/routes");

            URI base = URI.create("http://127.0.0.1:" + server.getPort());
            assertThat(RouteExposure.openWithoutCredentials(
                            base,
                            routes,
                            route -> route.template().startsWith("/health")
                                    || route.template().startsWith("/static/")
                                    || route.template().startsWith("/login")
                                    || route.template().equals("/language")
                                    // sign-in at the identity provider: start and callback (Micronaut Security)
                                    || route.template().startsWith("/oauth/"),
                            status -> status == 302 || status == 303 || status == 401 || status == 403))
                    .isEmpty();
        }
    }
}
