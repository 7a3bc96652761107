package id.dapur.edge.agent.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium from Debian, driven through Debian's chromedriver (no downloads). Fails
 * with the install command when either is missing, never skips.
 */
public final class Browser implements AutoCloseable {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";
    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Browser start(int width, int height) throws Exception {
        if (!new File(CHROMIUM).canExecute() || !new File(DRIVER).canExecute()) {
            throw new IllegalStateException("the kitchen screen tests need Debian's Chromium and ChromeDriver: "
                    + "sudo apt-get install -y chromium chromium-driver");
        }
        Path profile = Files.createTempDirectory("dapur-chromium");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        o.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        return new Browser(new ChromeDriver(service, o), profile);
    }

    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    /** Waits until the page says it is live (paired, synced). */
    public Browser awaitState(String state) {
        until(
                () -> state.equals(driver.findElement(By.tagName("body")).getAttribute("data-state")),
                "page state " + state);
        return this;
    }

    public void until(BooleanSupplier condition, String what) {
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .withMessage(what)
                .ignoring(
                        org.openqa.selenium.StaleElementReferenceException.class) // cards are rebuilt when they change
                .until(d -> condition.getAsBoolean());
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public WebElement card(String ticketId) {
        List<WebElement> found = all("article.card[data-ticket-id='" + ticketId + "']");
        return found.isEmpty() ? null : found.get(0);
    }

    public int cardCount(String ticketId) {
        return all("article.card[data-ticket-id='" + ticketId + "']").size();
    }

    /** The number shown on a card: the key that selects it (read in one step: cards are rebuilt when they change). */
    public String keyOf(String ticketId) {
        return (String) js(
                "const c = document.querySelector(`article.card[data-ticket-id='${arguments[0]}']`);"
                        + " return c ? c.querySelector('.num').textContent : null;",
                ticketId);
    }

    /** The status a card shows, or null when the card is not on the screen. */
    public String statusOf(String ticketId) {
        return (String) js(
                "const c = document.querySelector(`article.card[data-ticket-id='${arguments[0]}']`);"
                        + " return c ? c.dataset.status : null;",
                ticketId);
    }

    public void press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * Hangs the page's JavaScript for {@code d} as soon as a message containing {@code needle} arrives, before
     * the page can handle it, as a hung tablet's page hangs: its one thread spins, so no WebSocket message,
     * timer or frame of the page runs until then (the browser's own networking goes on). WebDriver calls to
     * this page block while it hangs.
     */
    public void freezeOnMessage(String needle, Duration d) {
        js(
                "const orig = JSON.parse, needle = arguments[0], ms = arguments[1];"
                        + " JSON.parse = function (s, r) {"
                        + "   if (typeof s === 'string' && s.includes(needle)) {"
                        + "     JSON.parse = orig; const end = Date.now() + ms; while (Date.now() < end) { }"
                        + "   }"
                        + "   return orig.call(this, s, r);"
                        + " };",
                needle,
                d.toMillis());
    }

    public String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    public String title() {
        return driver.getTitle();
    }

    public void screenshot(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() throws Exception {
        driver.quit();
        try (var walk = Files.walk(profile)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
