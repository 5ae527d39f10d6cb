package org.siprec.src.b2bua;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siprec.api.ops.CallSummary;
import org.siprec.api.ops.RecordingControlException;
import org.siprec.api.ops.RecordingControlException.Reason;
import org.siprec.api.ops.RecordingSummary;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.RecordingPolicy;
import org.siprec.api.store.RecordingRecord;

/**
 * Several recordings of one call, each to its own SRS group (issues 11 and 14), on real sockets: SRS A is the only
 * SRS of group {@code default}, SRS B of group {@code qm}; each is a SIPp SRS answering with media ports of the test's
 * own UDP counters. Each recording is its own RS (own Call-ID, own metadata session), gets its own copies of the
 * caller's G.711 RTP, and ends on its own.
 */
class MultiRecordingSippTest {
    private static final int SIP = 25860;
    private static final String SRS_A = "sip:srs@127.0.0.1:25896";
    private static final String SRS_B = "sip:srs@127.0.0.1:25897";
    private static final int A_PORT = 34600;
    private static final int B_PORT = 34700;
    private static final Pattern SESSION_ID = Pattern.compile("<session session_id=\"([^\"]+)\"");

    private LoopbackPlatform platform;
    private CallRecordingControl control;
    private final SippFixture sipp = new SippFixture();
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final List<RecordingRecord> records = new CopyOnWriteArrayList<>();
    private RtpCounter a1;
    private RtpCounter a2;
    private RtpCounter b1;
    private RtpCounter b2;

    @BeforeEach
    void start() throws Exception {
        SippFixture.requirePcap();
        platform = new LoopbackPlatform(SIP, 34000, Map.of(), 50);
        platform.srs.bindSrsAdapter(SippFixture.srs(SRS_A), Map.of("service.id", 10L));
        platform.srs.bindSrsAdapter(SippFixture.srs(SRS_B), Map.of("service.id", 11L, "srs.group", "qm"));
        platform.reporter.bindAuditSink((time, callId, event, detail) -> audit.add(event + ": " + detail));
        platform.reporter.bindRecordingStore(records::add);
        control = new CallRecordingControl(platform.calls);
        a1 = new RtpCounter(A_PORT);
        a2 = new RtpCounter(A_PORT + 2);
        b1 = new RtpCounter(B_PORT);
        b2 = new RtpCounter(B_PORT + 2);
    }

    @AfterEach
    void stop() {
        sipp.close();
        a1.close();
        a2.close();
        b1.close();
        b2.close();
        platform.close();
    }

    private void policy(String name, long id, RecordingPolicy policy) {
        platform.policies.bindPolicy(policy, Map.of("service.ranking", (int) (100 - id), "service.id", id, "component.name", name));
    }

    /**
     * Two policies' RECORD verdicts, one naming group {@code qm}: two recordings, SRS A and SRS B each get an RS INVITE
     * of their own. SRS A is killed mid-call: SRS B keeps getting its copies, gets its BYE at the call's end, and the
     * call ends normally; the catalogue keeps one row per recording.
     */
    @Test
    void twoPoliciesToTwoGroupsGiveTwoRecordingsAndKillingOneSrsLeavesTheOther() throws Exception {
        policy("compliance", 1, session -> Decision.record("compliance"));
        policy("quality", 2, session -> Decision.record("quality sample").toSrsGroup("qm"));
        Process srsA = srs("multi-srs-a", "srs_takeover.xml", 25896, A_PORT);
        Process srsB = srs("multi-srs-b", "srs_takeover.xml", 25897, B_PORT);
        Call call = startCall(6000);

        await().atMost(Duration.ofSeconds(10)).until(() -> a1.count() >= 10 && b1.count() >= 10);
        CallSummary live = platform.calls.activeCalls().get(0);
        assertEquals(2, live.recordings().size(), live.toString());
        assertEquals(List.of("default", "qm"), live.recordings().stream().map(RecordingSummary::srsGroup).toList());
        assertEquals(List.of(SRS_A, SRS_B), live.recordings().stream().map(RecordingSummary::srs).toList());
        assertEquals(Set.of("RECORDING"), live.recordings().stream().map(RecordingSummary::state).collect(Collectors.toSet()));

        srsA.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        long killed = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> b1.after(killed) >= 25);

        assertEquals(0, SippFixture.waitFor(call.caller()), "the caller's call succeeded: " + SippFixture.errors("multi-uac"));
        assertEquals(0, SippFixture.waitFor(call.callee()), "the callee's call succeeded: " + SippFixture.errors("multi-uas"));
        assertEquals(0, SippFixture.waitFor(srsB), "SRS B got its complete RS INVITE, then the BYE at the call's end: "
                + SippFixture.errors("multi-srs-b"));
        String invitesA = SippFixture.messages("multi-srs-a");
        String invitesB = SippFixture.messages("multi-srs-b");
        assertTrue(invitesB.contains("BYE sip:"), "SRS B's BYE arrived: " + invitesB);
        assertNotEquals(sessionId(invitesA), sessionId(invitesB), "each recording has metadata of its own");
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 2);
        RecordingRecord toA = records.stream().filter(r -> r.srsUris().contains(SRS_A)).findFirst().orElseThrow();
        RecordingRecord toB = records.stream().filter(r -> r.srsUris().contains(SRS_B)).findFirst().orElseThrow();
        assertNotEquals(toA.recordingId(), toB.recordingId());
        assertEquals(toA.callId(), toB.callId());
        assertEquals("completed", toB.outcome());
        assertTrue(toA.decision().contains("compliance"), toA.decision());
        assertTrue(toB.decision().contains("quality: quality sample"), toB.decision());
        assertTrue(audit.stream().anyMatch(a -> a.startsWith("decision: RECORD (compliance: compliance)")
                && a.contains("recordings: default (compliance: compliance), qm (quality: quality sample)")), audit.toString());
    }

    /**
     * One policy records to {@code default}; a recording to {@code qm} is started on demand beside it; stopping that
     * one by its recording id sends SRS B its BYE mid-call while SRS A keeps recording to the end. A start to a group
     * no adapter serves is refused with that reason and changes nothing.
     */
    @Test
    void aRecordingStartedOnDemandToANamedGroupRunsBesideThePolicysAndStopsAlone() throws Exception {
        policy("compliance", 1, session -> Decision.record("compliance"));
        Process srsA = srs("ondemand-srs-a", "srs_takeover.xml", 25896, A_PORT);
        Process srsB = srs("ondemand-srs-b", "srs_takeover.xml", 25897, B_PORT);
        Call call = startCall(7000);
        await().atMost(Duration.ofSeconds(10)).until(() -> a1.count() >= 10);
        String callId = platform.calls.activeCalls().get(0).callId();

        RecordingControlException unknown = assertThrows(RecordingControlException.class,
                () -> control.start(callId, "agent-7", "nosuch"));
        assertEquals(Reason.SRS_REFUSED, unknown.reason());
        assertTrue(unknown.getMessage().contains("unknown SRS group nosuch"), unknown.getMessage());
        assertEquals(Reason.ALREADY_RECORDED, assertThrows(RecordingControlException.class,
                () -> control.start(callId, "agent-7", "default")).reason());

        control.start(callId, "agent-7", "qm");
        await().atMost(Duration.ofSeconds(5)).until(() -> b1.count() >= 10);
        RecordingSummary qm = platform.calls.activeCalls().get(0).recordings().stream()
                .filter(r -> r.srsGroup().equals("qm") && r.state().equals("RECORDING")).findFirst().orElseThrow();
        control.stop(callId, "agent-7", qm.recordingId());
        assertEquals(0, SippFixture.waitFor(srsB), "SRS B got its BYE mid-call: " + SippFixture.errors("ondemand-srs-b"));
        long stopped = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> a1.after(stopped) >= 25);
        assertTrue(call.caller().isAlive(), "the call goes on");
        List<String> states = platform.calls.activeCalls().get(0).recordings().stream()
                .map(r -> r.srsGroup() + " " + r.state()).toList();
        assertEquals(List.of("default RECORDING", "nosuch FAILED", "qm STOPPED"), states);

        assertEquals(0, SippFixture.waitFor(call.caller()), "the caller's call succeeded: " + SippFixture.errors("multi-uac"));
        assertEquals(0, SippFixture.waitFor(call.callee()), "the callee's call succeeded: " + SippFixture.errors("multi-uas"));
        assertEquals(0, SippFixture.waitFor(srsA), "SRS A recorded to the end: " + SippFixture.errors("ondemand-srs-a"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 3);
        assertEquals(List.of("failed: unknown SRS group nosuch (groups: [default, qm])", "completed", "completed"),
                records.stream().map(RecordingRecord::outcome).toList());
        assertTrue(records.get(1).decision().startsWith("RECORD (on demand by agent-7) srs-group qm"), records.get(1).decision());
        assertTrue(audit.contains("recording.stopped: " + SRS_B + "; srs group qm; on demand by agent-7, the call goes on"), audit.toString());
    }

    private static String sessionId(String messages) {
        Matcher m = SESSION_ID.matcher(messages);
        assertTrue(m.find(), "an RS INVITE with metadata: " + messages);
        return m.group(1);
    }

    private Process srs(String name, String scenario, int port, int mediaPort) throws Exception {
        return sipp.sipp(name, "-sf", SippFixture.scenario(scenario), "-key", "port1", Integer.toString(mediaPort),
                "-key", "port2", Integer.toString(mediaPort + 2), "-i", "127.0.0.1", "-p", Integer.toString(port), "-m", "1");
    }

    private record Call(Process caller, Process callee) {
    }

    private Call startCall(int millis) throws Exception {
        Process callee = sipp.sipp("multi-uas", "-sf", SippFixture.scenario("uas.xml"), "-i", "127.0.0.1", "-p", "25870",
                "-mi", "127.0.0.1", "-mp", "34810", "-m", "1");
        Process caller = sipp.sipp("multi-uac", "-sf", SippFixture.scenario("uac_rtp.xml"), "-key", "dest", "127.0.0.1:25870",
                "-key", "pcap", SippFixture.PCAP, "-s", "callee", "-d", Integer.toString(millis), "-i", "127.0.0.1",
                "-p", "25880", "-mi", "127.0.0.1", "-mp", "34820", "-m", "1", "127.0.0.1:" + SIP);
        return new Call(caller, callee);
    }
}
