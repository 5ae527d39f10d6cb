package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.Promtool;

/**
 * The operations endpoints of the running distribution (feature siprec-ops, HTTP on 127.0.0.1:{@link
 * KarafProcess#HTTP_PORT}): {@code /metrics} counts a SIPp call recorded by the embedded SRS and passes
 * {@code promtool check metrics}; {@code /health/ready} is 200 while every check passes and 503, naming the check,
 * while the SRS group is all down (OPTIONS probes unanswered) or the disk threshold cannot be met, and 200 again
 * afterwards; {@code siprec:health} shows every check and both verdicts.
 */
public class OpsEndpointsTest extends RecordingSupport {

    /** The SRS group's probe endpoint, as in SrsGroupTest (the two never run at once). */
    static final int PROBE_PORT = SrsGroupTest.PROBE_PORT;
    static final String EMBEDDED = srsUri(EMBEDDED_SRS_PORT);

    @ClassRule
    public static final KarafResource KARAF = new KarafResource(OpsEndpointsTest.class, k -> {
        k.config("org.siprec.policy.recordall", "enabled", "true")
                .config("org.siprec.policy.recordall", "mandatory", "false")
                .config("org.siprec.sip.endpoint-srs", "udp.port", Integer.toString(EMBEDDED_SRS_PORT))
                .config("org.siprec.sip.endpoint-srs", "tcp.port", Integer.toString(EMBEDDED_SRS_PORT))
                .config("org.siprec.srs.sip", "srs.uris", EMBEDDED)
                .config("org.siprec.srs.sip", "health.interval.ms", "300")
                .config("org.siprec.srs.sip", "health.timeout.ms", "250")
                .config("org.siprec.srs.sip", "health.down.threshold", "2")
                .config("org.siprec.srs.sip", "health.up.threshold", "2")
                .config("org.siprec.sip.endpoint-srsprobe", "endpoint.name", "srsprobe")
                .config("org.siprec.sip.endpoint-srsprobe", "listen.address", "127.0.0.1")
                .config("org.siprec.sip.endpoint-srsprobe", "udp.port", Integer.toString(PROBE_PORT))
                .config("org.siprec.sip.endpoint-srsprobe", "tcp.port", Integer.toString(PROBE_PORT));
    });

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    static HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + KarafProcess.HTTP_PORT + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** /metrics once the HTTP service is up (it may come a moment after SIP). */
    static String scrape() {
        HttpResponse<String> r = await("GET /metrics answered").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> get("/metrics"), x -> x.statusCode() == 200);
        assertTrue(r.headers().firstValue("Content-Type").orElse(""), r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        return r.body();
    }

    /** A sample's value, 0 when the series is not exposed yet. */
    static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }

    /** The series of {@code moved} whose value in {@code after} is not the one in {@code before} plus one. */
    static java.util.List<String> notMoved(String[] moved, String before, String after) {
        return java.util.Arrays.stream(moved).filter(s -> value(after, s) != value(before, s) + 1)
                .map(s -> s + " " + value(before, s) + " -> " + value(after, s)).toList();
    }

    private HttpResponse<String> awaitReady(int status) {
        return await("GET /health/ready answers " + status).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .ignoreExceptions().until(() -> get("/health/ready"), r -> r.statusCode() == status);
    }

    @Test
    public void metricsCountARecordedCallAndPassPromtool() throws IOException {
        // the SRS is up (probed) before the call, so the call is recorded
        await("SRS up in /metrics").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> value(scrape(), "siprec_srs_up{srs=\"" + EMBEDDED + "\"}") == 1.0);
        String before = scrape();
        // a call with audio both ways that lasts long enough for the SRS to take the recording session
        java.nio.file.Path callerTone = TonePcap.write(testDir().resolve("caller-440.pcap"), 440, 10);
        java.nio.file.Path calleeTone = TonePcap.write(testDir().resolve("callee-1000.pcap"), 1000, 10);
        call(callee("uas_basic.xml").key("pcap", calleeTone.toString()),
                caller("uac_basic.xml").key("pcap", callerTone.toString()).pause(2000));

        String[] moved = {
            "siprec_calls_started_total",
            "siprec_calls_ended_total{outcome=\"answered\"}",
            "siprec_recording_decisions_total{decision=\"record\"}",
            "siprec_policy_decisions_total{policy=\"org.siprec.policy.recordall\",result=\"record\"}",
            "siprec_recordings_started_total{srs=\"" + EMBEDDED + "\"}",
            "siprec_recordings_completed_total{srs=\"" + EMBEDDED + "\"}",
            "siprec_srs_recording_sessions_total{result=\"accepted\",srs=\"" + EMBEDDED + "\"}",
            "siprec_recording_setup_seconds_count",
        };
        String[] last = {before};
        try {
            await("every counter moved by one").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                    .until(() -> notMoved(moved, before, last[0] = scrape()).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("counters that did not move by one: " + notMoved(moved, before, last[0]) + "\n" + last[0], e);
        }
        String after = last[0];
        assertEquals(0.0, value(after, "siprec_calls_active"), 0.0);
        assertEquals(0.0, value(after, "siprec_recordings_active"), 0.0);
        assertEquals("no recording failed", value(before, "siprec_recordings_failed_total{reason=\"srs-refused\",srs=\"none\"}"),
                value(after, "siprec_recordings_failed_total{reason=\"srs-refused\",srs=\"none\"}"), 0.0);
        // media per direction: both parties' tones went through the relay (50 packets a second each, for about 2 s)
        // and the copies reached the SRS; a lower bound only, how many packets fit in the call depends on timing
        for (String series : new String[] {"siprec_media_packets_received_total{direction=\"caller\"}",
                "siprec_media_packets_sent_total{direction=\"caller\"}",
                "siprec_media_packets_received_total{direction=\"callee\"}",
                "siprec_media_packets_sent_total{direction=\"callee\"}",
                "siprec_media_packets_sent_total{direction=\"srs\"}"}) {
            double grew = value(after, series) - (before.contains("\n" + series + " ") ? value(before, series) : 0);
            assertTrue(series + " moved by " + grew + ", expected at least 25", grew >= 25);
        }
        assertTrue("lost exposed", after.contains("\nsiprec_media_packets_lost_total{direction=\"caller\"}"));
        // jvm_gc_pause_seconds appears only after the JVM's first collection (Micrometer registers it then): a Karaf
        // that has not collected yet (this test run alone on an idle machine) has the eager GC series only
        for (String name : new String[] {"jvm_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total", "jvm_threads_live_threads",
                "siprec_media_ports_free", "siprec_sip_requests_rejected_total", "siprec_srs_state"}) {
            assertTrue(name + " exposed", after.contains("\n" + name));
        }
        Promtool.checkMetrics(after);
    }

    @Test
    public void readinessFailsWhileTheSrsGroupIsDownAndRecovers() {
        HttpResponse<String> ok = awaitReady(200);
        assertTrue(ok.body(), ok.body().contains("\"status\":\"UP\",\"failing\":[]"));
        assertEquals(200, get("/health/live").statusCode());

        useSrs(NO_SRS);
        try {
            HttpResponse<String> down = awaitReady(503);
            assertTrue(down.body(), down.body().contains("\"status\":\"DOWN\",\"failing\":[\"srs-groups\"]"));
            assertTrue(down.body(), down.body().contains("(all down)"));
            assertEquals("liveness does not depend on the SRSs", 200, get("/health/live").statusCode());
        } finally {
            useSrs(EMBEDDED);
        }
        awaitReady(200);
    }

    @Test
    public void readinessFailsWhenTheDiskThresholdCannotBeMet() {
        awaitReady(200);
        karaf().configLive("org.siprec.ops.health", "disk.free.min.mb", "1000000000");
        try {
            HttpResponse<String> down = awaitReady(503);
            assertTrue(down.body(), down.body().contains("\"failing\":[\"disk-space\"]"));
            assertTrue(down.body(), down.body().contains("minimum 1000000000 MiB"));
        } finally {
            karaf().configLive("org.siprec.ops.health", "disk.free.min.mb", "512");
        }
        awaitReady(200);
    }

    @Test
    public void readinessFailsWhileNoSrcIsBoundToTheSipEndpoint() {
        awaitReady(200);
        // the SIP endpoint keeps listening (sip stays up, liveness too) but answers every request 503
        PolicyDirectoryTest.client(karaf(), "bundle:stop org.siprec.src");
        try {
            HttpResponse<String> down = awaitReady(503);
            assertTrue(down.body(), down.body().contains("\"failing\":[\"src\"]"));
            assertTrue(down.body(), down.body().contains("calls are refused with 503"));
        } finally {
            PolicyDirectoryTest.client(karaf(), "bundle:start org.siprec.src");
        }
        awaitReady(200);
    }

    @Test
    public void healthCommandShowsEveryCheckAndBothVerdicts() {
        awaitReady(200);
        String out = PolicyDirectoryTest.client(karaf(), "siprec:health");
        for (String check : new String[] {"database", "disk-space", "media-ports", "sip", "src", "srs-groups"}) {
            assertTrue(check + " listed:\n" + out, Pattern.compile("(?m)^" + Pattern.quote(check) + "\\s+\\S+\\s+OK\\s").matcher(out).find());
        }
        assertTrue(out, out.contains("live: UP"));
        assertTrue(out, out.contains("ready: UP"));
    }
}
