package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.AfterClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.sipp.Sipp;

/**
 * Issue 14's proof through the distribution, in one run: what the platform counts on {@code /metrics} and posts to a
 * webhook equals what SIPp callers, callees and SIPp SRSs observed.
 * <p>
 * First an INVITE from an untrusted source (127.0.0.2, not in {@code trusted.peers}): refused with 403, counted
 * {@code siprec_sip_requests_rejected_total{reason="untrusted",detail="requests.untrusted"}} once, as the SIPp caller
 * got one 403. Not equal to the peer's view: the same INVITE is also counted by the SIP door
 * ({@code detail="sip.door.untrusted.refused"}), and so is its ACK, so the sum over {@code reason="untrusted"} is 3 for
 * one refused INVITE; the test asserts the admission's detail only.
 * <p>
 * One Karaf: the record-all policy plus the example policy ({@code siprec-policy-example}, prefixes {@code +800}:
 * SKIP vetoes), DTMF feature codes {@code record.start.dtmf=*1} / {@code record.stop.dtmf=*2}, the webhook
 * ({@code siprec-events-webhook}) posting to a test receiver, the default SRS group = SIPp SRS A, group {@code qm}
 * ({@code etc/org.siprec.srs.sip.group-qm.cfg}) = SIPp SRS B. Five calls, one after the other:
 * <ol>
 * <li>to +33140001001: the policies record it (SRS A);</li>
 * <li>to +80012345: the example policy skips it, nothing is recorded;</li>
 * <li>to +80099 (skipped): {@code siprec:record start} then {@code stop} through {@code bin/client} (SRS A);</li>
 * <li>to +80077 (skipped, {@code uac_dtmf.xml}): the caller's RFC 4733 {@code *1} starts a recording, {@code *2}
 *     stops it (SRS A);</li>
 * <li>to +33140001002: recorded by the policies at SRS A, {@code siprec:record --srs-group qm start} adds one at SRS
 *     B; SRS A is killed mid-call; the call and SRS B's recording complete.</li>
 * </ol>
 * Then, as deltas of {@code /metrics} read before and after: calls started and ended by outcome = the calls the SIPp
 * callers and callees completed; recording decisions and each policy's decisions by result = the calls to recorded
 * and to skipped numbers; recordings started per SRS = the RS INVITEs each SRS received (distinct Call-IDs, from its
 * message trace); recordings active during the call with two = 2 (one RS open at each SRS); recordings completed per SRS = the RS BYEs it received, except for the killed SRS (below); no
 * recording failed. The webhook's events, grouped by call and recording id (= the RS Call-ID at the
 * SRS), are in order {@code REQUESTED -> STARTED -> STOPPED|FAILED}, numbered in order, one REQUESTED per recording,
 * and their recording ids are exactly the RS Call-IDs the SRSs saw.
 * <p>
 * What cannot equal the SRS's view: SRS A, killed mid-call, vanishes silently (UDP, no BYE, not probed by OPTIONS in
 * this run). The platform learns nothing of it: when the call ends it sends the RS BYE into the void and counts that
 * recording {@code completed} and posts {@code STOPPED} ("call ended"), so {@code siprec_recordings_completed_total}
 * for SRS A is one more than the BYEs SRS A received. Counting it {@code failed} would need the SRC to report the RS
 * BYE's transaction timeout (32 s) as a loss, which it does not do; the test asserts the platform's present behaviour
 * and says so. An SRS that ends the RS itself (BYE) is the case the platform counts as lost ({@code SrsFailoverTest}).
 * <p>
 * Not asserted here (see docs/testing.md): media packet counters against the SRS (SIPp counts no received RTP;
 * {@code OpsEndpointsTest} and {@code MultiRecordingTest} count RTP with tshark), set-up and decision latencies (no
 * SRS-side equivalent), SRS health (the SRSs here are not probed; {@code OpsEndpointsTest} covers readiness), requests
 * rejected as rate-limited or malformed ({@code AdmissionAndBadInputTest}, {@code HostileInputAbuseTest}), pause/resume events
 * ({@code PauseResumeTest}).
 */
public class OperatingProofTest extends RecordingSupport {
    private static final String WEBHOOK = "org.siprec.events.webhook";
    private static final WebhookReceiver RECEIVER = WebhookReceiver.start();
    private static final String EXAMPLE = "org.siprec.policy.example";

    @ClassRule
    public static final KarafResource KARAF = recordingKaraf(OperatingProofTest.class, k -> {
        k.config(EXAMPLE, "prefixes", "+800")
                .config("org.siprec.src", "record.start.dtmf", "*1")
                .config("org.siprec.src", "record.stop.dtmf", "*2")
                .config(WEBHOOK, "urls", RECEIVER.url("proof"))
                .config(WEBHOOK, "timeout.ms", "2000").config(WEBHOOK, "retries", "3").config(WEBHOOK, "backoff.ms", "100");
        k.bootFeature("siprec-events-webhook");
        k.bootFeature("siprec-policy-example");
    });

    private static final Pattern CALL_ID = Pattern.compile("(?mi)^Call-ID: *(\\S+)");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(40);

    /** Calls the SIPp callers and callees completed (trace_stat SuccessfulCall), summed over the phases. */
    private long callerCalls;
    private long calleeCalls;

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @AfterClass
    public static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    public void metricsAndEventsEqualWhatSippAndTheSrssObserved() throws Exception {
        int sipA = srsSip();
        int sipB = srsSip() + 1;
        int mediaA = srsMedia();
        int mediaB = srsMedia() + 4;
        String srsA = srsUri(sipA);
        String srsB = srsUri(sipB);
        useSrs(srsA);
        useGroup("qm", srsB);
        await("the webhook posts to the receiver").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> logSince(0).contains("Recording events webhook: sending to [" + RECEIVER.url("proof") + "]"));

        Sipp srsAUa = srs("srsA", "srs_answer.xml", sipA, mediaA).key("port1", Integer.toString(mediaA))
                .key("dir1", "recvonly").key("port2", Integer.toString(mediaA + 2)).key("dir2", "recvonly")
                .calls(10).timeout(Duration.ofSeconds(120));
        Sipp srsBUa = srs("srsB", "srs_answer.xml", sipB, mediaB).key("port1", Integer.toString(mediaB))
                .key("dir1", "recvonly").key("port2", Integer.toString(mediaB + 2)).key("dir2", "recvonly")
                .timeout(Duration.ofSeconds(120));
        Sipp.Run srsARun = started(srsAUa.startListening());
        Sipp.Run srsBRun = started(srsBUa.startListening());
        String before = OpsEndpointsTest.scrape();
        RECEIVER.clear();

        // 0: an INVITE from a source not in trusted.peers (127.0.0.2 is loopback too): refused with 403, no call
        Sipp.Run untrusted = started(caller("caller-untrusted", "uac_expect_403.xml").localIp("127.0.0.2").args("-bind_local")
                .timeout(CALL_TIMEOUT).start());
        assertSucceeded(untrusted);
        long refused = untrusted.stat("SuccessfulCall(C)");

        // 1, 2: the policies record one and skip the other
        partyCall("recorded", "+33140001001", 500);
        partyCall("skipped", "+80012345", 500);

        // 3: on demand from the shell, a call no policy records
        Sipp.Run callee = started(callee("callee-ondemand", "uas_basic.xml").withPcap().timeout(CALL_TIMEOUT).startListening());
        Sipp onDemandUa = party("ondemand", "+80099", 12_000);
        Sipp.Run caller = started(onDemandUa.start());
        String onDemandCall = callIdOf(onDemandUa);
        String startedOut = await("siprec:record start").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300))
                .until(() -> PolicyDirectoryTest.client(karaf(), "siprec:record start " + onDemandCall),
                        o -> o.contains("started at")); // until the callee answered: Error (NOT_ANSWERED)
        await("the on-demand RS INVITE at SRS A").atMost(Duration.ofSeconds(10)).until(() -> rsCallIds(srsAUa, "INVITE").size() == 2);
        String stoppedOut = PolicyDirectoryTest.client(karaf(), "siprec:record stop " + onDemandCall);
        assertTrue("stop on demand: " + stoppedOut, stoppedOut.contains("stopped at"));
        await("the on-demand RS BYE at SRS A").atMost(Duration.ofSeconds(10)).until(() -> rsCallIds(srsAUa, "BYE").size() == 2);
        assertTrue("the call goes on after the stop", caller.isAlive());
        finished(caller, callee);

        // 4: by DTMF from the caller: *1 starts, *2 stops
        callee = started(callee("callee-dtmf", "uas_basic.xml").withPcap().timeout(CALL_TIMEOUT).startListening());
        caller = started(caller("caller-dtmf", "uac_dtmf.xml").service("+80077").withPcap().timeout(CALL_TIMEOUT).start());
        finished(caller, callee);
        await("the DTMF recording's RS INVITE and BYE at SRS A").atMost(Duration.ofSeconds(10))
                .until(() -> rsCallIds(srsAUa, "BYE").size() == 3);

        // 5: two recordings of one call (policies -> SRS A, on demand -> group qm, SRS B); SRS A dies mid-call
        callee = started(callee("callee-two", "uas_basic.xml").withPcap().timeout(CALL_TIMEOUT).startListening());
        Sipp twoUa = party("two", "+33140001002", 10_000);
        caller = started(twoUa.start());
        String twoCall = callIdOf(twoUa);
        await("the policy's RS INVITE at SRS A").atMost(Duration.ofSeconds(15)).until(() -> rsCallIds(srsAUa, "INVITE").size() == 4);
        String qm = PolicyDirectoryTest.client(karaf(), "siprec:record --srs-group qm start " + twoCall);
        assertTrue("a second recording to group qm: " + qm, qm.contains("to SRS group qm started at"));
        await("the RS INVITE at SRS B").atMost(Duration.ofSeconds(10)).until(() -> rsCallIds(srsBUa, "INVITE").size() == 1);
        await("/metrics: two recordings active, as the two SRSs have one RS each").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(300)).until(() -> delta(before, OpsEndpointsTest.scrape(), "siprec_recordings_active"), n -> n == 2);
        srsARun.close(); // SRS A dies mid-call
        assertTrue("the call goes on after SRS A died", caller.isAlive());
        finished(caller, callee);
        assertSucceeded(srsBRun);

        // what the SRSs observed
        Set<String> invitesA = rsCallIds(srsAUa, "INVITE");
        Set<String> byesA = rsCallIds(srsAUa, "BYE");
        Set<String> invitesB = rsCallIds(srsBUa, "INVITE");
        Set<String> byesB = rsCallIds(srsBUa, "BYE");
        assertEquals("SRS A: recorded, on demand, DTMF, the two-recording call: " + invitesA, 4, invitesA.size());
        assertEquals("SRS A got no BYE of the call it died in: " + byesA, 3, byesA.size());
        assertEquals("SRS B: one recording, completed: " + byesB, invitesB, byesB);
        Set<String> allRs = new TreeSet<>(invitesA);
        allRs.addAll(invitesB);

        // every recording has ended (the one at the dead SRS once the SRC gave up on it): its last event arrived
        Map<String, List<String>> byCall = await("a STOPPED or FAILED event for each of the 5 recordings")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> eventsByCall(RECEIVER.received()), OperatingProofTest::allEnded);
        String after = await("/metrics: no recording active any more").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500)).until(OpsEndpointsTest::scrape,
                        m -> delta(before, m, "siprec_recordings_active") == 0);
        after.lines().filter(l -> l.matches("siprec_(calls|recording|policy_decisions|sip_requests)\\S*\\{?.*")).forEach(l ->
                System.out.println("[blackbox] after: " + l));
        System.out.println("[blackbox] operating proof: SRS A " + invitesA.size() + " RS, " + byesA.size() + " BYE; SRS B "
                + invitesB.size() + " RS, " + byesB.size() + " BYE; callers " + callerCalls + ", callees " + calleeCalls
                + "; events " + RECEIVER.received().size());

        // calls: as the SIPp callers and callees counted them
        assertEquals("SIPp callers and callees agree", callerCalls, calleeCalls);
        assertEquals(5, callerCalls);
        assertEquals("calls started = the calls SIPp completed", callerCalls, delta(before, after, "siprec_calls_started_total"));
        assertEquals("calls ended answered", callerCalls, delta(before, after, "siprec_calls_ended_total", "outcome=answered"));
        assertEquals("calls ended unanswered", 0, delta(before, after, "siprec_calls_ended_total", "outcome=unanswered"));

        // requests rejected: the 403s the untrusted SIPp caller got
        assertEquals(1, refused);
        // the admission's count equals the 403s; the door's detail="sip.door.untrusted.refused" also counts that INVITE
        // and its ACK, so the sum over reason="untrusted" is 3 for one refused INVITE (reported; see the javadoc)
        assertEquals("requests rejected as untrusted (admission) = the 403s SIPp got", refused,
                delta(before, after, "siprec_sip_requests_rejected_total", "reason=untrusted", "detail=requests.untrusted"));
        assertEquals("nothing rate-limited", 0, delta(before, after, "siprec_sip_requests_rejected_total", "reason=rate-limited"));
        assertEquals("nothing malformed", 0, delta(before, after, "siprec_sip_requests_rejected_total", "reason=malformed"));

        // decisions: two calls to recorded numbers, three to +800 numbers
        assertEquals(2, delta(before, after, "siprec_recording_decisions_total", "decision=record"));
        assertEquals(3, delta(before, after, "siprec_recording_decisions_total", "decision=skip"));
        assertEquals("the example skipped the +800 calls", 3,
                delta(before, after, "siprec_policy_decisions_total", "policy=" + EXAMPLE, "result=skip"));
        assertEquals("the example had no opinion on the others", 2,
                delta(before, after, "siprec_policy_decisions_total", "policy=" + EXAMPLE, "result=abstain"));
        assertEquals("record-all asked for every call", 5,
                delta(before, after, "siprec_policy_decisions_total", "policy=org.siprec.policy.recordall", "result=record"));

        // recordings: as each SRS saw them
        assertEquals("started at SRS A = RS INVITEs it received", invitesA.size(),
                delta(before, after, "siprec_recordings_started_total", "srs=" + srsA));
        assertEquals("started at SRS B = RS INVITEs it received", invitesB.size(),
                delta(before, after, "siprec_recordings_started_total", "srs=" + srsB));
        // SRS A vanished silently (killed: no BYE, over UDP, not probed): the platform learns nothing of it and counts
        // that recording completed when the call ends, one more than the BYEs SRS A received (see the class javadoc)
        assertEquals("completed at SRS A = RS BYEs it received + the one it died in", byesA.size() + 1,
                delta(before, after, "siprec_recordings_completed_total", "srs=" + srsA));
        assertEquals("completed at SRS B = RS BYEs it received", byesB.size(),
                delta(before, after, "siprec_recordings_completed_total", "srs=" + srsB));
        assertEquals("no recording failed", 0, delta(before, after, "siprec_recordings_failed_total"));
        assertEquals("every recording started was counted once", invitesA.size() + invitesB.size(),
                delta(before, after, "siprec_recordings_completed_total"));

        // events: per call and per recording, in order; recording ids = the RS Call-IDs the SRSs saw
        assertEquals("recorded calls with events: " + byCall.keySet(), 4, byCall.size());
        Set<String> recordingIds = new TreeSet<>();
        for (Map.Entry<String, List<String>> call : byCall.entrySet()) {
            List<String> events = call.getValue();
            List<String> sequence = events.stream().map(e -> WebhookReceiver.number(e, "sequence")).toList();
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= events.size(); i++) {
                expected.add(Integer.toString(i));
            }
            assertEquals("numbered in arrival order: " + events, expected, sequence);
            Map<String, List<String>> byRecording = new LinkedHashMap<>();
            int requested = 0;
            for (String e : events) {
                String topic = WebhookReceiver.field(e, "event");
                if (topic.equals("REQUESTED")) {
                    requested++;
                    continue;
                }
                String id = WebhookReceiver.field(e, "recording.id");
                assertTrue("REQUESTED before " + topic + ": " + events, requested > byRecording.size()
                        || byRecording.containsKey(id));
                byRecording.computeIfAbsent(id, x -> new ArrayList<>()).add(topic);
            }
            assertEquals("one REQUESTED per recording: " + events, byRecording.size(), requested);
            for (Map.Entry<String, List<String>> r : byRecording.entrySet()) {
                // the recording at the dead SRS too ends STOPPED (the platform did not learn of the death)
                assertEquals("recording " + r.getKey() + " of call " + call.getKey() + ": " + events,
                        List.of("STARTED", "STOPPED"), r.getValue());
            }
            recordingIds.addAll(byRecording.keySet());
        }
        assertEquals("the recordings of the events are the RS the SRSs received", allRs, recordingIds);
        assertEquals("two recordings in the call with two: " + byCall.get(twoCall), 2,
                byCall.get(twoCall).stream().filter(e -> e.contains("\"STARTED\"")).count());
        assertTrue("on demand by the shell: " + byCall.get(onDemandCall), byCall.get(onDemandCall).stream()
                .anyMatch(e -> e.contains("\"REQUESTED\"") && "shell:karaf".equals(WebhookReceiver.field(e, "actor"))));
        assertTrue("started by DTMF from the caller: " + byCall, byCall.values().stream().flatMap(List::stream)
                .anyMatch(e -> e.contains("\"REQUESTED\"") && "dtmf:caller".equals(WebhookReceiver.field(e, "actor"))));
    }

    /** A call to {@code number} (the served user, terminating), {@code millis} long, run to its end. */
    private void partyCall(String role, String number, int millis) {
        Sipp.Run callee = started(callee("callee-" + role, "uas_basic.xml").withPcap().timeout(CALL_TIMEOUT).startListening());
        Sipp.Run caller = started(party(role, number, millis).start());
        finished(caller, callee);
    }

    private Sipp party(String role, String number, int millis) {
        return caller("caller-" + role, "uac_party.xml").key("from", "+33145550000").key("served", number)
                .key("sescase", "term").service(number).withPcap().pause(millis).timeout(CALL_TIMEOUT);
    }

    /** Waits for both ends of a call, which must succeed, and counts the calls each completed. */
    private void finished(Sipp.Run caller, Sipp.Run callee) {
        assertSucceeded(caller);
        assertSucceeded(callee);
        callerCalls += caller.stat("SuccessfulCall(C)");
        calleeCalls += callee.stat("SuccessfulCall(C)");
    }

    /** The Call-ID of the caller's INVITE (the A-leg's, as the shell names the call). */
    private static String callIdOf(Sipp caller) {
        return await("the caller's INVITE").atMost(Duration.ofSeconds(10)).until(() -> {
            if (!java.nio.file.Files.exists(caller.file("messages.log"))) {
                return null;
            }
            Matcher m = CALL_ID.matcher(java.nio.file.Files.readString(caller.file("messages.log"),
                    java.nio.charset.StandardCharsets.ISO_8859_1));
            return m.find() ? m.group(1) : null;
        }, java.util.Objects::nonNull);
    }

    /** Distinct Call-IDs of the requests of this method an SRS received (retransmissions counted once). */
    private static Set<String> rsCallIds(Sipp srs, String method) {
        if (!java.nio.file.Files.exists(srs.file("messages.log"))) {
            return Set.of();
        }
        return SippTrace.read(srs.file("messages.log")).received(method).stream().map(m -> m.header("Call-ID"))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The events by call id, each call's in arrival order. */
    private static Map<String, List<String>> eventsByCall(List<String> events) {
        return events.stream().collect(Collectors.groupingBy(e -> WebhookReceiver.field(e, "call.id"), LinkedHashMap::new,
                Collectors.toList()));
    }

    /** Five recordings requested and each has its STOPPED or FAILED. */
    private static boolean allEnded(Map<String, List<String>> byCall) {
        List<String> all = byCall.values().stream().flatMap(List::stream).toList();
        long requested = all.stream().filter(e -> e.contains("\"event\":\"REQUESTED\"")).count();
        long ended = all.stream().filter(e -> e.contains("\"event\":\"STOPPED\"") || e.contains("\"event\":\"FAILED\"")).count();
        return requested == 5 && ended == 5;
    }

    /**
     * The change of a metric between two scrapes, summed over its series that carry these labels ({@code key=value});
     * a series absent from a scrape counts 0.
     */
    static long delta(String before, String after, String name, String... labels) {
        return Math.round(sum(after, name, labels) - sum(before, name, labels));
    }

    private static double sum(String text, String name, String... labels) {
        Pattern sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{([^}]*)\\})? (\\S+)$");
        Matcher m = sample.matcher(text);
        double total = 0;
        while (m.find()) {
            String set = "," + (m.group(1) == null ? "" : m.group(1));
            boolean all = true;
            for (String label : labels) {
                int eq = label.indexOf('=');
                all &= set.contains("," + label.substring(0, eq) + "=\"" + label.substring(eq + 1) + "\"");
            }
            if (all) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }
}
