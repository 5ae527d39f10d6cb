package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.siprec.itests.blackbox.PortalHttp.basic;
import static org.siprec.itests.blackbox.PortalHttp.request;
import static org.siprec.itests.blackbox.PortalHttp.send;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.siprec.testsupport.Tools;

/**
 * The operations page of the web UI (docs/portal.md#operations-page) in a real headless browser (Debian's
 * {@code chromium} through {@code chromedriver}): after three SIPp calls recorded by the embedded SRS, the page's
 * values equal what the run produced (calls, recordings started and completed as the catalogue counts them, no
 * failure), its calls/s and recordings/s chart has drawn a rise, and the SRS group's two SRSs (the embedded SRS,
 * up; one where nothing listens, down) are shown with the state {@code /metrics} gives. Then, with only the dead SRS
 * left in the group, a fourth call goes on unrecorded and the open page shows, at its next refresh, 4 calls and one
 * failure series {@code no-srs-available} (one failure in one sample interval). {@code GET /api/v1/ops/series} is for the ops roles only: an operator gets it (HTTP Basic or the UI's
 * session), a company-user and an auditor 403, no credentials 401. The history samples every second here
 * ({@code etc/org.siprec.ops.history.cfg}). A screenshot goes to
 * {@code target/blackbox/OpsPageBrowserTest/screenshots/} and to {@code -Dsiprec.docs.images=<dir>} when set.
 */
public class OpsPageBrowserTest extends BlackBoxSupport {
    private static final String PACKAGES = "chromium chromium-driver";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CAROL = "carol";
    private static final String CAROL_PASSWORD = "carol-Pw-5150";
    private static final int CALLS = 3;
    private static final String EMBEDDED = RecordingSupport.srsUri(RecordingSupport.EMBEDDED_SRS_PORT);
    /** Nothing listens here (the black-box Karaf's ports are 5260-5264, SIPp's below 5260). */
    private static final String DEAD = RecordingSupport.srsUri(5268);

    @ClassRule
    public static final KarafResource KARAF = new KarafResource(OpsPageBrowserTest.class, k -> {
        PortalHttp.addUsers(k);
        try {
            Files.writeString(k.home().resolve("etc/users.properties"), CAROL + " = " + CAROL_PASSWORD
                    + ",company-user,company:acme,subscriber:+4930111\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        k.config("org.siprec.ops.history", "interval.seconds", "1")
                // an SRS group of the embedded SRS (up) and one where nothing listens (down), probed 3 times a second
                .config("org.siprec.sip.endpoint-srs", "udp.port", Integer.toString(RecordingSupport.EMBEDDED_SRS_PORT))
                .config("org.siprec.sip.endpoint-srs", "tcp.port", Integer.toString(RecordingSupport.EMBEDDED_SRS_PORT))
                .config("org.siprec.srs.sip", "srs.uris", EMBEDDED + "," + DEAD)
                .config("org.siprec.srs.sip", "health.interval.ms", "300")
                .config("org.siprec.srs.sip", "health.timeout.ms", "250")
                .config("org.siprec.srs.sip", "health.down.threshold", "2")
                .config("org.siprec.srs.sip", "health.up.threshold", "2")
                .config("org.siprec.sip.endpoint-srsprobe", "endpoint.name", "srsprobe")
                .config("org.siprec.sip.endpoint-srsprobe", "listen.address", "127.0.0.1")
                .config("org.siprec.sip.endpoint-srsprobe", "udp.port", Integer.toString(SrsGroupTest.PROBE_PORT))
                .config("org.siprec.sip.endpoint-srsprobe", "tcp.port", Integer.toString(SrsGroupTest.PROBE_PORT));
    });

    private WebDriver browser;
    private WebDriverWait wait;

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @BeforeClass
    public static void portalUp() {
        PortalHttp.awaitPortal();
    }

    @Before
    public void startBrowser() {
        // never skipped: without the browser the test fails here, naming the packages
        Path chromium = Tools.require("chromium", PACKAGES);
        Path chromedriver = Tools.require("chromedriver", PACKAGES);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
        // the Debian driver, never one Selenium Manager would fetch
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().withLogFile(testDir().resolve("chromedriver.log").toFile()).build();
        try {
            Files.createDirectories(testDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
    public void theSeriesIsForTheOpsRolesOnly() {
        HttpResponse<String> none = send(request("/api/v1/ops/series"));
        assertEquals(none.body(), 401, none.statusCode());
        HttpResponse<String> companyUser = send(request("/api/v1/ops/series").header("Authorization", basic(CAROL, CAROL_PASSWORD)));
        assertEquals(companyUser.body(), 403, companyUser.statusCode());
        HttpResponse<String> auditor = send(request("/api/v1/ops/series")
                .header("Authorization", basic(PortalHttp.ALICE, PortalHttp.ALICE_PASSWORD)));
        assertEquals(auditor.body(), 403, auditor.statusCode());
        HttpResponse<String> operator = send(request("/api/v1/ops/series").header("Authorization", basic("karaf", "karaf")));
        assertEquals(operator.body(), 200, operator.statusCode());
        assertTrue(operator.body(), operator.body().contains("\"intervalSeconds\":1,") && operator.body().contains("\"samples\":[{"));

        // the UI's session: the operator's gets it, the company-user's does not
        String operatorSession = PortalHttp.sessionId(PortalHttp.login("karaf", "karaf"));
        HttpResponse<String> viaSession = send(request("/api/v1/ops/series").header("Cookie", "SIPREC_SESSION=" + operatorSession));
        assertEquals(viaSession.body(), 200, viaSession.statusCode());
        String carolSession = PortalHttp.sessionId(PortalHttp.login(CAROL, CAROL_PASSWORD));
        HttpResponse<String> carolViaSession = send(request("/api/v1/ops/series").header("Cookie", "SIPREC_SESSION=" + carolSession));
        assertEquals(carolViaSession.body(), 403, carolViaSession.statusCode());
        HttpResponse<String> post = send(request("/api/v1/ops/series").header("Authorization", basic("karaf", "karaf"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(post.body(), 405, post.statusCode());
    }

    @Test
    public void thePageChartsTheCallsOfTheRun() throws java.io.IOException {
        await("the probes found the embedded SRS up and the other down").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .ignoreExceptions().until(() -> srsStates(metrics()), m -> m.equals(Map.of(EMBEDDED, "up", DEAD, "down")));
        // one after the other: SIPp's media port is shared by the calls of one process
        call(callee("uas_basic.xml").withPcap().calls(CALLS).timeout(Duration.ofSeconds(60)),
                caller("uac_basic.xml").withPcap().calls(CALLS).rate(2).pause(800).timeout(Duration.ofSeconds(60)));
        // counted where they were recorded: the embedded SRS's recordings in the catalogue
        await("the SRS's " + CALLS + " recordings completed in the catalogue").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> send(request("/api/v1/recordings?state=completed").header("Authorization", basic("karaf", "karaf")))
                        .body(), b -> b.contains("\"total\":" + CALLS + ","));
        await("the SRC reported them").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> sum(metrics(), "siprec_recordings_completed_total"), v -> v == CALLS);

        browser.get(PortalHttp.BASE + "/portal/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        browser.findElement(By.id("login-user")).sendKeys("karaf");
        browser.findElement(By.id("login-password")).sendKeys("karaf");
        browser.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("search-view")));
        browser.findElement(By.id("nav-ops")).click();
        wait.withMessage(() -> "the operations page shows " + CALLS + " calls; error: " + text("error"))
                .until(d -> String.valueOf(CALLS).equals(text("ops-calls-total")));

        assertEquals(String.valueOf(CALLS), text("ops-recordings-started"));
        assertEquals(String.valueOf(CALLS), text("ops-recordings-completed"));
        assertEquals("0", text("ops-recordings-failed"));
        assertEquals("0", text("ops-recordings-active"));
        assertEquals("0", text("ops-calls-active"));
        assertTrue("no failure bar", browser.findElement(By.id("ops-failures-empty")).isDisplayed());
        assertTrue(browser.findElements(By.cssSelector("#chart-failures g[data-reason]")).isEmpty());
        // the rate chart: the calls rose within the window, so both lines have a point above zero
        assertEquals(String.valueOf(CALLS), text("ops-calls-window"));
        assertEquals(String.valueOf(CALLS), text("ops-recordings-window"));
        assertTrue(text("ops-calls-peak"), Double.parseDouble(text("ops-calls-peak")) > 0);
        assertTrue(text("ops-recordings-peak"), Double.parseDouble(text("ops-recordings-peak")) > 0);
        String points = browser.findElement(By.cssSelector("#chart-rates polyline[data-series='calls']")).getAttribute("points");
        assertTrue("calls/s drawn: " + points, points.split(" ").length >= 2);

        // SRS health: each SRS of /metrics, with the state /metrics gives: the embedded SRS up, the dead one down
        Map<String, String> srs = srsStates(metrics());
        assertEquals(Map.of(EMBEDDED, "up", DEAD, "down"), srs);
        for (Map.Entry<String, String> e : srs.entrySet()) {
            WebElement row = browser.findElement(By.cssSelector("#chart-srs g[data-srs='" + e.getKey() + "']"));
            assertEquals(e.getKey(), e.getValue(), row.findElement(By.cssSelector("text.state")).getText());
        }
        assertEquals(srs.size(), browser.findElements(By.cssSelector("#chart-srs g[data-srs]")).size());

        // one more call with only the dead SRS in the group: the call goes on unrecorded, a recording failure
        // "no-srs-available"; the open page shows it at its next refresh, without a reload
        karaf().configLive("org.siprec.srs.sip", "srs.uris", DEAD);
        await("the group is the dead SRS only, down").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> srsStates(metrics()), m -> m.equals(Map.of(DEAD, "down")));
        // and one malformed request (a second CSeq): the door answers 400, a rejected request of reason malformed
        try (RawSip sip = new RawSip("127.0.0.1", KarafProcess.SIP_HOST, KarafProcess.SIP_PORT)) {
            sip.send(sip.options().replace("CSeq: 1 OPTIONS\r\n", "CSeq: 1 OPTIONS\r\nCSeq: 2 OPTIONS\r\n"));
            assertEquals(400, RawSip.status(sip.receive(5000)));
        }
        call(callee("uas_basic.xml").withPcap().timeout(Duration.ofSeconds(30)),
                caller("uac_basic.xml").withPcap().pause(800).timeout(Duration.ofSeconds(30)));
        await("the SRC counted the failure").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> sum(metrics(), "siprec_recordings_failed_total"), v -> v == 1);
        wait.withMessage(() -> "the page shows the fourth call; error: " + text("error"))
                .until(d -> String.valueOf(CALLS + 1).equals(text("ops-calls-total")));
        assertEquals("1", text("ops-recordings-failed"));
        // shed calls and rejected requests: the page's totals are /metrics' (read after the page's sample: nothing
        // is shed or rejected meanwhile in this test), the malformed request among the reasons
        String exposition = metrics();
        assertEquals(String.valueOf((long) sum(exposition, "siprec_calls_shed_total")), text("ops-calls-shed"));
        long rejected = (long) sum(exposition, "siprec_sip_requests_rejected_total");
        assertTrue("the 400 counted: " + rejected, rejected >= 1);
        assertEquals(String.valueOf(rejected), text("ops-requests-rejected"));
        assertTrue(text("ops-requests-rejected-reasons"), text("ops-requests-rejected-reasons").contains("malformed"));
        assertEquals(String.valueOf(CALLS), text("ops-recordings-completed"));
        assertFalse(browser.findElement(By.id("ops-failures-empty")).isDisplayed());
        List<WebElement> bars = browser.findElements(By.cssSelector("#chart-failures g[data-reason]"));
        assertEquals(1, bars.size());
        assertEquals("no-srs-available", bars.get(0).getAttribute("data-reason"));
        assertEquals("failures of the window", "1", bars.get(0).findElement(By.cssSelector("text.value")).getText());
        // the reason's series over the window: one failure, in one sample interval (the last ones), none in the others
        String counts = bars.get(0).findElement(By.cssSelector("polyline.failure")).getAttribute("data-counts");
        List<Integer> perInterval = java.util.Arrays.stream(counts.split(",")).map(Integer::parseInt).toList();
        assertEquals("per interval: " + counts, 1, perInterval.stream().mapToInt(Integer::intValue).sum());
        assertEquals("per interval: " + counts, 1, perInterval.stream().filter(n -> n > 0).count());
        assertEquals("a point per interval: " + counts, perInterval.size(), bars.get(0)
                .findElement(By.cssSelector("polyline.failure")).getAttribute("points").trim().split(" ").length);
        // the embedded SRS left the group: still in the strip (its past), marked as no longer configured
        assertEquals("down", browser.findElement(By.cssSelector("#chart-srs g[data-srs='" + DEAD + "'] text.state")).getText());
        assertEquals("not configured", browser.findElement(By.cssSelector("#chart-srs g[data-srs='" + EMBEDDED + "'] text.state")).getText());
        screenshot("portal-operations");
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static String metrics() {
        return send(request("/metrics")).body();
    }

    /** The sum of a metric's series in a Prometheus text exposition. */
    private static double sum(String exposition, String name) {
        double sum = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(exposition);
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
        }
        return sum;
    }

    /** {@code siprec_srs_state{srs,state} 1}: each SRS's current state. */
    private static Map<String, String> srsStates(String exposition) {
        Map<String, String> states = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^siprec_srs_state\\{([^}]*)\\} 1\\.0$").matcher(exposition);
        while (m.find()) {
            String labels = m.group(1);
            states.put(label(labels, "srs"), label(labels, "state"));
        }
        return states;
    }

    private static String label(String labels, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(labels);
        if (!m.find()) {
            throw new AssertionError("no label " + name + " in " + labels);
        }
        return m.group(1);
    }

    /** Saved under target/, and to -Dsiprec.docs.images when given (docs/portal.md shows it). */
    private void screenshot(String name) {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        try {
            Path dir = Files.createDirectories(KarafProcess.buildDir().resolve("blackbox/OpsPageBrowserTest/screenshots"));
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
}
