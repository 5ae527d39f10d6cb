package org.siprec.src.b2bua;

import static org.siprec.src.b2bua.SippFixture.PCAP;
import static org.siprec.src.b2bua.SippFixture.errors;
import static org.siprec.src.b2bua.SippFixture.scenario;
import static org.siprec.src.b2bua.SippFixture.waitFor;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * Pause and resume of a recording ({@link CallRecordingControl}) on real sockets: SIPp as caller (sending 7 s of
 * G.711 RTP from a pcap), callee and SIPREC SRS ({@code srs_pause.xml}, {@code srs_pause_refuse.xml}, which check the
 * re-INVITEs), and the SRS's media ports as the test's own UDP sockets, which note when each copy arrives.
 */
class RecordingPauseSippTest {
    private static final int SIP = 25460;
    private static final int SRS_PORT1 = 27500;
    private static final int SRS_PORT2 = 27502;
    /** A copy sent just before the pause took effect may still be on its way (one packet interval). */
    private static final long IN_FLIGHT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private LoopbackPlatform platform;
    private CallRecordingControl control;
    private volatile Decision decision = Decision.record("test");
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final List<RecordingRecord> records = new CopyOnWriteArrayList<>();
    /** When each audit event first reached the test ({@link System#nanoTime()}). */
    private final Map<String, Long> auditNanos = new java.util.concurrent.ConcurrentHashMap<>();
    private RtpCounter label1;
    private RtpCounter label2;

    private final SippFixture sipp = new SippFixture();

    @BeforeEach
    void start() throws Exception {
        SippFixture.requirePcap();
        platform(Map.of());
        label1 = new RtpCounter(SRS_PORT1);
        label2 = new RtpCounter(SRS_PORT2);
    }

    private void platform(Map<String, Object> src) throws Exception {
        platform = new LoopbackPlatform(SIP, 27000, src, 50);
        RecordingPolicy policy = session -> decision;
        platform.policies.bindPolicy(policy, Map.of("service.ranking", 0, "service.id", 1L, "component.name", "test-policy"));
        platform.srs.bindSrsAdapter(new SrsAdapter() {
            @Override
            public List<SrsTarget> targets(org.siprec.api.model.CommunicationSession session) {
                return List.of(new SrsTarget("sip:srs@127.0.0.1:25496"));
            }

            @Override
            public boolean healthy() {
                return true;
            }

            @Override
            public void report(SrsTarget target, SrsOutcome outcome) {
            }
        }, Map.of("service.id", 2L));
        platform.reporter.bindAuditSink((time, callId, event, detail) -> {
            auditNanos.putIfAbsent(event, System.nanoTime());
            audit.add(event + ": " + detail);
        });
        platform.reporter.bindRecordingStore(records::add);
        control = new CallRecordingControl(platform.calls);
    }

    @AfterEach
    void stop() {
        label1.close();
        label2.close();
        platform.close();
    }

    @Test
    void pauseStopsTheCopiesThenSendsInactiveWithPauseMetadataAndResumeRestartsThemAfterTheSrsAccepts() throws Exception {
        Process srs = sipp.sipp("srs-pause", "-sf", scenario("srs_pause.xml"), "-key", "port1", Integer.toString(SRS_PORT1),
                "-key", "port2", Integer.toString(SRS_PORT2), "-i", "127.0.0.1", "-p", "25496", "-m", "1");
        Parties call = startCall(5000);
        String callId = recordingOf(call);

        assertEquals(Reason.NOT_PAUSED, assertThrows(RecordingControlException.class, () -> control.resume(callId, "test")).reason());
        assertEquals(Reason.NO_SUCH_CALL, assertThrows(RecordingControlException.class, () -> control.pause("no-such-call", "test")).reason());

        control.pause(callId, "agent-7");
        long paused = System.nanoTime();
        assertEquals(Reason.ALREADY_PAUSED, assertThrows(RecordingControlException.class, () -> control.pause(callId, "test")).reason());
        // the caller keeps sending (50 packets/s): for 1.5 s not one copy may reach the SRS
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> label1.after(paused + IN_FLIGHT_NANOS) + label2.after(paused + IN_FLIGHT_NANOS) == 0);

        long resuming = System.nanoTime();
        control.resume(callId, "agent-7");
        assertEquals(0, label1.between(paused + IN_FLIGHT_NANOS, resuming) + label2.between(paused + IN_FLIGHT_NANOS, resuming),
                "no copy between the pause and the resume");
        await().atMost(Duration.ofSeconds(2)).until(() -> label1.after(resuming) >= 10);

        assertCallEnds(call);
        assertEquals(0, waitFor(srs), "the SRS saw the inactive pause re-INVITE with the pause element, then the sendonly "
                + "resume, then the BYE: " + errors("srs-pause"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals(List.of("decision", "recording.started", "recording.paused", "recording.resumed", "recording.stopped"),
                events());
        assertTrue(audit.get(2).contains("by agent-7"), audit.toString());
        assertEquals("completed", records.get(0).outcome());
    }

    @Test
    void anSrsRefusingThePauseLeavesTheCallUpAndTheRecordingPaused() throws Exception {
        Process srs = sipp.sipp("srs-pause-refuse", "-sf", scenario("srs_pause_refuse.xml"), "-key", "port1", Integer.toString(SRS_PORT1),
                "-key", "port2", Integer.toString(SRS_PORT2), "-i", "127.0.0.1", "-p", "25496", "-m", "1");
        Parties call = startCall(4000);
        String callId = recordingOf(call);

        control.pause(callId, "agent-7");
        long paused = System.nanoTime();
        await().atMost(Duration.ofSeconds(3)).until(() -> audit.stream().anyMatch(a -> a.contains("refused the pause update (500")));
        // still paused after the refusal: nothing reaches the SRS for the rest of the call
        assertCallEnds(call);
        assertEquals(0, label1.after(paused + IN_FLIGHT_NANOS) + label2.after(paused + IN_FLIGHT_NANOS),
                "no copy after the pause, though the SRS refused it");
        assertEquals(0, waitFor(srs), "the SRS refused the pause and got the BYE: " + errors("srs-pause-refuse"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals(List.of("decision", "recording.started", "recording.paused", "recording.paused", "recording.stopped"),
                events());
    }

    @Test
    void anSrsRefusingTheResumeLeavesTheRecordingPausedAndSaysSo() throws Exception {
        Process srs = sipp.sipp("srs-resume-refuse", "-sf", scenario("srs_resume_refuse.xml"), "-key", "port1", Integer.toString(SRS_PORT1),
                "-key", "port2", Integer.toString(SRS_PORT2), "-i", "127.0.0.1", "-p", "25496", "-m", "1");
        Parties call = startCall(4000);
        String callId = recordingOf(call);

        control.pause(callId, "agent-7");
        long paused = System.nanoTime();
        RecordingControlException refused = assertThrows(RecordingControlException.class, () -> control.resume(callId, "agent-7"));
        assertEquals(Reason.SRS_REFUSED, refused.reason());
        assertTrue(refused.getMessage().contains("488") && refused.getMessage().contains("stays paused"), refused.getMessage());
        assertEquals(Reason.ALREADY_PAUSED, assertThrows(RecordingControlException.class, () -> control.pause(callId, "test")).reason(),
                "still paused");
        assertCallEnds(call);
        assertEquals(0, label1.after(paused + IN_FLIGHT_NANOS) + label2.after(paused + IN_FLIGHT_NANOS),
                "no copy after the pause: the refused resume restarted nothing");
        assertEquals(0, waitFor(srs), "the SRS refused the resume and got the BYE: " + errors("srs-resume-refuse"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals(List.of("decision", "recording.started", "recording.paused", "recording.paused", "recording.stopped"),
                events());
        assertTrue(audit.get(3).contains("resume by agent-7 failed, the recording stays paused"), audit.toString());
    }

    /**
     * DTMF sequences ({@code pause.dtmf=*1}, {@code resume.dtmf=*2}) sent by the caller as RFC 4733 telephone-events
     * (sip-tester's dtmf_2833_*.pcap, payload type 101) while the callee keeps sending audio: the recording pauses on
     * {@code *1} (no copy reaches the SRS for the next 1.5 s, although the callee sends 50 packets/s) and resumes on
     * {@code *2}; the SRS sees the same re-INVITEs as for the command ({@code srs_pause.xml}).
     */
    @Test
    void theCallerPausesAndResumesTheRecordingWithDtmf() throws Exception {
        platform.close();
        platform(Map.of("pause.dtmf", "*1", "resume.dtmf", "*2"));
        Process srs = sipp.sipp("srs-pause", "-sf", scenario("srs_pause.xml"), "-key", "port1", Integer.toString(SRS_PORT1),
                "-key", "port2", Integer.toString(SRS_PORT2), "-i", "127.0.0.1", "-p", "25496", "-m", "1");
        Process callee = sipp.sipp("uas", "-sf", scenario("uas_rtp.xml"), "-key", "pcap", PCAP, "-i", "127.0.0.1", "-p", "25470",
                "-mi", "127.0.0.1", "-mp", "27600", "-m", "1");
        Process caller = sipp.sipp("uac-dtmf", "-sf", scenario("uac_dtmf.xml"), "-key", "dest", "127.0.0.1:25470", "-key", "pcap", PCAP,
                "-s", "callee", "-i", "127.0.0.1", "-p", "25480", "-mi", "127.0.0.1", "-mp", "27610", "-m", "1", "127.0.0.1:" + SIP);
        Parties call = new Parties(caller, callee);

        await().atMost(Duration.ofSeconds(8)).until(() -> auditNanos.containsKey("recording.paused"));
        long paused = auditNanos.get("recording.paused");
        assertTrue(label1.count() + label2.count() >= 20, "copies before the pause");
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> label2.after(paused + IN_FLIGHT_NANOS) + label1.after(paused + IN_FLIGHT_NANOS) == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> auditNanos.containsKey("recording.resumed"));
        long resumed = auditNanos.get("recording.resumed");
        await().atMost(Duration.ofSeconds(2)).until(() -> label2.after(resumed) >= 10);

        assertCallEnds(call);
        assertEquals(0, waitFor(srs), "the SRS saw the inactive and the sendonly re-INVITE: " + errors("srs-pause"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals(List.of("decision", "recording.started", "recording.paused", "recording.resumed", "recording.stopped"),
                events());
        assertTrue(audit.get(2).contains("by dtmf:caller") && audit.get(3).contains("by dtmf:caller"), audit.toString());
    }

    @Test
    void aCallThatIsNotRecordedCannotBePausedOrResumed() throws Exception {
        decision = Decision.skip("test: not recorded");
        Parties call = startCall(2000);
        await().atMost(Duration.ofSeconds(3)).until(() -> !platform.calls.activeCalls().isEmpty());
        String callId = platform.calls.activeCalls().get(0).callId();
        RecordingControlException e = assertThrows(RecordingControlException.class, () -> control.pause(callId, "test"));
        assertEquals(Reason.NOT_RECORDED, e.reason());
        assertTrue(e.getMessage().contains("is not recorded") && e.getMessage().contains(callId), e.getMessage());
        assertEquals(Reason.NOT_RECORDED, assertThrows(RecordingControlException.class, () -> control.resume(callId, "test")).reason());
        assertCallEnds(call);
    }

    /** The caller and callee of one call, the caller sending RTP and hanging up after {@code millis}. */
    private record Parties(Process caller, Process callee) {
    }

    private Parties startCall(int millis) throws Exception {
        Process callee = sipp.sipp("uas", "-sf", scenario("uas.xml"), "-i", "127.0.0.1", "-p", "25470", "-mi", "127.0.0.1", "-mp", "27600", "-m", "1");
        Process caller = sipp.sipp("uac-rtp", "-sf", scenario("uac_rtp.xml"), "-key", "dest", "127.0.0.1:25470", "-key", "pcap", PCAP,
                "-s", "callee", "-d", Integer.toString(millis), "-i", "127.0.0.1", "-p", "25480", "-mi", "127.0.0.1",
                "-mp", "27610", "-m", "1", "127.0.0.1:" + SIP);
        return new Parties(caller, callee);
    }

    /** Waits until the call is recorded and the SRS gets the caller's copies; returns its Call-ID. */
    private String recordingOf(Parties call) {
        await().atMost(Duration.ofSeconds(5)).until(() -> audit.stream().anyMatch(a -> a.startsWith("recording.started")));
        await().atMost(Duration.ofSeconds(3)).until(() -> label1.count() >= 10);
        return platform.calls.activeCalls().get(0).callId();
    }

    private void assertCallEnds(Parties call) throws Exception {
        assertEquals(0, waitFor(call.caller()), "the caller's call succeeded: " + errors("uac-rtp") + errors("uac-dtmf"));
        assertEquals(0, waitFor(call.callee()), "the callee's call succeeded: " + errors("uas"));
        await().atMost(Duration.ofSeconds(5)).until(() -> platform.calls.activeCalls().isEmpty());
    }

    private List<String> events() {
        return audit.stream().map(a -> a.substring(0, a.indexOf(':'))).toList();
    }
}
