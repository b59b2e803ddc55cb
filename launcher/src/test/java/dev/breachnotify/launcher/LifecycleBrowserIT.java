package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.breachnotify.testsupport.HeadlessChromium;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The advisory's lifecycle in the web console, in a real browser against the whole embedded pipeline: a published
 * advisory shows as running everywhere; <em>Fire now</em> first shows how many practices the step reaches and by
 * which channel, and firing reaches exactly that many; once a print batch of its letters is at the printer, the
 * advisory is withdrawn: the answer and the advisory's page name that batch, and the list, the advisory page and
 * the progress page say "Withdrawn", with the withdrawal's time, author and reason on top and no <em>Fire now</em>
 * or <em>Pause</em> left. Then the DPO's evidence page shows the audit log's real size, as
 * {@code GET /api/audit/head} reports it. Skipped where Chromium is not installed ({@code .ci/run} installs it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleBrowserIT {

    private static final Path ROOT =
            Path.of(System.getProperty("breachnotify.repo-root", "..")).toAbsolutePath();
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Path screenshots = Path.of("target", "console-screenshots").toAbsolutePath();
    private EmbeddedPipeline pipeline;
    private HeadlessChromium chromium;
    private ChromeDriver browser;

    @BeforeAll
    void start() throws Exception {
        HeadlessChromium.assumeInstalled(LifecycleBrowserIT.class);
        Path work = Files.createDirectories(Path.of("target", "lifecycle-e2e")).toAbsolutePath();
        pipeline = EmbeddedPipeline.start(
                new PipelineSettings(Files.createTempDirectory(work, "run-"), 0, 0, 0, 0, 0, 0, 0));
        Files.createDirectories(screenshots);
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
    void fireNowIsConfirmedAndAWithdrawnAdvisoryIsWithdrawnOnEveryPage() throws Exception {
        // Given the sample directory and a published advisory (email and letter)
        String advisoryId = publishSample();
        String console = pipeline.consoleUrl();
        browser.get(console + "/login");
        chromium.signInAtEmbeddedProvider("comms");
        browser.get(console + "/");
        assertThat(stateInList(advisoryId)).isEqualTo("Published, running");

        // When the communications team asks to fire the letter step now, the confirmation says whom it reaches
        browser.get(console + "/advisories/" + advisoryId + "/progress");
        assertThat(state()).isEqualTo("Published, running");
        assertThat(browser.findElement(By.id("escalation-state")).getText()).startsWith("Running");
        chromium.clickAndWait(By.id("fire-letter"));
        assertThat(browser.findElement(By.id("fire-channel")).getText()).isEqualTo("practices by letter");
        long letters =
                Long.parseLong(browser.findElement(By.id("fire-practices")).getText());
        assertThat(letters)
                .isEqualTo(forecast(advisoryId, "letter").path("practices").asLong())
                .isPositive();
        screenshot("09-fire-now-confirmation");
        // ... and nothing fires until it is confirmed: cancelled here
        chromium.clickAndWait(By.linkText("Cancel"));
        assertThat(stepSent(advisoryId, "letter")).isZero();
        assertThat(browser.findElements(By.id("fire-letter"))).isNotEmpty();

        // The reminder, confirmed, reaches as many practices by email as its confirmation said
        chromium.clickAndWait(By.id("fire-reminder"));
        assertThat(browser.findElement(By.id("fire-channel")).getText()).isEqualTo("practices by email (reminder)");
        long reminders =
                Long.parseLong(browser.findElement(By.id("fire-practices")).getText());
        assertThat(reminders).isPositive();
        chromium.clickAndWait(By.id("confirm-fire"));
        assertThat(browser.getCurrentUrl()).endsWith("/advisories/" + advisoryId + "/progress");
        assertThat(stepSent(advisoryId, "reminder")).isEqualTo(reminders);
        assertThat(browser.findElements(By.id("fire-reminder")))
                .as("a step fires once")
                .isEmpty();

        // Once a batch of its letters is at the printer, the advisory is withdrawn
        Path print = pipeline.dataDir().resolve("print");
        String batchId = Awaitility.await("a print batch handed over")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> firstBatch(print), id -> id != null);
        browser.get(console + "/advisories/" + advisoryId);
        chromium.clickAndWait(By.id("to-withdraw"));
        browser.findElement(By.id("reason")).sendKeys("Sent to the wrong practices.");
        chromium.clickAndWait(By.id("confirm-withdraw"));

        // Then the answer names the batch that the print service should stop
        assertThat(browser.findElement(By.id("message")).getText())
                .contains("Withdrawn", advisoryId, "Handed to the printer before the withdrawal", batchId);
        // the advisory's page: withdrawn, when, by whom, why, and the batches at the printer; no second withdrawal
        browser.get(console + "/advisories/" + advisoryId);
        assertThat(state()).isEqualTo("Withdrawn");
        assertThat(browser.findElement(By.id("withdrawn")).getText())
                .matches("\\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d\\d:\\d\\d \\(by comms\\): Sent to the wrong practices\\.");
        assertThat(browser.findElement(By.id("handed-to-printer")).getText()).contains(batchId);
        assertThat(browser.findElements(By.id("to-withdraw"))).isEmpty();
        assertThat(browser.findElements(By.id("test-send"))).isEmpty();
        screenshot("10-withdrawn-advisory");
        // the progress page: withdrawn on top, no Fire now and no Pause
        browser.get(console + "/advisories/" + advisoryId + "/progress");
        assertThat(state()).isEqualTo("Withdrawn");
        assertThat(browser.findElement(By.id("withdrawn")).getText()).contains("Sent to the wrong practices.");
        assertThat(browser.findElement(By.id("escalation-state")).getText())
                .startsWith("Withdrawn: nothing of this advisory goes out any more");
        assertThat(browser.findElements(By.cssSelector("[id^=fire-]"))).isEmpty();
        assertThat(browser.findElements(By.id("toggle-escalation"))).isEmpty();
        screenshot("11-withdrawn-progress");
        // a Fire now typed in by hand is not offered either
        browser.get(console + "/advisories/" + advisoryId + "/escalation/steps/letter");
        assertThat(browser.findElement(By.id("fire-not-now")).getText()).contains("Withdrawn");
        assertThat(browser.findElements(By.id("confirm-fire"))).isEmpty();
        // the list
        browser.get(console + "/");
        assertThat(stateInList(advisoryId)).isEqualTo("Withdrawn");

        // The DPO's evidence page shows the audit log's size as audit-service reports it
        chromium.clickAndWait(By.cssSelector("form[action='/logout'] button"));
        chromium.signInAtEmbeddedProvider("dpo");
        long before = auditHead().path("size").asLong();
        browser.get(console + "/evidence");
        long shown = Long.parseLong(browser.findElement(By.id("log-size"))
                .getText()
                .replace(",", "")
                .replace(".", ""));
        long after = auditHead().path("size").asLong();
        assertThat(before).as("the audit log has the day's events").isGreaterThan(100);
        assertThat(shown).isBetween(before, after);
        assertThat(browser.findElement(By.id("last-checkpoint")).getText()).containsPattern("\\d+");
    }

    private String publishSample() throws Exception {
        String comms = auth("comms");
        HttpResponse<String> imported = send(HttpRequest.newBuilder(
                        URI.create(pipeline.notifierUrl() + "/api/practices/import?source=practices.csv"))
                .header("Authorization", comms)
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(ROOT.resolve("samples/practices.csv"))));
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        String draft = Files.readString(ROOT.resolve("samples/advisory.json"))
                .replaceAll(
                        "\"deadline\": \"[0-9-]+\"",
                        "\"deadline\": \"" + LocalDate.now().plusDays(21) + "\"");
        HttpResponse<String> created =
                send(HttpRequest.newBuilder(URI.create(pipeline.notifierUrl() + "/api/advisories"))
                        .header("Authorization", comms)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(draft)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String advisoryId = JSON.readTree(created.body()).path("advisoryId").asText();
        HttpResponse<String> published = send(HttpRequest.newBuilder(
                        URI.create(pipeline.notifierUrl() + "/api/advisories/" + advisoryId + "/publish"))
                .header("Authorization", comms)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        return advisoryId;
    }

    private JsonNode forecast(String advisoryId, String step) throws Exception {
        return get(
                pipeline.notifierUrl() + "/api/advisories/" + advisoryId + "/escalation/steps/" + step + "/forecast",
                auth("comms"));
    }

    private long stepSent(String advisoryId, String step) throws Exception {
        for (JsonNode row : get(pipeline.notifierUrl() + "/api/advisories/" + advisoryId + "/escalation", auth("comms"))
                .path("steps")) {
            if (row.path("step").asText().equals(step)) {
                return row.path("sent").asLong();
            }
        }
        throw new AssertionError("no step " + step);
    }

    private JsonNode auditHead() throws Exception {
        return get(pipeline.auditUrl() + "/api/audit/head", auth("dpo"));
    }

    private JsonNode get(String url, String authorization) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", authorization)
                .GET());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(
                request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String auth(String user) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((user + ":" + pipeline.password(user)).getBytes(StandardCharsets.UTF_8));
    }

    /** The id of a batch whose manifest is in the print folder, or null. */
    private static String firstBatch(Path print) throws IOException {
        if (!Files.isDirectory(print)) {
            return null;
        }
        try (Stream<Path> files = Files.list(print)) {
            List<String> manifests = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith("-manifest.csv") && !name.startsWith("."))
                    .sorted()
                    .toList();
            return manifests.isEmpty()
                    ? null
                    : manifests.get(0).substring(0, manifests.get(0).length() - "-manifest.csv".length());
        }
    }

    /** The page's state line as written (its style shows it in capitals). */
    private String state() {
        return browser.findElement(By.id("advisory-state"))
                .getAttribute("textContent")
                .strip();
    }

    private String stateInList(String advisoryId) {
        return browser.findElement(By.xpath("//tr[td/a[text()='" + advisoryId + "']]/td[@class='state']"))
                .getText();
    }

    private void screenshot(String name) throws IOException {
        Files.write(screenshots.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
