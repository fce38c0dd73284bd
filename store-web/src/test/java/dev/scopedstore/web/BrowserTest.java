package dev.scopedstore.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scopedstore.Store;
import dev.scopedstore.session.ClientSessions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page in a real browser: Debian's headless Chromium driven by Selenium through
 * {@code /usr/bin/chromedriver}, so that nothing is downloaded. Without a browser the tests skip,
 * except under {@code CI=true}, where a missing browser fails the build.
 */
@Timeout(180)
class BrowserTest {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path profiles;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void requireBrowser() {
        boolean present = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("CI=true, but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing: apt-get install chromium chromium-driver");
        }
        assumeTrue(present, "no " + CHROMIUM + " and " + CHROMEDRIVER + ": apt-get install chromium chromium-driver");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private WebServer serve(Store store) throws Exception {
        ClientSessions sessions = ClientSessions.builder(store).build();
        opened.add(sessions);
        WebServer server = WebServer.start(DemoPage.configure(ScopedStoreServlet.builder(store, sessions))
                .secureCookie(false).build());
        opened.add(server);
        return server;
    }

    private Store memory() {
        Store store = Store.open("memory:");
        opened.add(store);
        return store;
    }

    private WebDriver browser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(profiles, "chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        opened.add(driver::quit);
        return driver;
    }

    /** @return a new browser showing the demo page, its poll loaded */
    private WebDriver openDemo(WebServer server) throws Exception {
        WebDriver browser = browser();
        browser.get(server.origin() + "/");
        waitForText(browser, "votes", "0");
        return browser;
    }

    private static void waitForText(WebDriver browser, String id, String text) {
        try {
            new WebDriverWait(browser, WAIT).until(d -> text.equals(d.findElement(By.id(id)).getText()));
        } catch (TimeoutException e) {
            assertEquals(text, browser.findElement(By.id(id)).getText(), "#" + id + " after " + WAIT);
        }
    }

    private static void waitForValue(WebDriver browser, String id, String value) {
        try {
            new WebDriverWait(browser, WAIT).until(d -> value.equals(d.findElement(By.id(id)).getDomProperty("value")));
        } catch (TimeoutException e) {
            assertEquals(value, browser.findElement(By.id(id)).getDomProperty("value"), "#" + id + " after " + WAIT);
        }
    }

    @Test
    @DisplayName("two browsers vote at once and both see the sum")
    void votesAddUp() throws Exception {
        WebServer server = serve(memory());
        WebDriver one = openDemo(server);
        WebDriver two = openDemo(server);
        for (int i = 0; i < 5; i++) {
            one.findElement(By.id("vote")).click();
            two.findElement(By.id("vote")).click();
        }
        waitForText(one, "votes", "10");
        waitForText(two, "votes", "10");
    }

    @Test
    @DisplayName("each browser keeps its own draft, and a reload keeps it (resume)")
    void draftsAreOwnAndSurviveAReload() throws Exception {
        WebServer server = serve(memory());
        WebDriver one = openDemo(server);
        WebDriver two = openDemo(server);
        one.findElement(By.id("draft")).sendKeys("from one");
        two.findElement(By.id("draft")).sendKeys("from two");
        waitForText(one, "saved", "from one");
        waitForText(two, "saved", "from two");
        one.navigate().refresh();
        waitForValue(one, "draft", "from one");
        assertEquals("from two", two.findElement(By.id("saved")).getText());
    }

    @Test
    @DisplayName("a write through instance 1 appears in a page served by instance 2 within 1 s")
    void acrossInstances() throws Exception {
        String redis = System.getenv("SCOPEDSTORE_TEST_REDIS_URL");
        if (redis == null && "true".equals(System.getenv("CI"))) {
            fail("CI=true, but SCOPEDSTORE_TEST_REDIS_URL is not set");
        }
        assumeTrue(redis != null, "SCOPEDSTORE_TEST_REDIS_URL is not set");
        String prefix = "web" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Store first = Store.builder().url(redis).property("keyPrefix", prefix).build();
        opened.add(first);
        Store second = Store.builder().url(redis).property("keyPrefix", prefix).build();
        opened.add(second);
        WebServer one = serve(first);
        WebServer two = serve(second);
        WebDriver voter = openDemo(one);
        WebDriver watcher = openDemo(two);
        long start = System.nanoTime();
        voter.findElement(By.id("vote")).click();
        new WebDriverWait(watcher, Duration.ofSeconds(1), Duration.ofMillis(20))
                .until(d -> "1".equals(d.findElement(By.id("votes")).getText()));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis <= 1_000, "arrived after " + millis + " ms");
        first.dropScope(dev.scopedstore.ScopeQuery.all());
    }
}
