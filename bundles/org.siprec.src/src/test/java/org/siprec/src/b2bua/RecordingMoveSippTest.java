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
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Mid-call failure of the recording SRS on real sockets (issue 11): a group of two SIPp SRSs; when SRS 1 dies — it
 * sends BYE ({@code srs_bye_after.xml}), or its process is killed and an in-dialog request to it times out — the
 * recording is moved to SRS 2 as a new recording session with complete metadata ({@code srs_takeover.xml},
 * {@code srs_takeover_paused.xml} check it), the copies go to SRS 2's media ports (the test's own UDP sockets), and
 * the call (SIPp caller sending G.711 RTP, SIPp callee) never notices. T1 is 50 ms, so a silent SRS is detected
 * 3.2 s (64 x T1) after a request to it.
 */
class RecordingMoveSippTest {
    private static final int SIP = 25660;
    private static final String SRS1 = "sip:srs@127.0.0.1:25696";
    private static final String SRS2 = "sip:srs@127.0.0.1:25697";
    private static final int SRS2_PORT1 = 29500;
    private static final int SRS2_PORT2 = 29502;
    private static final Pattern GAP = Pattern.compile("no copies for (\\d+) ms");

    private LoopbackPlatform platform;
    private CallRecordingControl control;
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final List<RecordingRecord> records = new CopyOnWriteArrayList<>();
    private final List<String> reports = new CopyOnWriteArrayList<>();
    /** When each audit event first reached the test ({@link System#nanoTime()}). */
    private final Map<String, Long> auditNanos = new java.util.concurrent.ConcurrentHashMap<>();
    private RtpCounter srs2Label1;
    private RtpCounter srs2Label2;

    private final SippFixture sipp = new SippFixture(30);

    @BeforeEach
    void start() throws Exception {
        SippFixture.requirePcap();
        platform = new LoopbackPlatform(SIP, 28400, Map.of(), 50);
        RecordingPolicy recordAll = session -> Decision.record("test");
        platform.policies.bindPolicy(recordAll, Map.of("service.ranking", 0, "service.id", 1L, "component.name", "test-policy"));
        platform.srs.bindSrsAdapter(new SrsAdapter() {
            @Override
            public List<SrsTarget> targets(org.siprec.api.model.CommunicationSession session) {
                return List.of(new SrsTarget(SRS1), new SrsTarget(SRS2));
            }

            @Override
            public boolean healthy() {
                return true;
            }

            @Override
            public void report(SrsTarget target, SrsOutcome outcome) {
                reports.add(target.uri() + " " + outcome.kind());
            }
        }, Map.of("service.id", 2L));
        platform.reporter.bindAuditSink((time, callId, event, detail) -> {
            auditNanos.putIfAbsent(event, System.nanoTime());
            audit.add(event + ": " + detail);
        });
        platform.reporter.bindRecordingStore(records::add);
        platform.reporter.bindRecordingEventPublisher(new org.siprec.src.recording.RecordingEventPublisher() {
            @Override
            public boolean active() {
                return true;
            }

            @Override
            public void publish(String topic, Map<String, Object> properties, org.siprec.api.model.CommunicationSession call) {
                Map<String, Object> event = new java.util.TreeMap<>(properties);
                event.put("topic", org.siprec.api.event.RecordingEvent.state(topic));
                recordingEvents.add(event);
            }
        });
        control = new CallRecordingControl(platform.calls);
        srs2Label1 = new RtpCounter(SRS2_PORT1);
        srs2Label2 = new RtpCounter(SRS2_PORT2);
    }

    /** The recording events posted, as the EventAdmin would get them (topic as the state). */
    private final List<Map<String, Object>> recordingEvents = new java.util.concurrent.CopyOnWriteArrayList<>();

    private List<Object> recordingEventStates() {
        return recordingEvents.stream().map(e -> e.get("topic")).toList();
    }

    @AfterEach
    void stop() {
        sipp.close();
        srs2Label1.close();
        srs2Label2.close();
        platform.close();
    }

    @Test
    void anSrsEndingTheRecordingMidCallIsReplacedByTheNextSrsWithinTwoSecondsWithCompleteMetadata() throws Exception {
        Process srs1 = sipp.sipp("srs1-bye", "-sf", scenario("srs_bye_after.xml"), "-i", "127.0.0.1", "-p", "25696",
                "-mp", "29600", "-m", "1");
        Process srs2 = sipp.sipp("srs2-takeover", "-sf", scenario("srs_takeover.xml"), "-key", "port1", Integer.toString(SRS2_PORT1),
                "-key", "port2", Integer.toString(SRS2_PORT2), "-i", "127.0.0.1", "-p", "25697", "-m", "1");
        Parties call = startCall(5000);

        await().atMost(Duration.ofSeconds(5)).until(() -> auditNanos.containsKey("recording.started"));
        assertEquals(0, srs2Label1.count() + srs2Label2.count(), "nothing reaches SRS 2 while SRS 1 records");
        // SRS 1 sends BYE 1.5 s after accepting; the loss is audited at once
        await().atMost(Duration.ofSeconds(4)).until(() -> auditNanos.containsKey("recording.failed"));
        long lost = auditNanos.get("recording.failed");
        await().atMost(Duration.ofSeconds(2)).until(() -> srs2Label1.between(lost, lost + TimeUnit.SECONDS.toNanos(2)) >= 10);
        assertTrue(auditNanos.containsKey("recording.moved"), audit.toString());
        assertTrue(auditNanos.get("recording.moved") - lost < TimeUnit.SECONDS.toNanos(2), "moved within 2 s: " + audit);

        assertCallEnds(call);
        assertEquals(0, waitFor(srs1), "SRS 1 recorded, then sent BYE: " + errors("srs1-bye"));
        assertEquals(0, waitFor(srs2), "SRS 2 got a complete RS INVITE (both participants, labels, sendonly), then the BYE: "
                + errors("srs2-takeover"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals(List.of("decision", "recording.started", "recording.failed", "recording.started", "recording.moved",
                "recording.stopped"), events(), audit.toString());
        assertEquals("recording.started: " + SRS2, audit.get(3));
        String moved = audit.get(4);
        assertTrue(moved.contains("from " + SRS1 + " to " + SRS2), moved);
        assertTrue(gapMillis(moved) < 2000, moved);
        assertEquals(List.of(SRS1 + " ACCEPTED", SRS1 + " ENDED_BY_SRS", SRS2 + " ACCEPTED", SRS2 + " ENDED"), reports);
        RecordingRecord record = records.get(0);
        assertEquals("completed", record.outcome());
        assertEquals(List.of(SRS1, SRS2), record.srsUris());
        assertEquals(Optional.of(SRS2), record.srsUri());
        // the events: one MOVED between STARTED and STOPPED, naming both SRSs and both recording sessions
        await().atMost(Duration.ofSeconds(5)).until(() -> recordingEvents.size() == 4);
        assertEquals(List.of("REQUESTED", "STARTED", "MOVED", "STOPPED"), recordingEventStates(), recordingEvents.toString());
        Map<String, Object> started = recordingEvents.get(1);
        Map<String, Object> movedEvent = recordingEvents.get(2);
        assertEquals(SRS1, started.get("srs"));
        assertEquals(SRS2, movedEvent.get("srs"));
        assertEquals(SRS1, movedEvent.get("previous.srs"));
        assertEquals(started.get("recording.id"), movedEvent.get("previous.recording.id"));
        assertEquals(record.recordingId(), movedEvent.get("recording.id"), "the new RS is the recording the catalogue keeps");
        assertTrue(((String) movedEvent.get("reason")).startsWith(SRS1 + " "), movedEvent.toString());
        assertEquals(record.recordingId(), recordingEvents.get(3).get("recording.id"));
    }

    /**
     * SRS 1's process is killed while it records: nothing tells the SRC until it next sends SRS 1 a request. The pause
     * re-INVITE gets no answer (64 x T1 = 3.2 s); then the recording is moved to SRS 2, still paused (every stream
     * inactive, complete metadata); a resume makes SRS 2 get the copies.
     */
    @Test
    void anSrsThatDiedSilentlyIsReplacedWhenARequestToItTimesOutAndAPausedRecordingStaysPaused() throws Exception {
        Process srs1 = sipp.sipp("srs1-killed", "-sf", scenario("srs_takeover.xml"), "-key", "port1", "29600", "-key", "port2", "29602",
                "-i", "127.0.0.1", "-p", "25696", "-m", "1");
        Process srs2 = sipp.sipp("srs2-takeover-paused", "-sf", scenario("srs_takeover_paused.xml"), "-key", "port1",
                Integer.toString(SRS2_PORT1), "-key", "port2", Integer.toString(SRS2_PORT2), "-i", "127.0.0.1", "-p", "25697", "-m", "1");
        Parties call = startCall(9000);
        await().atMost(Duration.ofSeconds(5)).until(() -> auditNanos.containsKey("recording.started"));
        srs1.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        String callId = platform.calls.activeCalls().get(0).callId();

        control.pause(callId, "agent-7");
        long paused = System.nanoTime();
        await().atMost(Duration.ofSeconds(6)).until(() -> auditNanos.containsKey("recording.moved"));
        assertTrue(audit.stream().anyMatch(a -> a.startsWith("recording.failed: " + SRS1 + " no answer to a re-INVITE")), audit.toString());
        assertEquals(Reason.ALREADY_PAUSED, assertThrows(RecordingControlException.class, () -> control.pause(callId, "test")).reason(),
                "still paused on SRS 2");
        assertEquals(0, srs2Label1.count() + srs2Label2.count(), "SRS 2 took a paused recording: no copies");

        long resuming = System.nanoTime();
        control.resume(callId, "agent-7");
        await().atMost(Duration.ofSeconds(2)).until(() -> srs2Label1.after(resuming) >= 10);
        assertTrue(resuming - paused > TimeUnit.MILLISECONDS.toNanos(3000), "the move waited for the time-out");

        assertCallEnds(call);
        assertEquals(0, waitFor(srs2), "SRS 2 got a complete inactive RS INVITE, the sendonly resume, then the BYE: "
                + errors("srs2-takeover-paused"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals(List.of("decision", "recording.started", "recording.paused", "recording.failed", "recording.started",
                "recording.moved", "recording.resumed", "recording.stopped"), events(), audit.toString());
        assertEquals(List.of(SRS1 + " ACCEPTED", SRS1 + " ENDED_BY_SRS", SRS2 + " ACCEPTED", SRS2 + " ENDED"), reports);
        assertEquals(List.of(SRS1, SRS2), records.get(0).srsUris());
        assertEquals("completed", records.get(0).outcome());
        await().atMost(Duration.ofSeconds(5)).until(() -> recordingEvents.size() == 6);
        assertEquals(List.of("REQUESTED", "STARTED", "PAUSED", "MOVED", "RESUMED", "STOPPED"), recordingEventStates(),
                recordingEvents.toString());
        assertEquals("agent-7", recordingEvents.get(4).get("actor"), "who resumed");
        assertEquals(SRS2, recordingEvents.get(4).get("srs"));
    }

    private static long gapMillis(String moved) {
        Matcher m = GAP.matcher(moved);
        assertTrue(m.find(), moved);
        return Long.parseLong(m.group(1));
    }

    /** The caller and callee of one call, the caller sending RTP and hanging up after {@code millis}. */
    private record Parties(Process caller, Process callee) {
    }

    private Parties startCall(int millis) throws Exception {
        Process callee = sipp.sipp("uas", "-sf", scenario("uas.xml"), "-i", "127.0.0.1", "-p", "25670", "-mi", "127.0.0.1", "-mp", "29610", "-m", "1");
        Process caller = sipp.sipp("uac-rtp", "-sf", scenario("uac_rtp.xml"), "-key", "dest", "127.0.0.1:25670", "-key", "pcap", PCAP,
                "-s", "callee", "-d", Integer.toString(millis), "-i", "127.0.0.1", "-p", "25680", "-mi", "127.0.0.1",
                "-mp", "29620", "-m", "1", "127.0.0.1:" + SIP);
        return new Parties(caller, callee);
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
