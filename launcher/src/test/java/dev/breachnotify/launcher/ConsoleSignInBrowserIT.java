package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.cli.BreachCtl;
import dev.breachnotify.embedded.EmbeddedIdentityProvider;
import dev.breachnotify.testsupport.HeadlessChromium;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import picocli.CommandLine;

/**
 * Sign-in in the embedded default, in Chromium: the console sends the browser to the embedded OpenID Connect
 * provider (authorization code with PKCE) and back; a name the embedded default does not map gets no role and
 * stays signed out; the DPO lands on the evidence page. The same provider's access tokens open the services'
 * APIs by the same mapping, and HTTP Basic still works for machine accounts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSignInBrowserIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private EmbeddedPipeline pipeline;
    private HeadlessChromium chromium;
    private ChromeDriver browser;

    @BeforeAll
    void start() throws Exception {
        HeadlessChromium.assumeInstalled(ConsoleSignInBrowserIT.class);
        Path work =
                Files.createDirectories(Path.of("target", "console-sign-in")).toAbsolutePath();
        pipeline = EmbeddedPipeline.start(
                new PipelineSettings(Files.createTempDirectory(work, "run-"), 0, 0, 0, 0, 0, 0, 0));
        chromium = HeadlessChromium.start(work, "1280,1000", "en-GB", null, PATIENCE);
        browser = chromium.driver();
    }

    @AfterAll
    void stop() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void anUnmappedNameIsRefusedAndTheDpoSignsInAtTheProvider() {
        String console = pipeline.consoleUrl();
        browser.get(console + "/evidence");
        assertThat(browser.getCurrentUrl()).contains("/login");

        chromium.signInAtEmbeddedProvider("guest");
        assertThat(browser.getCurrentUrl()).contains("/login?failed=true");
        assertThat(browser.findElement(By.cssSelector("[role='alert']")).getText())
                .isNotBlank();
        assertThat(browser.manage().getCookieNamed("bn_console")).isNull();

        chromium.signInAtEmbeddedProvider("dpo");
        assertThat(browser.getCurrentUrl()).endsWith("/evidence");
        assertThat(browser.getPageSource()).contains("dpo");
        assertThat(browser.manage().getCookieNamed("bn_console").isHttpOnly()).isTrue();
        browser.get(console + "/import");
        assertThat(browser.getPageSource()).contains("403");
    }

    @Test
    void theServicesTakeTheProvidersTokensByTheSameMappingAndBasicForMachineAccounts() throws Exception {
        EmbeddedIdentityProvider provider = pipeline.identityProvider();
        String head = pipeline.auditUrl() + "/api/audit/head";

        assertThat(status(
                        head,
                        "Bearer "
                                + provider.accessToken(
                                        "dpo", Map.of(), EmbeddedIdentityProvider.AUDIENCE, Duration.ofMinutes(5))))
                .isEqualTo(200);
        assertThat(status(
                        head,
                        "Bearer "
                                + provider.accessToken(
                                        "guest",
                                        Map.of("groups", "DPO"),
                                        EmbeddedIdentityProvider.AUDIENCE,
                                        Duration.ofMinutes(5))))
                .as("unmapped name")
                .isEqualTo(403);
        assertThat(status(
                        head,
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(
                                                ("dpo:" + pipeline.password("dpo")).getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(200);
    }

    @Test
    void breachctlWorksWithTheProvidersTokenOfAMappedPersonOnly() {
        EmbeddedIdentityProvider provider = pipeline.identityProvider();
        String comms =
                provider.accessToken("comms", Map.of(), EmbeddedIdentityProvider.AUDIENCE, Duration.ofMinutes(5));
        String guest =
                provider.accessToken("guest", Map.of(), EmbeddedIdentityProvider.AUDIENCE, Duration.ofMinutes(5));

        assertThat(breachctl("dlq", "list", "--notifier-url", pipeline.notifierUrl(), "--token", comms))
                .isZero();
        assertThat(breachctl("dlq", "list", "--notifier-url", pipeline.notifierUrl(), "--token", guest))
                .as("exit code for credentials or role")
                .isEqualTo(5);
    }

    private static int breachctl(String... args) {
        CommandLine commandLine = BreachCtl.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter()));
        return commandLine.execute(args);
    }

    private static int status(String url, String authorization) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Authorization", authorization)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
