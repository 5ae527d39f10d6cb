package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.siprec.itests.blackbox.PortalHttp.basic;
import static org.siprec.itests.blackbox.PortalHttp.request;
import static org.siprec.itests.blackbox.PortalHttp.send;
import static org.siprec.itests.blackbox.PortalHttp.sendForBytes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.siprec.testsupport.Tools;
import org.siprec.testsupport.sipp.Sipp;

/**
 * The web UI in a real headless browser (Debian's {@code chromium} driven through {@code chromedriver} by Selenium)
 * against the running distribution (docs/portal.md#web-ui): a SIPp call recorded by the embedded SRS a moment
 * earlier is searched, opened, played (the {@code <audio>} element's {@code currentTime} advances) and its WAV
 * downloaded with the SHA-256 the API gives; a wrong password shows an error; a user without a portal role is
 * refused; logging out ends the session. Screenshots go to {@code target/blackbox/PortalBrowserTest/screenshots/},
 * and to {@code -Dsiprec.docs.images=<dir>} when set (how docs/images/portal-*.png are made).
 */
public class PortalBrowserTest extends BlackBoxSupport {
    private static final String PACKAGES = "chromium chromium-driver";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern CALL_ID = Pattern.compile("(\\d+-\\d+@127\\.0\\.0\\.1)");

    @ClassRule
    public static final KarafResource KARAF = new KarafResource(PortalBrowserTest.class, PortalHttp::addUsers);

    private WebDriver browser;
    private WebDriverWait wait;
    private Path downloads;

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @BeforeClass
    public static void portalUp() {
        PortalHttp.awaitPortal();
    }

    @Before
    public void startBrowser() throws IOException {
        // never skipped: without the browser the test fails here, naming the packages
        Path chromium = Tools.require("chromium", PACKAGES);
        Path chromedriver = Tools.require("chromedriver", PACKAGES);
        downloads = Files.createDirectories(testDir().resolve("downloads"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--autoplay-policy=no-user-gesture-required", "--mute-audio", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false, "safebrowsing.enabled", false));
        // the Debian driver, never one Selenium Manager would fetch
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().withLogFile(testDir().resolve("chromedriver.log").toFile()).build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, WAIT);
    }

    @After
    public void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    public void aRecordedCallIsSearchedOpenedPlayedAndDownloaded() throws Exception {
        Path callerTone = TonePcap.write(testDir().resolve("caller-440.pcap"), 440, 10);
        Path calleeTone = TonePcap.write(testDir().resolve("callee-1000.pcap"), 1000, 10);
        Sipp.Run calleeRun = started(callee("uas_basic.xml").key("pcap", calleeTone.toString()).startListening());
        Sipp.Run callerRun = started(caller("uac_basic.xml").key("pcap", callerTone.toString()).pause(8000).start());
        // the operator pauses the recording for a moment once the SRS accepted it, then resumes it, through the call
        // control API (milliseconds; bin/client takes a JVM start and an SSH login per command, 3.5 s each seen on a
        // loaded machine, where the call once ended before the resume)
        String calls = await("the call in GET /api/v1/calls").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> send(request("/api/v1/calls").header("Authorization", basic("karaf", "karaf"))).body(),
                        b -> CALL_ID.matcher(b).find());
        Matcher found = CALL_ID.matcher(calls);
        assertTrue(calls, found.find());
        String control = "/api/v1/calls/" + URLEncoder.encode(found.group(1), StandardCharsets.UTF_8) + "/recording/";
        await("pause once the SRS accepted").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> send(request(control + "pause").header("Authorization", basic("karaf", "karaf"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody())), r -> r.statusCode() == 200);
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
        HttpResponse<String> resumed = send(request(control + "resume").header("Authorization", basic("karaf", "karaf"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertEquals("resumed during the call: " + resumed.body(), 200, resumed.statusCode());
        assertSucceeded(callerRun);
        assertSucceeded(calleeRun);
        String caller = "sip:caller@127.0.0.1:" + ports.callerSip;
        String json = await("the call's recording completed in the catalogue").atMost(WAIT)
                .pollInterval(Duration.ofMillis(300))
                .until(() -> send(request("/api/v1/recordings?state=completed&party="
                        + URLEncoder.encode(caller, StandardCharsets.UTF_8))
                        .header("Authorization", basic("karaf", "karaf"))).body(), b -> b.contains("\"total\":1"));
        String id = first(json, "\"id\":\"([^\"]+)\"");
        // the REST API: the paused interval the SRS recorded, and the SRC's decision (its row comes when the RS ends)
        String one = await("the recording's decision in the catalogue").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> send(request("/api/v1/recordings/" + id).header("Authorization", basic("karaf", "karaf")))
                        .body(), b -> b.contains("\"decision\":{"));
        String pauseStart = first(one, "\"pauses\":\\[\\{\"start\":\"([^\"]+)\",\"end\":\"[^\"]+\"\\}\\]");
        assertTrue("the decision's verdict: " + one, one.contains("\"decision\":{\"decision\":\"RECORD\",\"reason\":\""));
        assertTrue("each policy's part: " + one, Pattern.compile("\"reasons\":\\[\"[^\"=]+=RECORD\\(").matcher(one).find());
        String sha256 = first(json, "\"kind\":\"audio\",\"name\":\"[^\"]+\",\"sizeBytes\":\\d+,\"sha256\":\"([0-9a-f]{64})\"");

        browser.get(PortalHttp.BASE + "/portal/");
        visible("login-form");
        browser.findElement(By.id("login-user")).sendKeys("karaf");
        browser.findElement(By.id("login-password")).sendKeys("karaf");
        screenshot("portal-login");
        browser.findElement(By.id("login-submit")).click();
        visible("search-view");
        assertTrue(text("who"), text("who").startsWith("karaf ("));

        browser.findElement(By.id("f-party")).sendKeys(caller);
        new Select(browser.findElement(By.id("f-state"))).selectByVisibleText("completed");
        browser.findElement(By.id("search-submit")).click();
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#results tr[data-id='" + id + "']")));
        assertEquals("one recording found", 1, browser.findElements(By.cssSelector("#results tbody tr")).size());
        assertTrue(row.getText(), row.getText().contains("completed"));
        assertTrue(text("search-summary"), text("search-summary").startsWith("1 recording"));
        screenshot("portal-search");

        row.findElement(By.cssSelector("a.open")).click();
        visible("recording-view");
        wait.until(d -> text("waveform-note").contains("2 channels"));
        assertTrue(text("files"), text("files").contains(sha256));
        assertTrue(text("parties"), text("parties").contains(caller));
        // the paused interval listed and shaded on the timeline, the decision with its reasons
        assertEquals("one paused interval", 1, browser.findElements(By.cssSelector("#pauses li")).size());
        assertTrue(text("pauses"), text("pauses").contains("–") && !text("pauses").contains("end"));
        assertTrue(text("waveform-note"), text("waveform-note").contains("paused intervals shaded"));
        assertTrue(text("decision"), text("decision").startsWith("RECORD: "));
        assertTrue(text("decision"), browser.findElements(By.cssSelector("#decision li")).size() >= 1);
        assertTrue("the page shows the pause the API gave (" + pauseStart + "): " + text("pauses"), text("pauses")
                .contains(String.valueOf(js().executeScript("return formatTime(arguments[0]);", pauseStart))));

        // play: the <audio> element fetches /audio with the session cookie (Range) and its clock moves
        JavascriptExecutor js = (JavascriptExecutor) browser;
        WebElement player = browser.findElement(By.id("player"));
        js.executeScript("arguments[0].play();", player);
        await("the <audio> element plays").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Object t = js.executeScript("const a = arguments[0]; if (a.error) throw new Error('media error '"
                            + " + a.error.code + ' ' + a.error.message); return a.ended || a.currentTime > 1.0;", player);
                    return Boolean.TRUE.equals(t);
                });
        js.executeScript("arguments[0].pause();", player);
        screenshot("portal-recording");

        // download: the file the browser saves is the recorded one (same SHA-256 as the catalogue's and the API's)
        browser.findElement(By.id("download-wav")).click();
        Path wav = downloads.resolve(id + ".wav");
        await("the WAV downloaded to " + downloads).atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(wav) && !hasPartialDownload());
        String downloaded = sha256(Files.readAllBytes(wav));
        assertEquals("the downloaded WAV is the catalogue's", sha256, downloaded);
        HttpResponse<byte[]> api = sendForBytes(request("/api/v1/recordings/" + id + "/audio")
                .header("Authorization", basic("karaf", "karaf")));
        assertEquals(200, api.statusCode());
        assertEquals("and the API's", sha256(api.body()), downloaded);

        // a legal hold set and released from the page: changes that carry the session's CSRF token
        assertTrue(browser.findElement(By.id("hold-form")).isDisplayed());
        browser.findElement(By.id("hold-reason")).sendKeys("case 42");
        browser.findElement(By.id("hold-set")).click();
        wait.until(d -> text("rec-hold").contains("case 42"));
        assertTrue(text("rec-hold"), text("rec-hold").contains("portal:karaf@127.0.0.1"));
        assertFalse("on hold: only the release is offered", browser.findElement(By.id("hold-set")).isDisplayed());
        String held = send(request("/api/v1/recordings/" + id).header("Authorization", basic("karaf", "karaf"))).body();
        assertTrue("the catalogue has the hold: " + held, held.contains("\"reason\":\"case 42\""));
        screenshot("portal-recording-hold");
        browser.findElement(By.id("hold-clear")).click();
        wait.until(d -> text("rec-hold").equals("no"));
        assertFalse(browser.findElement(By.id("hold-clear")).isDisplayed());
        assertTrue(send(request("/api/v1/recordings/" + id).header("Authorization", basic("karaf", "karaf"))).body()
                .contains("\"hold\":null"));

        // a recording that is not there: the API's 404 shown, not a blank page
        browser.get(PortalHttp.BASE + "/portal/#/recording/no-such-recording");
        wait.until(d -> browser.findElement(By.id("error")).isDisplayed());
        assertTrue(text("error"), text("error").startsWith("Not found: no recording no-such-recording"));

        browser.findElement(By.id("logout")).click();
        visible("login-view");
        assertTrue(text("login-error"), text("login-error").contains("logged out"));
        // the cookie is dead: back to the login form
        browser.get(PortalHttp.BASE + "/portal/#/search");
        visible("login-view");
    }

    @Test
    public void aWrongPasswordShowsAnErrorAndAUserWithoutAPortalRoleIsRefused() {
        browser.get(PortalHttp.BASE + "/portal/");
        visible("login-form");
        login(PortalHttp.ALICE, "not-her-password");
        wait.until(d -> browser.findElement(By.id("login-error")).isDisplayed());
        assertEquals("User name or password not accepted.", text("login-error"));
        assertTrue("still on the login form", browser.findElement(By.id("login-view")).isDisplayed());
        screenshot("portal-login-refused");

        login(PortalHttp.BOB, PortalHttp.BOB_PASSWORD);
        wait.until(d -> text("login-error").startsWith("This user may not use the portal"));
        assertFalse(browser.findElement(By.id("search-view")).isDisplayed());

        // a read-only user gets in and sees the empty state of a search that finds nothing
        login(PortalHttp.ALICE, PortalHttp.ALICE_PASSWORD);
        visible("search-view");
        browser.findElement(By.id("f-party")).sendKeys("nobody-called-this");
        browser.findElement(By.id("search-submit")).click();
        visible("results-empty");
        assertTrue(text("who"), text("who").contains("auditor"));
    }

    private JavascriptExecutor js() {
        return (JavascriptExecutor) browser;
    }

    private void login(String user, String password) {
        WebElement u = browser.findElement(By.id("login-user"));
        u.clear();
        u.sendKeys(user);
        WebElement p = browser.findElement(By.id("login-password"));
        p.clear();
        p.sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
    }

    private void visible(String id) {
        wait.withMessage(() -> "#" + id + " shown; page: " + browser.getCurrentUrl() + " error: "
                + browser.findElement(By.id("error")).getText())
                .until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private boolean hasPartialDownload() throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".crdownload"));
        }
    }

    /** Saved under target/, and to -Dsiprec.docs.images when given (docs/portal.md shows them). */
    private void screenshot(String name) {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        try {
            Path dir = Files.createDirectories(KarafProcess.buildDir().resolve("blackbox/PortalBrowserTest/screenshots"));
            Files.write(dir.resolve(name + ".png"), png);
            String docs = System.getProperty("siprec.docs.images");
            if (docs != null && !docs.isBlank()) {
                Path target = Files.createDirectories(Path.of(docs)).resolve(name + ".png");
                Files.copy(dir.resolve(name + ".png"), target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new AssertionError("no " + regex + " in " + text);
        }
        return m.group(1);
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
