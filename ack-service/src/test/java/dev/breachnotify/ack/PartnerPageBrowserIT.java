package dev.breachnotify.ack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An IT service partner's page in headless Chromium: it searches its practices, ticks two, confirms one credential
 * for both and sees the result; axe finds no violations in either language. Skipped, naming the packages, where
 * Chromium is not installed.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartnerPageBrowserIT implements TestPropertyProvider {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    EmbeddedServer server;

    private final String run = Long.toString(System.nanoTime(), 36);
    private KafkaProducer<String, byte[]> producer;
    private HeadlessChromium chromium;
    private ChromeDriver browser;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = AckTestSupport.infrastructureProperties();
        properties.put("breachnotify.ack.failed-lookups-per-network", "1000000");
        properties.put("breachnotify.ack.failed-lookups-global", "1000000");
        return properties;
    }

    @BeforeAll
    void startBrowser() throws Exception {
        HeadlessChromium.assumeInstalled(PartnerPageBrowserIT.class);
        producer = AckTestSupport.producer();
        chromium = HeadlessChromium.start(
                Path.of("target", "partner-browser").toAbsolutePath(), "1280,1600", null, null, PATIENCE);
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
    void aPartnerSearchesSelectsTwoPracticesConfirmsAndSeesTheResult() throws Exception {
        // Given a partner's link to its 60 practices
        List<String> practices = PartnerSeed.practices(producer, "PB" + run, 60);
        PartnerSeed.Seeded seeded = PartnerSeed.advisoryForPartner(producer, run, practices, "de");
        String base = "http://127.0.0.1:" + server.getPort();
        String path = "/p/" + seeded.code().formatted();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> listed(base + path));

        // When it opens the link
        browser.get(base + path);
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("q")));
        assertThat(browser.findElement(By.id("partner-name")).getText()).isEqualTo("Systemhaus <Nord> GmbH");
        assertThat(browser.findElement(By.id("counts")).getText()).isEqualTo("Praxen 1–50 von 60");
        AxeCheck.assertAccessible(browser::executeAsyncScript, "the partner page (de)");

        // ... searches for the practices 0011 to 0019 by name
        browser.findElement(By.id("q")).sendKeys("praxis pb" + run + " 001");
        browser.findElement(By.id("search")).click();
        wait.until(ExpectedConditions.textToBe(By.id("counts"), "Praxen 1–10 von 10 gefundenen (60 insgesamt)"));

        // ... ticks two, chooses one credential and a date, names itself and records
        String first = practices.get(11);
        String second = practices.get(12);
        browser.findElement(By.id("sel-" + first)).click();
        browser.findElement(By.cssSelector("label[for='sel-" + second + "']")).click();
        new Select(browser.findElement(By.id("credential"))).selectByValue("ti-konnektor");
        LocalDate changedOn = LocalDate.now(ZoneId.of("Europe/Berlin")).minusDays(3);
        // a date input takes the digits in the browser's locale order; set its value as the form would send it
        browser.executeScript("document.getElementById('changedOn').value = arguments[0]", changedOn.toString());
        browser.findElement(By.id("name")).sendKeys("Max Admin");
        browser.findElement(By.id("submit-selected")).click();

        // Then it is back on its search with the summary, and both rows show the partner's answer
        wait.until(ExpectedConditions.urlContains("saved=2"));
        WebElement notice = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        assertThat(notice.getText()).isEqualTo("2 Angaben erfasst.");
        assertThat(browser.findElement(By.id("counts")).getText()).contains("10 gefundenen");
        String expected = "TI-Konnektor (Admin-PIN): geändert am "
                + DateTimeFormatter.ofPattern("dd.MM.yyyy").format(changedOn) + " (Sie: Max Admin)";
        assertThat(browser.findElement(By.id("row-" + first)).getText()).contains(expected);
        assertThat(browser.findElement(By.id("row-" + second)).getText()).contains(expected);
        assertThat(browser.findElement(By.id("row-" + practices.get(13))).getText())
                .contains("TI-Konnektor (Admin-PIN): noch nicht beantwortet");
        Path screenshot = Path.of("target", "browser", "partner-page.png");
        Files.createDirectories(screenshot.getParent());
        Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
        AxeCheck.assertAccessible(browser::executeAsyncScript, "the partner page after saving (de)");

        // The English page, a refused form with its problems, and the second page: all accessible
        browser.get(base + path + "?lang=en&page=2");
        wait.until(ExpectedConditions.textToBe(By.id("counts"), "Practices 51–60 of 60"));
        AxeCheck.assertAccessible(browser::executeAsyncScript, "the partner page, page 2 (en)");
        browser.findElement(By.id("submit-selected")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("problems")));
        assertThat(browser.findElement(By.id("problems")).getText())
                .contains("Please enter your name.")
                .contains("Please select at least one practice.");
        AxeCheck.assertAccessible(browser::executeAsyncScript, "the partner page with problems (en)");
    }

    private static boolean listed(String url) {
        try {
            HttpResponse<String> page = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url)).build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return page.statusCode() == 200
                    && page.body().contains("von 60<")
                    && !page.body().contains("<span class=\"name\"></span>");
        } catch (Exception e) {
            return false;
        }
    }
}
