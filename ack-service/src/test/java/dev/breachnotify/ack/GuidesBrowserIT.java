package dev.breachnotify.ack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breachnotify.events.AckCode;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.Guide;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PracticeRegistered;
import dev.breachnotify.events.PreferredChannel;
import dev.breachnotify.events.VendorIdentity;
import dev.breachnotify.testsupport.AxeCheck;
import dev.breachnotify.testsupport.HeadlessChromium;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The how-to guides on a practice's page (its variant, beside each credential, expandable without JavaScript) and
 * on the public incident page, in a real browser with the accessibility check; and the guides' bytes on the pages
 * hashed by an independent tool ({@code sha256sum}) against the hashes of the {@code advisory.published} event.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuidesBrowserIT implements TestPropertyProvider {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** A 1×1 PNG: the guide's picture. */
    private static final String PNG = "data:image/png;base64,"
            + "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    private static final Pattern GUIDE_BODY =
            Pattern.compile("<div class=\"guide-body\" data-sha256=\"([0-9a-f]{64})\">(.*?)</div>", Pattern.DOTALL);

    @Inject
    EmbeddedServer server;

    private final String run = Long.toString(System.nanoTime(), 36);
    private KafkaProducer<String, byte[]> producer;
    private HeadlessChromium chromium;
    private ChromeDriver browser;

    @Override
    public Map<String, String> getProperties() {
        return AckTestSupport.infrastructureProperties();
    }

    @BeforeAll
    void start() throws Exception {
        producer = AckTestSupport.producer();
    }

    @AfterAll
    void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void thePracticeSeesItsVariantBesideEachCredentialAndThePublicPageShowsEveryGuide() throws Exception {
        HeadlessChromium.assumeInstalled(GuidesBrowserIT.class);
        chromium = HeadlessChromium.start(
                Path.of("target", "guides-browser").toAbsolutePath(), "1280,1600", null, null, PATIENCE);
        browser = chromium.driver();
        AdvisoryPublished advisory = advisory("ADV-G-" + run);
        AckCode code = practiceWithLink(advisory, "P-G-" + run, "Secunet");
        String base = "http://127.0.0.1:" + server.getPort();
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);

        // When the practice opens its page
        browser.get(base + "/a/" + code.formatted());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("acknowledged")));

        // Then each credential with a guide has it, closed, beside its answers; the Konnektor's is the secunet one
        List<WebElement> guides = browser.findElements(By.cssSelector("fieldset details.guide"));
        assertThat(guides).hasSize(2);
        assertThat(guides)
                .allSatisfy(guide -> assertThat(guide.getAttribute("open")).isNull());
        WebElement konnektor = browser.findElement(By.id("guide-1"));
        assertThat(konnektor
                        .findElement(By.xpath("./ancestor::fieldset/legend"))
                        .getText())
                .isEqualTo("TI-Konnektor");
        konnektor.findElement(By.tagName("summary")).click();
        wait.until(ExpectedConditions.visibilityOf(konnektor.findElement(By.cssSelector(".guide-body"))));
        assertThat(konnektor.getText())
                .contains("So ändern Sie das", "Fassung für: secunet", "Wählen Sie Verwaltung")
                .doesNotContain("Typenschild");
        WebElement picture = konnektor.findElement(By.tagName("img"));
        assertThat(picture.getAttribute("alt")).isEqualTo("Menü Verwaltung");
        assertThat((Long) browser.executeScript("return arguments[0].naturalWidth", picture))
                .as("the embedded picture loads under the page's Content-Security-Policy")
                .isEqualTo(1L);
        browser.findElement(By.cssSelector("#guide-0 summary")).click();
        Files.createDirectories(Path.of("target", "browser"));
        Files.write(Path.of("target", "browser", "guides-open.png"), browser.getScreenshotAs(OutputType.BYTES));
        AxeCheck.assertAccessible(browser::executeAsyncScript, "the form with open guides (de)");

        // When anyone opens the incident's public page
        for (String language : List.of("de", "en")) {
            browser.get(base + "/incident/" + advisory.advisoryId() + "?lang=" + language);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("code")));
            String text = browser.findElement(By.tagName("main")).getText();
            assertThat(text)
                    .contains(
                            VendorIdentity.SAMPLE.senderAddress(),
                            VendorIdentity.SAMPLE.supportPhone(),
                            "XXXX-XXXX-XXXX-XXXX-X",
                            advisory.summary().get(language))
                    .doesNotContain("P-G-" + run, "Praxis Guides");
            assertThat(browser.findElements(By.cssSelector("details.guide"))).hasSize(3);
            AxeCheck.assertAccessible(browser::executeAsyncScript, "the incident page (" + language + ")");
        }
        Files.write(Path.of("target", "browser", "incident-page.png"), browser.getScreenshotAs(OutputType.BYTES));

        // ... its code form leads to the practice's page
        browser.findElement(By.id("code")).sendKeys(code.formatted().toLowerCase());
        browser.findElement(By.cssSelector("form button[type='submit']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("acknowledged")));
        assertThat(browser.getCurrentUrl()).contains("/a/" + code.formatted());
    }

    @Test
    void theGuidesOnThePagesHashToWhatThePublishedEventSays() throws Exception {
        AdvisoryPublished advisory = advisory("ADV-H-" + run);
        AckCode secunet = practiceWithLink(advisory, "P-H1-" + run, "secunet");
        AckCode other = practiceWithLink(advisory, "P-H2-" + run, "kocobox");
        String base = "http://127.0.0.1:" + server.getPort();

        assertThat(shownHashes(base + "/a/" + secunet.formatted()))
                .containsExactly(
                        hashOf(advisory, "practice-software", "general"), hashOf(advisory, "ti-konnektor", "secunet"));
        assertThat(shownHashes(base + "/a/" + other.formatted()))
                .as("no kocobox variant: the general guide")
                .containsExactly(
                        hashOf(advisory, "practice-software", "general"), hashOf(advisory, "ti-konnektor", "general"));
        assertThat(shownHashes(base + "/incident/" + advisory.advisoryId()))
                .containsExactly(
                        hashOf(advisory, "practice-software", "general"),
                        hashOf(advisory, "ti-konnektor", "general"),
                        hashOf(advisory, "ti-konnektor", "secunet"));
    }

    /** The hashes of the guides a page shows, each computed by sha256sum from the page's bytes. */
    private static List<String> shownHashes(String url) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        String page = new String(response.body(), StandardCharsets.UTF_8);
        Matcher matcher = GUIDE_BODY.matcher(page);
        List<String> hashes = new ArrayList<>();
        while (matcher.find()) {
            String computed = sha256sum(matcher.group(2).getBytes(StandardCharsets.UTF_8));
            assertThat(matcher.group(1)).as("the hash the page states").isEqualTo(computed);
            hashes.add(computed);
        }
        return hashes;
    }

    private static String sha256sum(byte[] bytes) throws Exception {
        Process process =
                new ProcessBuilder("sha256sum").redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(bytes);
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(process.waitFor()).isZero();
        return out.substring(0, 64);
    }

    private static String hashOf(AdvisoryPublished advisory, String credential, String variant) {
        return advisory.guides().stream()
                .filter(g -> g.credentialId().equals(credential)
                        && g.variant().equals(variant)
                        && g.language().equals("de"))
                .findFirst()
                .orElseThrow()
                .sha256();
    }

    private AckCode practiceWithLink(AdvisoryPublished advisory, String practiceId, String konnektorModel)
            throws Exception {
        AckCode code = AckCode.fromBytes(AckTestSupport.randomBytes(10));
        AckTestSupport.publish(
                producer,
                new PracticeRegistered(new Practice(
                        practiceId,
                        "Praxis Guides",
                        "Dr. Guide",
                        List.of("praxis@example.org"),
                        null,
                        "de",
                        "arzt",
                        PreferredChannel.EMAIL,
                        Map.of("konnektor_model", konnektorModel))));
        AckTestSupport.publish(
                producer,
                new NotificationRequested(
                        UUID.randomUUID(),
                        advisory.advisoryId(),
                        practiceId,
                        Channel.EMAIL,
                        "initial",
                        "de",
                        List.of("praxis@example.org"),
                        code.hash(),
                        Instant.now().plus(Duration.ofDays(30))));
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> AckTestSupport.projected(code, advisory.advisoryId(), true));
        return code;
    }

    private AdvisoryPublished advisory(String advisoryId) {
        List<Guide> guides = List.of(
                guide(
                        "practice-software",
                        null,
                        "general",
                        "de",
                        "<h2>Praxissoftware</h2>\n<ol>\n<li>Anmelden</li>\n</ol>\n"),
                guide(
                        "practice-software",
                        null,
                        "general",
                        "en",
                        "<h2>Practice software</h2>\n<ol>\n<li>Sign in</li>\n</ol>\n"),
                guide(
                        "ti-konnektor",
                        "konnektor_model",
                        "general",
                        "de",
                        "<p>Das Modell steht auf dem Typenschild.</p>\n"),
                guide("ti-konnektor", "konnektor_model", "general", "en", "<p>The model is on the type plate.</p>\n"),
                guide(
                        "ti-konnektor",
                        "konnektor_model",
                        "secunet",
                        "de",
                        "<p>Wählen Sie <em>Verwaltung</em>.</p>\n<p><img src=\"" + PNG
                                + "\" alt=\"Menü Verwaltung\" /></p>\n"),
                guide(
                        "ti-konnektor",
                        "konnektor_model",
                        "secunet",
                        "en",
                        "<p>Choose <em>Administration</em>.</p>\n<p><img src=\"" + PNG
                                + "\" alt=\"Menu Administration\" /></p>\n"));
        AdvisoryPublished advisory = new AdvisoryPublished(
                advisoryId,
                "Sicherheitsvorfall: Passwörter ändern",
                Map.of(
                        "de", new LocalizedText("Bitte Kennwörter ändern", "{{salutation}} bitte ändern."),
                        "en", new LocalizedText("Please change passwords", "Dear practice, please change.")),
                List.of(
                        new Credential("practice-software", Map.of("de", "Praxissoftware", "en", "Practice software")),
                        new Credential("ti-konnektor", Map.of("de", "TI-Konnektor", "en", "TI connector")),
                        new Credential("windows-servers", Map.of("de", "Server", "en", "Servers"))),
                LocalDate.of(2027, 1, 31),
                AdvisoryPublished.Audience.ALL,
                List.of(Channel.EMAIL, Channel.LETTER),
                "comms",
                Instant.now(),
                null,
                Map.of("de", "Unsere Systeme wurden angegriffen.", "en", "Our systems were attacked."),
                guides);
        AckTestSupport.publish(producer, advisory);
        return advisory;
    }

    private static Guide guide(String credential, String field, String variant, String language, String html) {
        return new Guide(credential, field, variant, language, "(markdown)", html, Guide.hash(html));
    }
}
