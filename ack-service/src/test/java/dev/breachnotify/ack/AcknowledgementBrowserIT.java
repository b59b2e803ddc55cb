package dev.breachnotify.ack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breachnotify.events.AckCode;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PracticeRegistered;
import dev.breachnotify.events.PreferredChannel;
import dev.breachnotify.testsupport.AxeCheck;
import dev.breachnotify.testsupport.HeadlessChromium;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.imageio.ImageIO;
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
 * A practice's view in a real browser: Debian's headless Chromium, driven by chromedriver. Skipped, naming the
 * packages, where they are not installed ({@code .ci/run} installs them).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AcknowledgementBrowserIT implements TestPropertyProvider {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    EmbeddedServer server;

    private final String run = Long.toString(System.nanoTime(), 36);
    private KafkaProducer<String, byte[]> producer;
    private HeadlessChromium chromium;
    private ChromeDriver browser;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = AckTestSupport.infrastructureProperties();
        return properties;
    }

    @BeforeAll
    void startBrowser() throws Exception {
        HeadlessChromium.assumeInstalled(AcknowledgementBrowserIT.class);
        producer = AckTestSupport.producer();

        chromium = HeadlessChromium.start(
                Path.of("target", "ack-browser").toAbsolutePath(), "1280,1600", null, null, PATIENCE);
        browser = chromium.driver();
    }

    @AfterAll
    void stopBrowser() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void aPracticeOpensItsLinkConfirmsAndSeesTheThankYou() throws Exception {
        // Given a practice's personal link
        String advisory = "ADV-B-" + run;
        String practiceId = "P-B-" + run;
        AckCode code = AckCode.fromBytes(AckTestSupport.randomBytes(10));
        AckTestSupport.publish(
                producer,
                new AdvisoryPublished(
                        advisory,
                        "Kennwortwechsel",
                        Map.of(
                                "de",
                                new LocalizedText("Bitte Kennwörter ändern", "{{salutation}} bitte ändern."),
                                "en",
                                new LocalizedText("Please change passwords", "Dear practice, please change.")),
                        List.of(new Credential(
                                "ti-konnektor",
                                Map.of("de", "TI-Konnektor (Admin-PIN)", "en", "TI connector (admin PIN)"))),
                        LocalDate.of(2026, 12, 31),
                        AdvisoryPublished.Audience.ALL,
                        List.of(Channel.EMAIL),
                        "comms",
                        Instant.now(),
                        null));
        AckTestSupport.publish(
                producer,
                new PracticeRegistered(new Practice(
                        practiceId,
                        "Praxis Browser",
                        "Dr. Test",
                        List.of("praxis@example.org"),
                        null,
                        "de",
                        "arzt",
                        PreferredChannel.EMAIL)));
        AckTestSupport.publish(
                producer,
                new NotificationRequested(
                        UUID.randomUUID(),
                        advisory,
                        practiceId,
                        Channel.EMAIL,
                        "initial",
                        "de",
                        List.of("praxis@example.org"),
                        code.hash(),
                        Instant.now().plus(Duration.ofDays(30))));
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> AckTestSupport.projected(code, advisory, true));

        // When it opens the link, the form renders with its labels
        browser.get("http://127.0.0.1:" + server.getPort() + "/a/" + code.formatted());
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("acknowledged")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Bitte Kennwörter ändern");
        // greeted as mail and letter greet: the contact person from the directory
        assertThat(browser.findElement(By.cssSelector(".body")).getText())
                .isEqualTo("Guten Tag Dr. Test, bitte ändern.");
        assertThat(browser.findElement(By.cssSelector("label[for='acknowledged']"))
                        .getText())
                .isNotBlank();
        assertThat(browser.findElement(By.cssSelector("label[for='name']")).getText())
                .isNotBlank();
        assertThat(browser.findElements(By.tagName("legend")))
                .extracting(WebElement::getText)
                .contains("TI-Konnektor (Admin-PIN)");
        assertThat(browser.findElement(By.id("ack-status")).getText()).containsIgnoringCase("noch nicht");

        // ... and is really drawn: a screenshot with more than a blank page in it
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Path screenshot = Path.of("target", "browser", "acknowledgement-form.png");
        Files.createDirectories(screenshot.getParent());
        Files.write(screenshot, png);
        assertThat(distinctColours(png)).as("colours in %s", screenshot).isGreaterThan(8);
        AxeCheck.assertAccessible(browser::executeAsyncScript, "the form (de)");

        // When it ticks the acknowledgement, answers the credential, names itself and submits
        browser.findElement(By.id("acknowledged")).click();
        browser.findElement(By.cssSelector("input[type='radio'][value='CHANGED_BY_PROVIDER']"))
                .click();
        browser.findElement(By.id("name")).sendKeys("Dr. Browser");
        browser.findElement(By.cssSelector("button[type='submit']")).click();

        // Then it sees the thank-you state with what it confirmed
        try {
            wait.until(ExpectedConditions.urlContains("saved=1"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(
                    "no thank-you page; the browser shows: "
                            + browser.findElement(By.tagName("body")).getText(),
                    e);
        }
        WebElement notice = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice")));
        assertThat(notice.getText()).contains("Vielen Dank");
        assertThat(browser.findElement(By.id("ack-status")).getText()).contains("Dr. Browser");
        Files.write(
                Path.of("target", "browser", "acknowledgement-thanks.png"), browser.getScreenshotAs(OutputType.BYTES));
        AxeCheck.assertAccessible(browser::executeAsyncScript, "the thank-you page (de)");

        // The same pages in English, a rejected form, the code entry page, and its problems: all accessible
        String base = "http://127.0.0.1:" + server.getPort();
        browser.get(base + "/a/" + code.formatted() + "?lang=en");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("acknowledged")));
        AxeCheck.assertAccessible(browser::executeAsyncScript, "the form (en)");
        browser.findElement(By.id("name")).clear();
        browser.executeScript("document.getElementById('name').removeAttribute('required')");
        browser.findElement(By.cssSelector("button[type='submit']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".problems")));
        AxeCheck.assertAccessible(browser::executeAsyncScript, "the form with problems (en)");
        browser.get(base + "/a/" + code.formatted() + "?lang=en&saved=1");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice")));
        AxeCheck.assertAccessible(browser::executeAsyncScript, "the thank-you page (en)");
        for (String language : List.of("de", "en")) {
            browser.get(base + "/?lang=" + language);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("code")));
            AxeCheck.assertAccessible(browser::executeAsyncScript, "the code entry page (" + language + ")");
            browser.get(base + "/enter?lang=" + language + "&code=ABC");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("code-problem")));
            AxeCheck.assertAccessible(browser::executeAsyncScript, "a mistyped code (" + language + ")");
            browser.get(base + "/a/"
                    + AckCode.fromBytes(AckTestSupport.randomBytes(10)).formatted() + "?lang=" + language);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1")));
            AxeCheck.assertAccessible(browser::executeAsyncScript, "an unknown code (" + language + ")");
        }
        // ... and the check does find what it looks for: a page without language, title and image text
        browser.get("data:text/html,<html><body><img src='x.png'></body></html>");
        assertThat(AxeCheck.violations(browser::executeAsyncScript))
                .anySatisfy(v -> assertThat(v).startsWith("image-alt"))
                .anySatisfy(v -> assertThat(v).startsWith("html-has-lang"));
    }

    private static int distinctColours(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isGreaterThan(100);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
