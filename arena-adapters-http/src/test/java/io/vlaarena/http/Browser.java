package io.vlaarena.http;

import io.vlaarena.core.RgbImage;
import io.vlaarena.core.Png;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own chromedriver (no browser or driver is ever
 * downloaded: both paths are given, so Selenium Manager never runs), with a fresh profile,
 * browser console logs kept, and helpers for the page's test hooks (SPEC.md §7).
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("arena.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("arena.chromedriver", "/usr/bin/chromedriver"));
    /** Where screenshots go: test artifacts, looked at by people and copied into docs/web.md. */
    static final Path SCREENSHOTS = Path.of("target", "web-screenshots");

    /**
     * Selenium looks for a DevTools binding matching the browser's version and warns when it has
     * none; these tests use none (screenshots go through chromedriver's own CDP endpoint).
     */
    private static final java.util.logging.Logger DEVTOOLS_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

    static {
        DEVTOOLS_LOG.setLevel(Level.SEVERE);
    }

    final ChromeDriver driver;
    final WebDriverWait wait;
    private final Path profile;

    /** Skips the calling test class, in one line, when Chromium or its driver is missing. */
    static void assumeInstalled() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String line = "Browser tests skipped: Chromium not found; install it with: apt-get install -y chromium chromium-driver";
            System.err.println(line);
            Assumptions.abort(line);
        }
    }

    /** A browser that emulates a phone's screen (the window alone cannot be narrower than 500 pixels). */
    static Browser phone(int width, int height) {
        return new Browser(width, height, Map.of("deviceMetrics", Map.of("width", width, "height", height, "pixelRatio", 1.0,
                "mobile", true, "touch", true)));
    }

    Browser(int width, int height, String... extraArgs) {
        this(width, height, null, extraArgs);
    }

    private Browser(int width, int height, Map<String, Object> mobile, String... extraArgs) {
        try {
            profile = Files.createTempDirectory("arena-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--hide-scrollbars",
                "--force-device-scale-factor=1");
        options.addArguments(extraArgs);
        if (mobile != null) {
            options.setExperimentalOption("mobileEmulation", mobile);
        }
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        wait = new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(50));
    }

    void open(URI base, String path) {
        driver.get(base.resolve(path).toString());
        wait.until(d -> "true".equals(js("return document.body.dataset.ready || ''")));
    }

    WebElement hook(String testId) {
        return driver.findElement(By.cssSelector("[data-testid='" + testId + "']"));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    String attr(String testId, String name) {
        return hook(testId).getDomAttribute(name);
    }

    int frame(String testId) {
        return Integer.parseInt(attr(testId, "data-frame"));
    }

    void waitForState(String testId, String... states) {
        new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(50))
                .withMessage(() -> testId + " should reach one of " + List.of(states) + ", is " + attr(testId, "data-state"))
                .until(d -> List.of(states).contains(attr(testId, "data-state")));
    }

    /** A picture of one viewer's stage, as the person sees it (wherever it is on the page). */
    @SuppressWarnings("unchecked")
    RgbImage picture(String testId) {
        Map<String, Object> r = (Map<String, Object>) js("const r = arguments[0].querySelector('.stage')"
                + ".getBoundingClientRect(); return {x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height};",
                hook(testId));
        return Png.decode(capture(Map.of("x", r.get("x"), "y", r.get("y"), "width", r.get("w"), "height", r.get("h"),
                "scale", 1)));
    }

    private byte[] capture(Map<String, Object> clip) {
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", clip));
        return Base64.getDecoder().decode((String) shot.get("data"));
    }

    /** The whole page (beyond the window) as a PNG under target/web-screenshots. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            @SuppressWarnings("unchecked")
            Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
            double w = ((Number) size.get("width")).doubleValue(), h = ((Number) size.get("height")).doubleValue();
            js("window.scrollTo(0, 0)");
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, capture(Map.of("x", 0, "y", 0, "width", w, "height", h, "scale", 1)));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Console messages at error level since the last call. */
    List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(e.getMessage());
            }
        }
        return errors;
    }

    /** Every resource the page fetched that is not on {@code base}'s origin. */
    @SuppressWarnings("unchecked")
    List<String> foreignResources(URI base) {
        String origin = base.getScheme() + "://" + base.getAuthority();
        List<String> names = (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name)"
                + ".concat([location.href])");
        return names.stream().filter(n -> !n.startsWith(origin + "/") && !n.startsWith("data:") && !n.startsWith("blob:"))
                .toList();
    }

    static int differentPixels(RgbImage a, RgbImage b) {
        int w = Math.min(a.width(), b.width()), h = Math.min(a.height(), b.height()), n = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = a.rgb(x, y), q = b.rgb(x, y);
                int d = Math.abs((p >> 16 & 255) - (q >> 16 & 255)) + Math.abs((p >> 8 & 255) - (q >> 8 & 255))
                        + Math.abs((p & 255) - (q & 255));
                n += d > 24 ? 1 : 0;
            }
        }
        return n;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
