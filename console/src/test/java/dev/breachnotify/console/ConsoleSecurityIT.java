package dev.breachnotify.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's security properties over HTTP, against a stand-in for the services that accepts {@code comms}
 * on notifier-service's API and {@code dpo} on audit-service's: sessions, cookie flags, form tokens, pages by
 * role, idle expiry, headers, and that calls reach the services with the signed-in user's credentials.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSecurityIT {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> drafts = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private HttpServer services;
    private AutoCloseable console;
    private String base;

    @BeforeAll
    void start() throws IOException {
        services = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        services.createContext("/api/advisories", exchange -> {
            if (exchange.getRequestMethod().equals("POST")) {
                drafts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] bytes = ("{\"error\":\"the advisory is not valid\",\"problems\":[\"deadline: must be "
                        + "after today (2026-12-02)\",\"credentials[3].id: must be lower-case letters, digits and "
                        + "'-'\"]}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(422, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
                return;
            }
            answer(exchange, "comms", "[]");
        });
        services.createContext("/api/audit/head", exchange -> answer(exchange, "dpo",
                "{\"size\":0,\"lastIndex\":null,\"lastRecordedAt\":null}"));
        services.start();
        String servicesUrl = "http://127.0.0.1:" + services.getAddress().getPort();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        console = ConsoleApplication.start(Map.of("micronaut.server.port", port,
                "breachnotify.console.notifier-url", servicesUrl,
                "breachnotify.console.ack-url", servicesUrl,
                "breachnotify.console.audit-url", servicesUrl,
                "breachnotify.console.session-idle-timeout", "3s"));
        base = "http://localhost:" + port;
    }

    @AfterAll
    void stop() throws Exception {
        if (console != null) {
            console.close();
        }
        if (services != null) {
            services.stop(0);
        }
    }

    @Test
    void aPageWithoutASessionLeadsToSignInAndEveryResponseCarriesTheSecurityHeaders() throws Exception {
        HttpResponse<String> home = get("/", null);

        assertThat(home.statusCode()).isEqualTo(303);
        assertThat(home.headers().firstValue("Location")).hasValue("/login?expired=false");
        assertThat(home.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'", "frame-ancestors 'none'").doesNotContain("script"));
        assertThat(home.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(home.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(get("/static/console.css", null).statusCode()).isEqualTo(200);
    }

    @Test
    void signInGivesAnHttpOnlyStrictCookieWithARandomIdAndCallsCarryTheUsersCredentials() throws Exception {
        HttpResponse<String> signedIn = signIn("comms", "comms-pw");

        String setCookie = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("bn_console=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly", "SameSite=Strict", "Path=/").doesNotContain("comms");
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        authorizations.clear();

        assertThat(get("/", cookie).statusCode()).isEqualTo(200);
        assertThat(authorizations).contains(basic("comms", "comms-pw"));
    }

    @Test
    void aWrongPasswordOrAFormWithoutItsTokenDoesNotSignIn() throws Exception {
        assertThat(signIn("comms", "wrong").statusCode()).isEqualTo(401);

        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=comms&password=comms-pw")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().allValues("Set-Cookie")).noneMatch(value -> value.startsWith("bn_console="));
    }

    @Test
    void theNotifiersProblemsAppearByTheirFieldsAndTheFormKeepsWhatWasTyped() throws Exception {
        String cookie = sessionCookie(signIn("comms", "comms-pw"));
        HttpResponse<String> empty = get("/advisories/new", cookie);
        assertThat(empty.body()).contains("name=\"cred_ti-konnektor\" checked", "value=\"ALL\" checked");

        HttpResponse<String> rejected = post("/advisories", cookie, "csrf=" + token(empty.body())
                + "&title=Vorfall+%C3%84&deadline=2026-12-01&subject_de=B&body_de=T&subject_en=S&body_en=T"
                + "&channel_email=on&cred_practice-software=on&cred_windows-servers=on&cred_ti-konnektor=on"
                + "&cred_custom_id=Praxis+WLAN&cred_custom_de=WLAN&cred_custom_en=Wi-Fi"
                + "&audience=PRACTICES&audience_practices=P-00001%2C+P-00002&reminder_days=2");

        assertThat(rejected.statusCode()).isEqualTo(422);
        assertThat(drafts.get(drafts.size() - 1)).contains("\"id\":\"Praxis WLAN\"",
                "\"audience\":{", "\"P-00001\",\"P-00002\"", "\"reminderAfterDays\":2")
                .doesNotContain("windows-workstations");
        assertThat(rejected.body()).contains("role=\"alert\"",
                "<a href=\"#deadline\">deadline: must be after today (2026-12-02)</a>",
                "<a href=\"#credentials\">credentials[3].id: must be lower-case letters",
                "value=\"Vorfall Ä\"", "value=\"Praxis WLAN\"", "value=\"P-00001, P-00002\"",
                "value=\"PRACTICES\" checked", "name=\"cred_windows-servers\" checked")
                .doesNotContain("name=\"cred_windows-workstations\" checked");
    }

    @Test
    void formsWithoutTheSessionsTokenAreRefused() throws Exception {
        String cookie = sessionCookie(signIn("comms", "comms-pw"));

        HttpResponse<String> forged = post("/import/confirm", cookie, "csrf=guessed");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(post("/logout", cookie, "other=1").statusCode()).isEqualTo(403);
        assertThat(post("/logout", cookie, "").statusCode()).as("no form at all").isEqualTo(400);
        assertThat(get("/", cookie).statusCode()).as("still signed in").isEqualTo(200);
    }

    @Test
    void pagesAreOpenByRole() throws Exception {
        String dpo = sessionCookie(signIn("dpo", "dpo-pw"));

        assertThat(get("/import", dpo).statusCode()).isEqualTo(403);
        assertThat(get("/advisories/new", dpo).statusCode()).isEqualTo(403);
        assertThat(get("/", dpo).headers().firstValue("Location")).hasValue("/evidence");
        String comms = sessionCookie(signIn("comms", "comms-pw"));
        assertThat(get("/evidence", comms).statusCode()).isEqualTo(403);
        assertThat(get("/import", comms).statusCode()).isEqualTo(200);
    }

    @Test
    void signingOutAndIdlingEndTheSession() throws Exception {
        String cookie = sessionCookie(signIn("comms", "comms-pw"));
        String token = token(get("/import", cookie).body());

        HttpResponse<String> signedOut = post("/logout", cookie, "csrf=" + URLEncoder.encode(token,
                StandardCharsets.UTF_8));
        assertThat(signedOut.statusCode()).isEqualTo(303);
        assertThat(get("/", cookie).statusCode()).isEqualTo(303);

        String idle = sessionCookie(signIn("comms", "comms-pw"));
        assertThat(get("/", idle).statusCode()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ofSeconds(3))
                .until(() -> get("/", idle).statusCode() == 303);
        assertThat(get("/", idle).headers().firstValue("Location")).hasValue("/login?expired=true");
    }

    @Test
    void fiveFailedSignInsForANameBlockIt() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(signIn("victim", "guess" + i).statusCode()).isEqualTo(401);
        }
        assertThat(signIn("victim", "guess5").statusCode()).isEqualTo(429);
    }

    private HttpResponse<String> signIn(String user, String password) throws Exception {
        HttpResponse<String> form = get("/login", null);
        String signInCookie = form.headers().firstValue("Set-Cookie").orElseThrow();
        signInCookie = signInCookie.substring(0, signInCookie.indexOf(';'));
        return http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", signInCookie)
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + token(form.body()) + "&user=" + user
                        + "&password=" + password)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sessionCookie(HttpResponse<String> signedIn) {
        String setCookie = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("bn_console=")).findFirst().orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static String token(String page) {
        Matcher matcher = CSRF.matcher(page);
        assertThat(matcher.find()).as(page).isTrue();
        return matcher.group(1);
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String cookie, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** 200 with the body for the one user this API accepts, 401 for anyone else (the services' behaviour). */
    private void answer(HttpExchange exchange, String acceptedUser, String body) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(String.valueOf(authorization));
        boolean accepted = basic(acceptedUser, acceptedUser + "-pw").equals(authorization);
        byte[] bytes = (accepted ? body : "{\"message\":\"Unauthorized\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(accepted ? 200 : 401, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }
}
