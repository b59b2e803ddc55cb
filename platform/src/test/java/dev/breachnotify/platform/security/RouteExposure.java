package dev.breachnotify.platform.security;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.web.router.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Asks a running service every route it has (the services' tests list them from Micronaut's {@code Router}, so a
 * new route is covered without touching a test): which answer without credentials although they are not public,
 * and which fail (5xx) for an administrator.
 */
public final class RouteExposure {

    private static final Pattern OPTIONAL_SEGMENT = Pattern.compile("\\{/[^}]*}");
    private static final Pattern QUERY = Pattern.compile("\\{[?&][^}]*}");
    private static final Pattern VARIABLE = Pattern.compile("\\{[^}]*}");

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private RouteExposure() {}

    /** Every route the service's router knows, each method and template once. */
    public static List<Route> routes(Router router) {
        return router.uriRoutes()
                .map(route -> new Route(
                        route.getHttpMethodName(), route.getUriMatchTemplate().toString()))
                .distinct()
                .toList();
    }

    /** The base URI of a service's embedded server on loopback. */
    public static URI base(EmbeddedServer server) {
        return URI.create("http://127.0.0.1:" + server.getPort());
    }

    /** An HTTP Basic {@code Authorization} header value. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What is wrong with the management endpoints ({@code /metrics}, {@code /metrics/{name}}, {@code /prometheus}):
     * each that answers another user anything but 403, {@code /metrics} if it refuses the administrator, and every
     * GET route that fails (5xx) for the administrator. Empty when management is for administrators only.
     */
    public static List<String> managementProblems(
            URI base, List<Route> routes, String admin, String adminPassword, String other, String otherPassword) {
        List<String> problems = new ArrayList<>();
        for (String endpoint : List.of("/metrics", "/metrics/{name}", "/prometheus")) {
            int status = send(base, new Route("GET", endpoint), basic(other, otherPassword));
            if (status != 403) {
                problems.add("GET " + endpoint + " as " + other + " -> " + status);
            }
        }
        int metrics = send(base, new Route("GET", "/metrics"), basic(admin, adminPassword));
        if (metrics != 200) {
            problems.add("GET /metrics as " + admin + " -> " + metrics);
        }
        problems.addAll(failingFor(base, routes, admin, adminPassword));
        return problems;
    }

    /** A route: its method and its URI template ({@code /api/advisories/{id}/final-list.csv}). */
    public record Route(String method, String template) {

        /** Whether the template has path variables. */
        public boolean hasVariables() {
            return VARIABLE.matcher(QUERY.matcher(template).replaceAll("")).find();
        }

        /** The template with every variable filled ({@code x}) and query templates dropped. */
        public String path() {
            String path = QUERY.matcher(template).replaceAll("");
            path = OPTIONAL_SEGMENT.matcher(path).replaceAll("/x");
            return VARIABLE.matcher(path).replaceAll("x");
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    /** The routes that are not public and answered anything but 401 to a request without credentials. */
    public static List<String> openWithoutCredentials(URI base, List<Route> routes, Predicate<Route> isPublic) {
        return openWithoutCredentials(base, routes, isPublic, status -> status == 401);
    }

    /** The routes that are not public and answered a request without credentials with a status not refusing it. */
    public static List<String> openWithoutCredentials(
            URI base, List<Route> routes, Predicate<Route> isPublic, IntPredicate refusal) {
        List<String> open = new ArrayList<>();
        for (Route route : routes) {
            if (isPublic.test(route)) {
                continue;
            }
            int status = send(base, route, null);
            if (!refusal.test(status)) {
                open.add(route + " -> " + status);
            }
        }
        return open;
    }

    /** The GET routes without path variables that answer 5xx to the user. */
    public static List<String> failingFor(URI base, List<Route> routes, String user, String password) {
        List<String> failing = new ArrayList<>();
        for (Route route : routes) {
            if (!route.method().equals("GET") || route.hasVariables()) {
                continue;
            }
            int status = send(base, route, basic(user, password));
            if (status >= 500) {
                failing.add(route + " -> " + status);
            }
        }
        return failing;
    }

    /** The status of a request to the route. */
    public static int send(URI base, Route route, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(route.path()))
                .timeout(Duration.ofSeconds(30))
                .method(route.method(), HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(route + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(route + " interrupted", e);
        }
    }
}
