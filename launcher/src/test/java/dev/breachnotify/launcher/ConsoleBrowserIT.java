package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.testsupport.AxeCheck;
import dev.breachnotify.testsupport.HeadlessChromium;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web console in a real browser (Debian's headless Chromium, driven by chromedriver) against the whole embedded
 * pipeline: the communications user signs in, imports a directory with one bad row (the report names the line),
 * confirms, writes an advisory (one default credential unticked, two of the three practices, a custom credential
 * whose id the notifier first rejects by field), previews it in both languages, publishes it through the
 * confirmation step that states the practices per channel, watches the progress count reach the total as the mails
 * are captured, and downloads the outstanding practices, then withdraws the advisory (the practice's link shows the
 * reason); the DPO signs in and downloads the CSV and JSON Lines export. Screenshots go to {@code
 * target/console-screenshots} (the README's are copied from there). Skipped, naming the packages, where Chromium is
 * not installed ({@code .ci/run} installs it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserIT {

    private static final Path ROOT =
            Path.of(System.getProperty("breachnotify.repo-root", "..")).toAbsolutePath();
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Pattern LINK = Pattern.compile("(http://localhost:\\d+/a/[0-9A-Z-]{21})");

    private final Path screenshots = Path.of("target", "console-screenshots").toAbsolutePath();
    private EmbeddedPipeline pipeline;
    private HeadlessChromium chromium;
    private ChromeDriver browser;
    private Path downloads;

    @BeforeAll
    void start() throws Exception {
        HeadlessChromium.assumeInstalled(ConsoleBrowserIT.class);
        Path work = Files.createDirectories(Path.of("target", "console-e2e")).toAbsolutePath();
        pipeline = EmbeddedPipeline.start(
                new PipelineSettings(Files.createTempDirectory(work, "run-"), 0, 0, 0, 0, 0, 0, 0));
        Files.createDirectories(screenshots);
        downloads = Files.createTempDirectory(work, "downloads-");
        chromium = HeadlessChromium.start(work, "1280,1000", "de-DE", downloads, PATIENCE);
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
    void communicationsImportPublishAndWatchThenTheDpoDownloadsTheEvidence() throws Exception {
        String console = pipeline.consoleUrl();

        // Sign in as communications: a page of the console without a session leads to the sign-in form
        browser.get(console + "/import");
        assertThat(browser.getCurrentUrl()).contains("/login");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Anmelden");
        screenshot("01-sign-in");
        chromium.signInAtEmbeddedProvider("comms");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Hinweise");
        assertThat(browser.findElements(By.linkText("Nachweise")))
                .as("no DPO pages for comms")
                .isEmpty();

        // The language switch, and back
        chromium.clickAndWait(By.linkText("English"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Advisories");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");

        // Import a directory with one bad row: the check report names its line, nothing is written yet
        browser.get(console + "/import");
        browser.findElement(By.id("file"))
                .sendKeys(ROOT.resolve("samples/practices-with-errors.csv").toString());
        chromium.clickAndWait(By.id("check"));
        assertThat(browser.findElement(By.id("rejected")).getText()).isEqualTo("1");
        String problems = browser.findElement(By.id("problems")).getText();
        assertThat(problems).contains("5", "P-90001", "emails", "kein-at-zeichen.example.org");
        screenshot("02-import-report");
        chromium.clickAndWait(By.id("confirm-import"));
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText())
                .contains("imported");
        assertThat(browser.findElement(By.id("import-counts")).getText()).contains("New practices\n3");

        // Write the advisory in both languages
        browser.get(console + "/advisories/new");
        String sample = Files.readString(ROOT.resolve("samples/advisory.json"), StandardCharsets.UTF_8);
        browser.findElement(By.id("title")).sendKeys("Sicherheitsvorfall: Passwörter ändern");
        browser.executeScript(
                "arguments[0].value = arguments[1]",
                browser.findElement(By.id("deadline")),
                LocalDate.now().plusDays(21).toString());
        browser.findElement(By.id("subject_de"))
                .sendKeys("Wichtig: Bitte ändern Sie Ihre Passwörter bis zum {{deadline}}");
        browser.findElement(By.id("body_de"))
                .sendKeys("Sehr geehrte/r {{practice.contact}},\n\nbitte ändern Sie "
                        + "bis zum {{deadline}} die folgenden Zugangsdaten:\n{{credentials}}");
        browser.findElement(By.id("subject_en")).sendKeys("Important: please change your passwords by {{deadline}}");
        browser.findElement(By.id("body_en"))
                .sendKeys("Dear {{practice.contact}},\n\nplease change the following "
                        + "credentials by {{deadline}}:\n{{credentials}}");
        assertThat(sample).contains("{{credentials}}");
        // Not the servers' logins this time, and only two of the three practices
        assertThat(browser.findElement(By.id("cred_windows-servers")).isSelected())
                .isTrue();
        browser.findElement(By.id("cred_windows-servers")).click();
        browser.findElement(By.id("audience_by_practice")).click();
        browser.findElement(By.id("audience_practices")).sendKeys("P-00001, P-00003");
        browser.findElement(By.id("reminder_days")).sendKeys("2");
        browser.findElement(By.id("cred_custom_id")).sendKeys("Praxis WLAN");
        browser.findElement(By.id("cred_custom_de")).sendKeys("WLAN-Schlüssel der Praxis");
        browser.findElement(By.id("cred_custom_en")).sendKeys("Practice Wi-Fi key");
        chromium.clickAndWait(By.id("create-advisory"));
        // The notifier's problem is named by its field, and the form keeps what was typed
        assertThat(browser.findElement(By.id("form-problems")).getText()).contains("credentials[3].id");
        assertThat(browser.findElement(By.id("title")).getAttribute("value"))
                .isEqualTo("Sicherheitsvorfall: Passwörter ändern");
        assertThat(browser.findElement(By.id("cred_windows-servers")).isSelected())
                .isFalse();
        assertThat(browser.findElement(By.id("audience_practices")).getAttribute("value"))
                .isEqualTo("P-00001, P-00003");
        browser.findElement(By.id("cred_custom_id")).clear();
        browser.findElement(By.id("cred_custom_id")).sendKeys("praxis-wlan");
        screenshot("03-new-advisory");
        chromium.clickAndWait(By.id("create-advisory"));
        String advisoryId = browser.findElement(By.id("advisory-id")).getText();
        assertThat(advisoryId).startsWith("ADV-");
        assertThat(browser.findElement(By.id("audience")).getText()).contains("P-00001, P-00003");
        assertThat(browser.findElement(By.id("advisory-credentials")).getText())
                .contains("Windows logins of workstations", "Practice Wi-Fi key")
                .doesNotContain("servers");
        assertThat(browser.findElement(By.id("schedule")).getText()).contains("2", "7");

        // Preview the mail of one practice in German and English
        browser.findElement(By.id("practice")).sendKeys("P-00001");
        chromium.clickAndWait(By.id("show-preview"));
        String previews = browser.findElement(By.className("previews")).getText();
        assertThat(previews)
                .contains(
                        "Wichtig: Bitte ändern Sie Ihre Passwörter",
                        "Important: please change",
                        "Dr. Hannah Werner",
                        "XXXX-XXXX-XXXX-XXXX-X");
        screenshot("04-preview");
        browser.findElement(By.id("letter-en")).click();
        assertThat(awaitDownload(".pdf")).startsWith("%PDF-");

        // Publish: the confirmation states how many practices on which channel
        chromium.clickAndWait(By.id("to-publish"));
        assertThat(browser.findElement(By.id("practices-total")).getText()).isEqualTo("2");
        assertThat(browser.findElement(By.id("forecast-email")).getText()).isEqualTo("2");
        assertThat(browser.findElement(By.id("forecast-letter")).getText()).isEqualTo("0");
        screenshot("05-publish-confirmation");
        chromium.clickAndWait(By.id("confirm-publish"));

        // The progress page, updating itself on request, until every practice's mail was accepted
        assertThat(browser.getCurrentUrl()).endsWith("/advisories/" + advisoryId + "/progress");
        browser.get(browser.getCurrentUrl() + "?live=true");
        Awaitility.await()
                .atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> browser.findElement(By.id("emailed")).getText().equals("2")
                        && browser.findElement(By.id("targeted")).getText().equals("2"));
        List<MimeMessage> mails = pipeline.mail().awaitMessages(2, Duration.ofSeconds(10));
        assertThat(mails).hasSize(2);
        assertThat(browser.findElement(By.id("outstanding")).getText()).isEqualTo("2");

        // A practice acknowledges through its personal link; the progress page and its chart show it
        browser.get(link(mails.get(0)));
        browser.findElement(By.id("acknowledged")).click();
        browser.findElement(By.id("s0-provider")).click();
        browser.findElement(By.id("s1-na")).click();
        browser.findElement(By.id("name")).sendKeys("Dr. Test");
        chromium.clickAndWait(By.cssSelector("form button[type=submit]"));
        browser.get(console + "/advisories/" + advisoryId + "/progress?live=true");
        Awaitility.await()
                .atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() ->
                        browser.findElement(By.id("acknowledged")).getText().equals("1"));
        browser.get(console + "/advisories/" + advisoryId + "/progress"); // without live updates: no timed refresh
        assertThat(browser.findElement(By.cssSelector("svg.chart polyline"))).isNotNull();
        assertThat(browser.findElement(By.id("credentials")).getText()).contains("1");
        assertThat(browser.findElement(By.id("escalation")).getText()).contains("reminder", "letter");
        screenshot("06-progress");

        // The escalation can be paused and resumed; the dead-letter list is empty
        chromium.clickAndWait(By.id("toggle-escalation"));
        assertThat(browser.findElement(By.id("escalation-state")).getText()).startsWith("Paused");
        chromium.clickAndWait(By.id("toggle-escalation"));
        assertThat(browser.findElement(By.id("escalation-state")).getText()).startsWith("Running");
        chromium.clickAndWait(By.linkText("Dead letters"));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("No records set aside.");
        browser.get(console + "/advisories/" + advisoryId + "/progress");

        // Outstanding practices: search, and the CSV download
        browser.findElement(By.id("q")).sendKeys("werner");
        chromium.clickAndWait(By.cssSelector("form[role=search] button"));
        assertThat(browser.findElement(By.id("matches")).getText())
                .contains("P-00001")
                .doesNotContain("P-00002");
        browser.findElement(By.id("download-outstanding")).click();
        String outstanding = awaitDownload("outstanding");
        assertThat(outstanding)
                .startsWith("practice_id,practice_name")
                .contains("P-00001", "P-00003")
                .doesNotContain("P-00002");

        // Withdraw the advisory: the confirmation states the consequence; the practice's link then shows the reason
        browser.get(console + "/advisories/" + advisoryId);
        chromium.clickAndWait(By.id("to-withdraw"));
        assertThat(browser.findElement(By.id("withdraw-consequence")).getText())
                .contains("links and codes stop working", "escalation");
        browser.findElement(By.id("reason")).sendKeys("Sent by mistake, please ignore.");
        screenshot("08-withdraw-confirmation");
        chromium.clickAndWait(By.id("confirm-withdraw"));
        assertThat(browser.findElement(By.id("message")).getText()).contains("Withdrawn", advisoryId);
        String practiceLink = link(mails.get(1));
        Awaitility.await()
                .atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> {
                    browser.get(practiceLink);
                    return browser.getPageSource().contains("Sent by mistake, please ignore.");
                });
        browser.get(console + "/advisories/" + advisoryId);
        assertThat(browser.findElement(By.id("withdrawn")).getText()).contains("Sent by mistake, please ignore.");
        assertThat(browser.findElements(By.id("to-withdraw")))
                .as("no second withdrawal offered")
                .isEmpty();
        browser.get(console + "/advisories/" + advisoryId + "/progress");
        accessibleInBothLanguages(
                console,
                "/",
                "/import",
                "/advisories/new",
                "/advisories/" + advisoryId,
                "/advisories/" + advisoryId + "/progress",
                "/directory/partners",
                "/directory/practice?id=P-00001");

        // Sign out; the DPO signs in and downloads the evidence of the advisory
        chromium.clickAndWait(By.cssSelector("form[action='/logout'] button"));
        assertThat(browser.getCurrentUrl()).contains("/login");
        browser.get(console + "/evidence");
        assertThat(browser.getCurrentUrl()).as("signed out").contains("/login");
        chromium.signInAtEmbeddedProvider("dpo");
        assertThat(browser.getCurrentUrl()).endsWith("/evidence");
        assertThat(browser.findElements(By.linkText("Import directory")))
                .as("no communications pages")
                .isEmpty();
        browser.get(console + "/import");
        assertThat(browser.getPageSource()).contains("403");
        browser.get(console + "/evidence");
        browser.findElement(By.id("advisoryId")).sendKeys(advisoryId);
        String csv = "";
        for (int attempt = 0; attempt < 30 && !csv.contains("acknowledgement.recorded"); attempt++) {
            browser.findElement(By.id("export-csv")).click(); // the audit log may still be catching up
            csv = awaitDownload(".csv");
        }
        assertThat(csv).contains("advisory.published", advisoryId, "email.sent", "acknowledgement.recorded");
        browser.findElement(By.id("export-jsonl")).click();
        String jsonl = awaitDownload(".jsonl");
        assertThat(jsonl).contains("\"breachnotify.audit-export\"", advisoryId);
        browser.findElement(By.id("evidence-pdf")).click();
        assertThat(awaitDownload(".pdf")).startsWith("%PDF-");
        assertThat(browser.findElement(By.id("fingerprint")).getText()).isNotBlank();
        screenshot("07-evidence");
        accessibleInBothLanguages(console, "/evidence");
        chromium.clickAndWait(By.cssSelector("form[action='/logout'] button"));
        accessibleInBothLanguages(console, "/login");
    }

    /** Every page named passes axe-core's WCAG 2.1 A/AA rules in German and English (the language is left German). */
    private void accessibleInBothLanguages(String console, String... paths) {
        for (String language : List.of("en", "de")) {
            for (String path : paths) {
                browser.get(console + "/language?to=" + language + "&back="
                        + java.net.URLEncoder.encode(path, java.nio.charset.StandardCharsets.UTF_8));
                assertThat(browser.findElement(By.tagName("html")).getAttribute("lang"))
                        .as("%s is the console's page in %s, not an error page", path, language)
                        .isEqualTo(language);
                assertThat(browser.getTitle()).as(path).doesNotContain("Internal Server Error");
                AxeCheck.assertAccessible(browser::executeAsyncScript, path + " (" + language + ")");
            }
        }
    }

    private static String link(MimeMessage mail) throws Exception {
        String text =
                (String) ((MimeMultipart) mail.getContent()).getBodyPart(0).getContent();
        Matcher matcher = LINK.matcher(text);
        assertThat(matcher.find()).as(text).isTrue();
        return matcher.group(1);
    }

    /** The content of the first finished download whose name contains the text; the file is then removed. */
    private String awaitDownload(String nameContains) throws IOException {
        Path file = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> finished(nameContains), Optional::isPresent)
                .orElseThrow();
        String content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8); // lenient: a PDF is binary
        Files.delete(file);
        return content;
    }

    private Optional<Path> finished(String nameContains) throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.filter(file -> file.getFileName().toString().contains(nameContains))
                    .filter(file -> !file.getFileName().toString().endsWith(".crdownload"))
                    .findFirst();
        }
    }

    private void screenshot(String name) throws IOException {
        WebElement body = browser.findElement(By.tagName("body"));
        long height = Math.min(3000, Math.max(800, body.getSize().getHeight() + 40));
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, (int) height));
        browser.executeScript("window.scrollTo(0, 0)"); // a focused field lower down must not cut off the top
        AxeCheck.assertAccessible(browser::executeAsyncScript, name);
        Files.write(screenshots.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
    }
}
