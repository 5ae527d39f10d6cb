package org.siprec.src.b2bua;

import static org.siprec.src.b2bua.SippFixture.PCAP;
import static org.siprec.src.b2bua.SippFixture.errors;
import static org.siprec.src.b2bua.SippFixture.messages;
import static org.siprec.src.b2bua.SippFixture.scenario;
import static org.siprec.src.b2bua.SippFixture.waitFor;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siprec.api.ops.RecordingControlException;
import org.siprec.api.ops.RecordingControlException.Reason;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.RecordingPolicy;
import org.siprec.api.srs.SrsAdapter;
import org.siprec.api.srs.SrsOutcome;
import org.siprec.api.srs.SrsTarget;
import org.siprec.api.store.RecordingRecord;

/**
 * Recording on demand ({@link CallRecordingControl#start}, {@link CallRecordingControl#stop}) on real sockets: SIPp
 * as caller (sending 7 s of G.711 RTP from a pcap), callee and SIPREC SRS ({@code srs_ondemand.xml}, which checks
 * the RS INVITE and expects the BYE), and the SRS's media ports as the test's own UDP sockets.
 */
class RecordingOnDemandSippTest {
    private static final int SIP = 25760;
    private static final int SRS_SIP = 25796;
    private static final int SRS_PORT1 = 28500;
    private static final int SRS_PORT2 = 28502;
    /** A copy sent just before the stop took effect may still be on its way (one packet interval). */
    private static final long IN_FLIGHT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private LoopbackPlatform platform;
    private CallRecordingControl control;
    private volatile Decision decision = Decision.skip("test: not chosen");
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final List<RecordingRecord> records = new CopyOnWriteArrayList<>();
    private RtpCounter label1;
    private RtpCounter label2;

    private final SippFixture sipp = new SippFixture();

    @BeforeEach
    void start() throws Exception {
        SippFixture.requirePcap();
        platform = new LoopbackPlatform(SIP, 28000, Map.of(), 50);
        RecordingPolicy policy = session -> decision;
        platform.policies.bindPolicy(policy, Map.of("service.ranking", 0, "service.id", 1L, "component.name", "test-policy"));
        platform.srs.bindSrsAdapter(new SrsAdapter() {
            @Override
            public List<SrsTarget> targets(org.siprec.api.model.CommunicationSession session) {
                return List.of(new SrsTarget("sip:srs@127.0.0.1:" + SRS_SIP));
            }

            @Override
            public boolean healthy() {
                return true;
            }

            @Override
            public void report(SrsTarget target, SrsOutcome outcome) {
            }
        }, Map.of("service.id", 2L));
        platform.reporter.bindAuditSink((time, callId, event, detail) -> audit.add(event + ": " + detail));
        platform.reporter.bindRecordingStore(records::add);
        control = new CallRecordingControl(platform.calls);
        label1 = new RtpCounter(SRS_PORT1);
        label2 = new RtpCounter(SRS_PORT2);
    }

    @AfterEach
    void stop() {
        sipp.close(); // a failed test leaves no SIPp holding the next test's ports
        label1.close();
        label2.close();
        platform.close();
    }

    @Test
    void aCallNoPolicyChoseIsRecordedOnDemandAndStoppedWhileTheCallGoesOn() throws Exception {
        Process srs = sipp.sipp("srs-ondemand", "-sf", scenario("srs_ondemand.xml"), "-key", "port1", Integer.toString(SRS_PORT1),
                "-key", "port2", Integer.toString(SRS_PORT2), "-i", "127.0.0.1", "-p", Integer.toString(SRS_SIP), "-m", "1");
        Parties call = startCall(6000);
        String callId = answered();

        assertEquals(Reason.NO_SUCH_CALL, assertThrows(RecordingControlException.class, () -> control.start("no-such-call", "test")).reason());
        RecordingControlException notRecorded = assertThrows(RecordingControlException.class, () -> control.stop(callId, "shell:test"));
        assertEquals(Reason.NOT_RECORDED, notRecorded.reason());
        assertTrue(notRecorded.getMessage().contains("is not recorded"), notRecorded.getMessage());
        assertEquals(0, label1.count() + label2.count(), "nothing reaches the SRS before the start");

        control.start(callId, "shell:test");
        await().atMost(Duration.ofSeconds(3)).until(() -> label1.count() >= 10);
        RecordingControlException again = assertThrows(RecordingControlException.class, () -> control.start(callId, "shell:test"));
        assertEquals(Reason.ALREADY_RECORDED, again.reason());

        control.stop(callId, "shell:test");
        long stopped = System.nanoTime();
        assertEquals(0, waitFor(srs), "the SRS got a complete RS INVITE, then the BYE: " + errors("srs-ondemand"));
        assertFalse(platform.calls.activeCalls().isEmpty(), "the call goes on after the recording stopped");
        String invite = messages("srs-ondemand");
        assertTrue(invite.contains("on demand by shell:test"), "the metadata's decision says who started it: " + invite);
        // the caller keeps sending (50 packets/s) for another 2 s: not one copy may reach the SRS
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(2))
                .until(() -> label1.after(stopped + IN_FLIGHT_NANOS) + label2.after(stopped + IN_FLIGHT_NANOS) == 0);
        assertEquals(Reason.NOT_RECORDED, assertThrows(RecordingControlException.class, () -> control.stop(callId, "shell:test")).reason());
        assertEquals(Reason.ALREADY_RECORDED, assertThrows(RecordingControlException.class, () -> control.start(callId, "shell:test")).reason(),
                "one recording per call");

        assertCallEnds(call);
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        RecordingRecord record = records.get(0);
        assertTrue(record.decision().startsWith("RECORD (on demand by shell:test); policies: test-policy=SKIP"), record.decision());
        assertEquals("completed", record.outcome());
        assertEquals(List.of("decision", "decision", "recording.started", "recording.stopped"), events(),
                "nothing more happens to the recording when the call ends: " + audit);
        assertTrue(audit.get(2).contains("on demand by shell:test") && audit.get(3).contains("on demand by shell:test"), audit.toString());
    }

    @Test
    void aMandatoryRecordingCannotBeStopped() throws Exception {
        decision = new Decision(Decision.Verdict.RECORD, "test: the law", true, Optional.empty());
        Process srs = sipp.sipp("srs-ondemand", "-sf", scenario("srs_ondemand.xml"), "-key", "port1", Integer.toString(SRS_PORT1),
                "-key", "port2", Integer.toString(SRS_PORT2), "-i", "127.0.0.1", "-p", Integer.toString(SRS_SIP), "-m", "1");
        Parties call = startCall(3000);
        await().atMost(Duration.ofSeconds(5)).until(() -> audit.stream().anyMatch(a -> a.startsWith("recording.started")));
        String callId = platform.calls.activeCalls().get(0).callId();

        RecordingControlException refused = assertThrows(RecordingControlException.class, () -> control.stop(callId, "shell:test"));
        assertEquals(Reason.MANDATORY, refused.reason());
        assertTrue(refused.getMessage().contains("is mandatory (test-policy: test: the law) and cannot be stopped"), refused.getMessage());
        assertEquals(Reason.ALREADY_RECORDED, assertThrows(RecordingControlException.class, () -> control.start(callId, "shell:test")).reason());
        long refusal = System.nanoTime();
        await().atMost(Duration.ofSeconds(2)).until(() -> label1.after(refusal) >= 10); // still recorded

        assertCallEnds(call);
        assertEquals(0, waitFor(srs), "the SRS got the BYE only when the call ended: " + errors("srs-ondemand"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertTrue(records.get(0).decision().startsWith("RECORD (test-policy: test: the law) mandatory"), records.get(0).decision());
        assertEquals(List.of("decision", "recording.started", "recording.stopped", "recording.stopped"), events());
        assertTrue(audit.get(2).contains("stop by shell:test refused: recording is mandatory"), audit.toString());
    }

    @Test
    void aCallThatIsNotAnsweredYetCannotBeStarted() throws Exception {
        Process callee = sipp.sipp("uas", "-sf", scenario("uas_ring_then_answer.xml"), "-d", "2000", "-i", "127.0.0.1", "-p", "25770",
                "-mi", "127.0.0.1", "-mp", "28600", "-m", "1");
        Process caller = sipp.sipp("uac-rtp", "-sf", scenario("uac_rtp.xml"), "-key", "dest", "127.0.0.1:25770", "-key", "pcap", PCAP,
                "-s", "callee", "-d", "500", "-i", "127.0.0.1", "-p", "25780", "-mi", "127.0.0.1",
                "-mp", "28610", "-m", "1", "127.0.0.1:" + SIP);
        await().atMost(Duration.ofSeconds(3)).until(() -> !platform.calls.activeCalls().isEmpty()
                && "EARLY".equals(platform.calls.activeCalls().get(0).state()));
        String callId = platform.calls.activeCalls().get(0).callId();
        RecordingControlException ringing = assertThrows(RecordingControlException.class, () -> control.start(callId, "shell:test"));
        assertEquals(Reason.NOT_ANSWERED, ringing.reason());
        assertTrue(ringing.getMessage().contains("is not answered yet"), ringing.getMessage());
        assertCallEnds(new Parties(caller, callee));
        assertEquals(List.of("decision"), events(), "nothing was started");
    }

    /** The caller and callee of one call, the caller sending RTP and hanging up after {@code millis}. */
    private record Parties(Process caller, Process callee) {
    }

    private Parties startCall(int millis) throws Exception {
        Process callee = sipp.sipp("uas", "-sf", scenario("uas.xml"), "-i", "127.0.0.1", "-p", "25770", "-mi", "127.0.0.1", "-mp", "28600", "-m", "1");
        Process caller = sipp.sipp("uac-rtp", "-sf", scenario("uac_rtp.xml"), "-key", "dest", "127.0.0.1:25770", "-key", "pcap", PCAP,
                "-s", "callee", "-d", Integer.toString(millis), "-i", "127.0.0.1", "-p", "25780", "-mi", "127.0.0.1",
                "-mp", "28610", "-m", "1", "127.0.0.1:" + SIP);
        return new Parties(caller, callee);
    }

    /** Waits until the call is answered (CONFIRMED); returns its Call-ID. */
    private String answered() {
        await().atMost(Duration.ofSeconds(5)).until(() -> !platform.calls.activeCalls().isEmpty()
                && "CONFIRMED".equals(platform.calls.activeCalls().get(0).state()));
        return platform.calls.activeCalls().get(0).callId();
    }

    private void assertCallEnds(Parties call) throws Exception {
        assertEquals(0, waitFor(call.caller()), "the caller's call succeeded: " + errors("uac-rtp"));
        assertEquals(0, waitFor(call.callee()), "the callee's call succeeded: " + errors("uas"));
        await().atMost(Duration.ofSeconds(5)).until(() -> platform.calls.activeCalls().isEmpty());
    }

    private List<String> events() {
        return audit.stream().map(a -> a.substring(0, a.indexOf(':'))).toList();
    }

}
