package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.AfterClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.sipp.Sipp;

/**
 * Recording events through the distribution: the feature {@code siprec-events-webhook} booted with its url pointing
 * at a test receiver (com.sun.net.httpserver on 127.0.0.1); SIPp calls recorded by the default record-all policy at
 * the embedded SRS. Each recording's events arrive at the receiver as JSON, in order (REQUESTED, STARTED, STOPPED,
 * numbered 1, 2, 3) with the call id, the recording id and the SRS. Then the url is pointed at a closed port and at a
 * receiver that never answers: calls still complete at once (set-up not delayed), and the webhook's failures are
 * counted and logged.
 */
public class EventsWebhookTest extends BlackBoxSupport {
    private static final String PID = "org.siprec.events.webhook";
    private static final WebhookReceiver RECEIVER = WebhookReceiver.start();
    private static final List<String> RECEIVED = RECEIVER.received();

    @ClassRule
    public static final KarafResource KARAF = new KarafResource(EventsWebhookTest.class, k -> {
        k.config(PID, "urls", receiverUrl("boot"))
                .config(PID, "timeout.ms", "1000").config(PID, "retries", "2").config(PID, "backoff.ms", "100")
                .config(PID, "queue.size", "50");
        k.bootFeature("siprec-events-webhook");
        k.bootFeature("siprec-directory"); // the company of the served user (eventsCarryTheServedUsersCompany)
    });

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @AfterClass
    public static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    public void eachRecordingsEventsArriveInOrderAtTheWebhook() throws Exception {
        // this test's own path, so that the log line that says it is taken is this test's
        karaf().configLive(PID, "urls", receiverUrl("in-order"));
        awaitLog("Recording events webhook: sending to [" + receiverUrl("in-order") + "]");
        RECEIVED.clear();
        String delivered = "siprec_events_delivered_total{forwarder=\"webhook\"}";
        double deliveredBefore = OpsEndpointsTest.value(OpsEndpointsTest.scrape(), delivered);
        assertFalse("booting the webhook feature refreshed no bundle (the EventAdmin is a startup bundle)",
                Files.readString(karaf().karafLog(), StandardCharsets.UTF_8).contains("Stopping bundles:"));
        // one after the other (a call a second, 800 ms each): SIPp's media port is shared by the calls of one process
        call(callee("uas_basic.xml").withPcap().calls(3).timeout(Duration.ofSeconds(60)),
                caller("uac_basic.xml").withPcap().calls(3).rate(1).pause(800).timeout(Duration.ofSeconds(60)));

        // three calls, three recordings: REQUESTED, STARTED, STOPPED each
        await("9 events at the receiver").atMost(Duration.ofSeconds(15)).until(() -> RECEIVED.size() >= 9);
        assertEquals("no more than that: " + RECEIVED, 9, RECEIVED.size());
        Map<String, List<String>> byCall = RECEIVED.stream().collect(Collectors.groupingBy(e -> field(e, "call.id"),
                java.util.LinkedHashMap::new, Collectors.toList()));
        assertEquals("three calls: " + byCall.keySet(), 3, byCall.size());
        for (List<String> events : byCall.values()) {
            assertEquals("in order: " + events, List.of("REQUESTED", "STARTED", "STOPPED"),
                    events.stream().map(e -> field(e, "event")).toList());
            assertEquals("numbered in order: " + events, List.of("1", "2", "3"),
                    events.stream().map(e -> number(e, "sequence")).toList());
            String requested = events.get(0);
            String started = events.get(1);
            String stopped = events.get(2);
            assertEquals(requested, "policy", field(requested, "actor"));
            assertTrue("the SRS is named: " + started, field(started, "srs").startsWith("sip:"));
            assertEquals("the same SRS: " + events, field(started, "srs"), field(stopped, "srs"));
            assertFalse("a recording id: " + started, field(started, "recording.id").isEmpty());
            assertEquals("the same recording: " + events, field(started, "recording.id"), field(stopped, "recording.id"));
            assertEquals(stopped, "call ended", field(stopped, "reason"));
            assertEquals(stopped, "org/siprec/recording/STOPPED", field(stopped, "topic"));
            assertTrue("timestamps in order: " + events, Long.parseLong(number(started, "timestamp"))
                    <= Long.parseLong(number(stopped, "timestamp")));
        }
        // the webhook's counts on /metrics (the plugin's EventForwarder service, read by siprec-ops): exactly the nine
        // the receiver took (a dead receiver of the other test delivers nothing), nothing left in the queue
        await("/metrics: 9 more delivered").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> OpsEndpointsTest.value(OpsEndpointsTest.scrape(), delivered) - deliveredBefore, d -> d == 9.0);
        String metrics = OpsEndpointsTest.scrape();
        assertEquals(0.0, OpsEndpointsTest.value(metrics, "siprec_events_queued{forwarder=\"webhook\"}"), 0.0);
        for (String series : new String[] {"siprec_events_retried_total", "siprec_events_dropped_total",
                "siprec_events_failed_total"}) {
            assertTrue(series + " exposed", metrics.contains("\n" + series + "{forwarder=\"webhook\"}"));
        }
        // the recording id is the embedded SRS's: its index names it
        String index = Files.readString(karaf().home().resolve("data/recordings/index.jsonl"), StandardCharsets.UTF_8);
        for (List<String> events : byCall.values()) {
            assertTrue("the SRS's index has recording " + field(events.get(1), "recording.id"),
                    index.contains(field(events.get(1), "recording.id")));
        }
    }

    /**
     * Issue 14: the events carry the company of the call's served user. A company and a user with a number
     * provisioned through the portal's API (the directory of the distribution, H2), one call to that number (served
     * user, terminating): its three events have {@code "company":"acme"}; a call to a number nobody has: none.
     */
    @Test
    public void eventsCarryTheServedUsersCompany() throws Exception {
        String karafAuth = PortalHttp.basic("karaf", "karaf");
        for (String[] put : new String[][] {
            {"/api/v1/companies/acme", "{\"name\":\"ACME\",\"zone\":\"Europe/Paris\",\"country_code\":\"33\"}"},
            {"/api/v1/subscribers/alice", "{\"company\":\"acme\",\"name\":\"Alice\",\"numbers\":[\"+33140001001\"]}"}}) {
            await("PUT " + put[0]).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> PortalHttp.send(PortalHttp.request(put[0]).header("Authorization", karafAuth)
                            .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers
                                    .ofString(put[1]))).statusCode(), status -> status == 201 || status == 200);
        }
        karaf().configLive(PID, "urls", receiverUrl("company"));
        awaitLog("Recording events webhook: sending to [" + receiverUrl("company") + "]");
        RECEIVED.clear();
        for (String number : new String[] {"+33140001001", "+33140009999"}) {
            call(callee("uas_basic.xml").withPcap().timeout(Duration.ofSeconds(30)),
                    caller("uac_party.xml").key("from", "+33145550000").key("served", number).key("sescase", "term")
                            .service(number).withPcap().pause(800).timeout(Duration.ofSeconds(30)));
        }
        await("6 events at the receiver").atMost(Duration.ofSeconds(15)).until(() -> RECEIVED.size() >= 6);
        Map<String, List<String>> byCall = RECEIVED.stream().collect(Collectors.groupingBy(e -> field(e, "call.id"),
                java.util.LinkedHashMap::new, Collectors.toList()));
        assertEquals("two calls: " + byCall.keySet(), 2, byCall.size());
        List<List<String>> calls = new ArrayList<>(byCall.values());
        for (String event : calls.get(0)) {
            assertEquals("alice's call: " + event, "acme", field(event, "company"));
        }
        for (String event : calls.get(1)) {
            assertFalse("a number nobody has: no company in " + event, event.contains("\"company\""));
        }
    }

    @Test
    public void aDeadOrSilentReceiverDoesNotDelayCalls() throws Exception {
        // a closed port (connection refused), then a port that accepts connections and never answers
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        for (String url : new String[] {"http://127.0.0.1:" + closed + "/events", null}) {
            try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                String target = url != null ? url : "http://127.0.0.1:" + silent.getLocalPort() + "/events";
                karaf().configLive(PID, "urls", target);
                awaitLog("Recording events webhook: sending to [" + target + "]");
                long t0 = System.nanoTime();
                // 10 calls at 10 per second, each 500 ms long: done in ~1.5 s unless something holds the calls; a
                // call that waited for the receiver would wait a 1 s attempt per event (3 per call, 30 s in all),
                // so the bound is wide enough for a loaded machine and still far below that
                call(callee("uas_simple.xml").calls(10).timeout(Duration.ofSeconds(30)),
                        caller("uac_simple.xml").calls(10).rate(10).pause(500).timeout(Duration.ofSeconds(30)));
                long tookMs = (System.nanoTime() - t0) / 1_000_000;
                assertTrue("10 calls with the webhook at " + target + " took " + tookMs + " ms", tookMs < 15_000);
            }
        }
        // 30 events per round for a receiver that takes 300 ms (refused) or 1 s (silent) an attempt and a queue of
        // 50: failures (and drops) are counted and logged
        awaitLog("failed after 2 retries");
    }

    private void awaitLog(String line) {
        await("karaf.log: " + line).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> Files.readString(karaf().karafLog(), StandardCharsets.UTF_8).contains(line));
    }

    private static String receiverUrl(String path) {
        return RECEIVER.url(path);
    }

    private static String field(String json, String name) {
        return WebhookReceiver.field(json, name);
    }

    private static String number(String json, String name) {
        return WebhookReceiver.number(json, name);
    }
}
