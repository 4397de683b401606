package org.devzone.bulletin.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}), driven through WebDriver. A machine
 * without them fails the test with the command that installs them: browser tests are never skipped.
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of(System.getProperty("test.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("test.chromedriver", "/usr/bin/chromedriver"));

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    public static Browser start() {
        for (Path required : List.of(CHROMIUM, DRIVER)) {
            if (!Files.isExecutable(required)) {
                throw new IllegalStateException(required + " is missing: the status page is tested in a real browser."
                        + " Install it with: apt-get install -y chromium chromium-driver");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // A closed network: no background connections, no updates, no sync; a throw-away profile.
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,1600",
                "--lang=zh-CN");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver);
    }

    public void open(String url) {
        driver.get(url);
    }

    public String title() {
        return driver.getTitle();
    }

    public String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public boolean has(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    public void type(String css, String text) {
        WebElement field = driver.findElement(By.cssSelector(css));
        field.clear();
        field.sendKeys(text);
    }

    /** Picks the option with this value of a select. */
    public void select(String css, String value) {
        driver.findElement(By.cssSelector(css + " option[value='" + value + "']"))
                .click();
    }

    /** Chooses a file in a file input, as a person picking it would. */
    public void attach(String css, Path file) {
        driver.findElement(By.cssSelector(css)).sendKeys(file.toAbsolutePath().toString());
    }

    /** Ticks a checkbox (or leaves it ticked). */
    public void tick(String css) {
        WebElement box = driver.findElement(By.cssSelector(css));
        if (!box.isSelected()) {
            box.click();
        }
    }

    /** Clears a checkbox (or leaves it clear). */
    public void untick(String css) {
        WebElement box = driver.findElement(By.cssSelector(css));
        if (box.isSelected()) {
            box.click();
        }
    }

    /**
     * Sets a date field as a date picker would ({@code 2026-12-04}): typed keys depend on the browser's locale, the
     * value does not. The field is told it changed, as after a pick.
     */
    public void setDate(String css, String isoDate) {
        WebElement field = driver.findElement(By.cssSelector(css));
        driver.executeScript(
                "arguments[0].value = arguments[1];"
                        + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                        + " arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                field,
                isoDate);
    }

    /** Waits until an element's text contains this (for what the page's script updates in place). */
    public void awaitText(String css, String expected) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> text(css).contains(expected));
    }

    /** Resizes the window, as a phone's screen (375 px wide) or a desk's. */
    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** The text of a frame's document (a sandboxed mail preview, say). */
    public String frameText(String css) {
        driver.switchTo().frame(driver.findElement(By.cssSelector(css)));
        try {
            return driver.findElement(By.tagName("body")).getText();
        } finally {
            driver.switchTo().defaultContent();
        }
    }

    /** The address of the page shown. */
    public String url() {
        return driver.getCurrentUrl();
    }

    /** Clicks and waits for the page the click loads. */
    public void click(String css) {
        WebElement old = driver.findElement(By.tagName("html"));
        driver.findElement(By.cssSelector(css)).click();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> stale(old));
    }

    private static boolean stale(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        }
    }

    /** A PNG of the whole window, written where the build keeps its output (never checked in). */
    public Path screenshot(String name) {
        try {
            Path file = Path.of("target", "screenshots", name + ".png");
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
