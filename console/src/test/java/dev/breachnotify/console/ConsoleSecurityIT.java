package dev.breachnotify.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.breachnotify.embedded.EmbeddedIdentityProvider;
import dev.breachnotify.embedded.FreePorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The console's security properties over HTTP: operators sign in at a real OpenID Connect provider (in this JVM)
 * by the authorization-code flow with PKCE; a stand-in for the services accepts the access token of {@code comms}
 * on notifier-service's API and of {@code dpo} on audit-service's. Covered: the session cookie's flags, calls
 * that carry the operator's access token, form tokens, pages by role, refusal of a person with no role, sign-out,
 * and sessions that survive a restart and work on a second console instance (same secret) but not on one with
 * another secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSecurityIT {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern SUBJECT = Pattern.compile("\"sub\"\\s*:\\s*\"([^\"]+)\"");
    private static final String SECRET = "console-session-secret-for-tests-0123456789abcdef";

    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> drafts = new CopyOnWriteArrayList<>();
    /** Subjects whose tokens the stand-in services no longer accept (expired, or removed at the provider). */
    private final List<String> revoked = new CopyOnWriteArrayList<>();

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<AutoCloseable> consoles = new ArrayList<>();
    private EmbeddedIdentityProvider provider;
    private HttpServer services;
    private String servicesUrl;
    private String base;

    @BeforeAll
    void start() throws IOException {
        provider = EmbeddedIdentityProvider.start(0);
        services = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        services.createContext("/api/advisories", exchange -> {
            if (exchange.getRequestMethod().equals("POST")) {
                drafts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] bytes = ("{\"error\":\"the advisory is not valid\",\"problems\":[\"deadline: must be "
                                + "after today (2026-12-02)\",\"credentials[3].id: must be lower-case letters, digits and "
                                + "'-'\"]}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(422, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
                return;
            }
            answer(exchange, "comms", "[]");
        });
        services.createContext(
                "/api/partners",
                exchange -> answer(
                        exchange,
                        "comms",
                        exchange.getRequestURI().getPath().equals("/api/partners")
                                ? "{\"partners\":[{\"partner\":{\"partnerId\":\"IT-NORD\",\"name\":\"IT Nord <GmbH>\","
                                        + "\"language\":\"de\",\"contacts\":[{\"name\":\"Jan\",\"email\":\"jan@it.example\"}]},"
                                        + "\"practices\":2}],\"next\":\"IT-NORD\"}"
                                : "{\"partner\":{\"partnerId\":\"IT-NORD\",\"name\":\"IT Nord\",\"language\":\"de\","
                                        + "\"contacts\":[]},\"practiceCount\":1,\"practices\":[{\"practiceId\":\"P-1\","
                                        + "\"name\":\"Praxis Eins\",\"city\":\"Ort\",\"credentials\":[\"*\"]}],\"next\":null}"));
        services.createContext(
                "/api/practices/",
                exchange -> answer(
                        exchange,
                        "comms",
                        "{\"practice\":{\"practiceId\":\"P-1\",\"name\":\"Praxis Eins\",\"emails\":[\"a@example.org\"],"
                                + "\"address\":null,\"language\":\"de\",\"contacts\":[{\"contactId\":\"dsb\",\"name\":"
                                + "\"Dana\",\"role\":\"DATA_PROTECTION\",\"email\":null,\"preferredChannel\":\"LETTER\","
                                + "\"language\":null}],\"partners\":[{\"credentialId\":\"ti-konnektor\",\"partnerId\":"
                                + "\"IT-NORD\"}]},\"partnerNames\":{\"IT-NORD\":\"IT Nord\"}}"));
        services.createContext(
                "/api/audit/head",
                exchange -> answer(exchange, "dpo", "{\"size\":0,\"lastIndex\":null,\"lastRecordedAt\":null}"));
        services.start();
        servicesUrl = "http://127.0.0.1:" + services.getAddress().getPort();
        base = startConsole(SECRET);
    }

    private String startConsole(String secret) {
        return startConsole(secret, FreePorts.next());
    }

    private String startConsole(String secret, int port) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "micronaut.server.port",
                port,
                "breachnotify.console.notifier-url",
                servicesUrl,
                "breachnotify.console.ack-url",
                servicesUrl,
                "breachnotify.console.audit-url",
                servicesUrl,
                "breachnotify.console.session-secret",
                secret,
                "breachnotify.console.oidc.issuer",
                provider.issuer(),
                "breachnotify.console.oidc.client-id",
                EmbeddedIdentityProvider.CONSOLE_CLIENT_ID,
                "breachnotify.console.oidc.client-secret",
                "not-checked-by-the-test-provider"));
        consoles.add(ConsoleApplication.start(properties));
        return "http://localhost:" + port;
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable console : consoles) {
            console.close();
        }
        if (services != null) {
            services.stop(0);
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void aPageWithoutASessionLeadsToSignInAndEveryResponseCarriesTheSecurityHeaders() throws Exception {
        HttpResponse<String> home = get(base, "/", null);

        assertThat(home.statusCode()).isBetween(302, 303);
        assertThat(home.headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).endsWith("/login"));
        assertThat(home.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp)
                        .contains("default-src 'none'", "frame-ancestors 'none'")
                        .doesNotContain("script"));
        assertThat(home.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(home.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(get(base, "/static/console.css", null).statusCode()).isEqualTo(200);
        assertThat(get(base, "/login", null).body()).contains("href=\"/oauth/login/idp\"");
    }

    @Test
    void signInAtTheProviderUsesPkceAndGivesAnHttpOnlyCookieAndCallsCarryTheOperatorsToken() throws Exception {
        SignIn signIn = signIn(base, "comms");

        assertThat(signIn.authorizeUrl()).contains("code_challenge=", "code_challenge_method=S256", "state=", "nonce=");
        assertThat(signIn.setCookie()).containsIgnoringCase("HttpOnly").contains("SameSite=Lax", "Path=/");
        assertThat(signIn.callback().headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).endsWith("/"));
        authorizations.clear();

        assertThat(get(base, "/", signIn.cookie()).statusCode()).isEqualTo(200);
        assertThat(authorizations).isNotEmpty().allSatisfy(value -> {
            assertThat(value).startsWith("Bearer ");
            assertThat(subjectOf(value)).isEqualTo("comms");
        });
    }

    @Test
    void aPersonWhoseTokenOpensNoServiceIsNotSignedIn() throws Exception {
        SignIn signIn = signIn(base, "mallory");

        assertThat(signIn.callback().headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).endsWith("/login?failed=true"));
        assertThat(signIn.setCookie()).isNull();
        assertThat(get(base, "/login?failed=true", null).body()).contains("role=\"alert\"");
    }

    @Test
    void theNotifiersProblemsAppearByTheirFieldsAndTheFormKeepsWhatWasTyped() throws Exception {
        String cookie = signIn(base, "comms").cookie();
        HttpResponse<String> empty = get(base, "/advisories/new", cookie);
        assertThat(empty.body()).contains("name=\"cred_ti-konnektor\" checked", "value=\"ALL\" checked");

        HttpResponse<String> rejected = post(
                base,
                "/advisories",
                cookie,
                "csrf=" + token(empty.body())
                        + "&title=Vorfall+%C3%84&deadline=2026-12-01&subject_de=B&body_de=T&subject_en=S&body_en=T"
                        + "&channel_email=on&cred_practice-software=on&cred_windows-servers=on&cred_ti-konnektor=on"
                        + "&cred_custom_id=Praxis+WLAN&cred_custom_de=WLAN&cred_custom_en=Wi-Fi"
                        + "&audience=PRACTICES&audience_practices=P-00001%2C+P-00002&reminder_days=2");

        assertThat(rejected.statusCode()).isEqualTo(422);
        assertThat(drafts.get(drafts.size() - 1))
                .contains(
                        "\"id\":\"Praxis WLAN\"",
                        "\"audience\":{",
                        "\"P-00001\",\"P-00002\"",
                        "\"reminderAfterDays\":2")
                .doesNotContain("windows-workstations");
        assertThat(rejected.body())
                .contains(
                        "role=\"alert\"",
                        "<a href=\"#deadline\">deadline: must be after today (2026-12-02)</a>",
                        "<a href=\"#credentials\">credentials[3].id: must be lower-case letters",
                        "value=\"Vorfall Ä\"",
                        "value=\"Praxis WLAN\"",
                        "value=\"P-00001, P-00002\"",
                        "value=\"PRACTICES\" checked",
                        "name=\"cred_windows-servers\" checked")
                .doesNotContain("name=\"cred_windows-workstations\" checked");
    }

    @Test
    void formsWithoutTheSessionsTokenAreRefused() throws Exception {
        String cookie = signIn(base, "comms").cookie();

        HttpResponse<String> forged = post(base, "/import/confirm", cookie, "csrf=guessed");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(post(base, "/logout", cookie, "other=1").statusCode()).isEqualTo(403);
        assertThat(get(base, "/", cookie).statusCode()).as("still signed in").isEqualTo(200);
        String other = signIn(base, "comms").cookie();
        assertThat(post(
                                base,
                                "/logout",
                                cookie,
                                "csrf=" + token(get(base, "/import", other).body()))
                        .statusCode())
                .as("another session's token")
                .isEqualTo(403);
    }

    @Test
    void pagesAreOpenByRole() throws Exception {
        String dpo = signIn(base, "dpo").cookie();

        assertThat(get(base, "/import", dpo).statusCode()).isEqualTo(403);
        assertThat(get(base, "/advisories/new", dpo).statusCode()).isEqualTo(403);
        assertThat(get(base, "/", dpo).headers().firstValue("Location")).hasValue("/evidence");
        String comms = signIn(base, "comms").cookie();
        assertThat(get(base, "/evidence", comms).statusCode()).isEqualTo(403);
        assertThat(get(base, "/import", comms).statusCode()).isEqualTo(200);
    }

    @Test
    void theDirectoryPagesShowPartnersTheirPracticesAndAPracticesContactsForCommunicationsOnly() throws Exception {
        String comms = signIn(base, "comms").cookie();

        HttpResponse<String> partners = get(base, "/directory/partners", comms);
        assertThat(partners.statusCode()).isEqualTo(200);
        assertThat(partners.body())
                .contains("IT Nord &lt;GmbH&gt;", "href=\"/directory/partners/IT-NORD\"", "jan@it.example")
                .contains("href=\"/directory/partners?after=IT-NORD\"");
        assertThat(get(base, "/directory/partners/IT-NORD", comms).body())
                .contains("href=\"/directory/practice?id=P-1\"", "Praxis Eins", "alle Zugangsdaten");
        assertThat(get(base, "/directory/practice?id=P-1", comms).body())
                .contains("Dana", "Datenschutz", "Brief", "IT Nord (IT-NORD)", "ti-konnektor");
        assertThat(get(base, "/directory/practice?id=P%201", comms).statusCode())
                .isEqualTo(400);
        assertThat(get(base, "/import", comms).body()).contains("name=\"kind\" value=\"contacts\"");
        String dpo = signIn(base, "dpo").cookie();
        assertThat(get(base, "/directory/partners", dpo).statusCode()).isEqualTo(403);
    }

    @Test
    void signingOutDeletesTheCookie() throws Exception {
        String cookie = signIn(base, "comms").cookie();
        String token = token(get(base, "/import", cookie).body());

        HttpResponse<String> signedOut =
                post(base, "/logout", cookie, "csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8));

        assertThat(signedOut.statusCode()).isEqualTo(303);
        assertThat(signedOut.headers().allValues("Set-Cookie"))
                .anySatisfy(
                        value -> assertThat(value).startsWith("bn_console=;").contains("Max-Age=0"));
    }

    @Test
    void aSessionWorksOnAnotherConsoleInstanceWithTheSameSecretOnly() throws Exception {
        String cookie = signIn(base, "comms").cookie();
        String form = token(get(base, "/import", cookie).body());

        String second = startConsole(SECRET);
        HttpResponse<String> there = get(second, "/import", cookie);
        assertThat(there.statusCode()).isEqualTo(200);
        assertThat(token(there.body()))
                .as("the same form token on every instance")
                .isEqualTo(form);

        String foreign = startConsole("another-secret-of-another-console-0123456789");
        assertThat(get(foreign, "/import", cookie).statusCode()).isBetween(302, 303);
    }

    @Test
    void whenTheServicesNoLongerAcceptTheTokenTheSessionEndsAndTheOperatorSignsInAgain() throws Exception {
        String cookie = signIn(base, "comms-revoked").cookie();
        revoked.add("comms-revoked");

        HttpResponse<String> page = get(base, "/", cookie);

        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/login?expired=true");
        assertThat(page.headers().allValues("Set-Cookie"))
                .anySatisfy(
                        value -> assertThat(value).startsWith("bn_console=;").contains("Max-Age=0"));
    }

    @Test
    void aSessionSurvivesARestartOfTheConsole() throws Exception {
        int port = FreePorts.next();
        String console = startConsole(SECRET, port);
        String cookie = signIn(console, "dpo").cookie();
        AutoCloseable first = consoles.remove(consoles.size() - 1);
        first.close();

        // the same address again: the old server's socket may take a moment to be released
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> startConsole(SECRET, port) != null);

        assertThat(get(console, "/evidence", cookie).statusCode()).isEqualTo(200);
    }

    /** The whole authorization-code flow, as a browser makes it; the provider's sign-in form takes any name. */
    private SignIn signIn(String console, String user) throws Exception {
        HttpResponse<String> start = get(console, "/oauth/login/idp", null);
        assertThat(start.statusCode()).as(start.body()).isBetween(302, 303);
        String authorize = start.headers().firstValue("Location").orElseThrow();
        String flowCookies = String.join(
                "; ",
                start.headers().allValues("Set-Cookie").stream()
                        .map(value -> value.substring(0, value.indexOf(';')))
                        .toList());
        HttpResponse<String> login = http.send(
                HttpRequest.newBuilder(URI.create(authorize))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=" + user))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
        String callback = login.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> back = http.send(
                HttpRequest.newBuilder(URI.create(callback))
                        .header("Cookie", flowCookies)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String setCookie = back.headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith("bn_console="))
                .findFirst()
                .orElse(null);
        return new SignIn(authorize, back, setCookie);
    }

    private record SignIn(String authorizeUrl, HttpResponse<String> callback, String setCookie) {
        String cookie() {
            assertThat(setCookie)
                    .as(
                            "session cookie; callback answered %s %s",
                            callback.statusCode(), callback.headers().map())
                    .isNotNull();
            return setCookie.substring(0, setCookie.indexOf(';'));
        }
    }

    private static String token(String page) {
        Matcher matcher = CSRF.matcher(page);
        assertThat(matcher.find()).as(page).isTrue();
        return matcher.group(1);
    }

    private HttpResponse<String> get(String console, String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console + path))
                .GET()
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"); // as a browser asks
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String console, String path, String cookie, String form) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(console + path))
                        .header("Cookie", cookie)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * 200 with the body for the operators this API accepts, 403 for anyone else, 401 for a revoked token (the
     * services' behaviour).
     */
    private void answer(HttpExchange exchange, String acceptedSubject, String body) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(String.valueOf(authorization));
        if (revoked.contains(subjectOf(authorization))) {
            byte[] bytes = "{\"message\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
            return;
        }
        String subject = subjectOf(authorization);
        boolean accepted = subject != null && subject.startsWith(acceptedSubject); // comms, comms-revoked
        byte[] bytes = (accepted ? body : "{\"message\":\"Forbidden\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(accepted ? 200 : 403, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** The subject of a bearer token (read, not verified: the real services verify). */
    private static String subjectOf(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring(7).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        Matcher matcher = SUBJECT.matcher(payload);
        return matcher.find() ? matcher.group(1) : null;
    }
}
