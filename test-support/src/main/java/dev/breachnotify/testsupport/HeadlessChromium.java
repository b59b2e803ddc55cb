package dev.breachnotify.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its ChromeDriver, as every browser test starts it: the flags this machine
 * needs (no sandbox as root, no network of its own), a fresh profile that is deleted on close, and optionally a
 * download folder and the browser's language.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;
    private final Duration patience;

    private HeadlessChromium(ChromeDriverService service, ChromeDriver driver, Path profile, Duration patience) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
        this.patience = patience;
    }

    /** Skips the calling test, saying what to install, where Chromium or its driver is missing. */
    public static void assumeInstalled(Class<?> test) {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                test.getSimpleName() + " needs " + CHROMIUM + " and " + CHROMEDRIVER + ": install the Debian "
                        + "packages with 'apt-get install -y --no-install-recommends chromium chromium-driver'");
    }

    /**
     * Starts a browser.
     *
     * @param work where its profile is made
     * @param windowSize e.g. {@code 1280,1000}
     * @param language the browser's language (e.g. {@code de-DE}), or null for the default
     * @param downloads where downloads go without asking, or null
     * @param pageLoad how long a page may take to load
     */
    public static HeadlessChromium start(
            Path work, String windowSize, String language, Path downloads, Duration pageLoad) {
        try {
            Path profile = Files.createTempDirectory(Files.createDirectories(work), "profile-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            List<String> arguments = new ArrayList<>(List.of(
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--window-size=" + windowSize,
                    "--user-data-dir=" + profile));
            Map<String, Object> preferences = new HashMap<>();
            if (language != null) {
                arguments.add("--lang=" + language);
                preferences.put("intl.accept_languages", language + "," + language.substring(0, 2));
            }
            if (downloads != null) {
                preferences.put("download.default_directory", downloads.toString());
                preferences.put("download.prompt_for_download", false);
                preferences.put("plugins.always_open_pdf_externally", true);
            }
            options.addArguments(arguments);
            if (!preferences.isEmpty()) {
                options.setExperimentalOption("prefs", preferences);
            }
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(pageLoad);
            return new HeadlessChromium(service, driver, profile, pageLoad);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /**
     * Clicks what leads to another page, and waits (as long as a page may take to load) until the browser has
     * loaded a new document. The old document is marked before the click; a new one has a fresh window object
     * without the mark. Asking while the browser is between documents can fail in ways ChromeDriver does not report
     * as a stale element ("Node with given id does not belong to the document"), so such failures only mean "ask
     * again".
     */
    public void clickAndWait(By what) {
        driver.executeScript("window.bnLeaving = true");
        driver.findElement(what).click();
        new WebDriverWait(driver, patience)
                .ignoring(WebDriverException.class)
                .until(browser -> Boolean.TRUE.equals(driver.executeScript(
                        "return window.bnLeaving !== true && document.readyState === 'complete'")));
    }

    /**
     * From the console's sign-in page, signs in at the embedded OpenID Connect provider, whose sign-in page asks
     * for a name only.
     */
    public void signInAtEmbeddedProvider(String user) {
        clickAndWait(By.id("sign-in"));
        driver.findElement(By.name("username")).sendKeys(user);
        clickAndWait(By.cssSelector("input[type='submit']"));
    }

    @Override
    public void close() {
        driver.quit();
        service.stop();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
