package org.siprec.src.b2bua;

import static org.siprec.src.b2bua.SippFixture.errors;
import static org.siprec.src.b2bua.SippFixture.scenario;
import static org.siprec.src.b2bua.SippFixture.waitFor;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.siprec.api.srs.SrsOutcome;
import org.siprec.api.store.RecordingRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siprec.api.compliance.Audience;
import org.siprec.api.compliance.Prompt;
import org.siprec.api.compliance.PromptUnavailableException;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.RecordingPolicy;
import org.siprec.api.srs.SrsAdapter;
import org.siprec.api.srs.SrsTarget;

/**
 * Recorded calls on real sockets: SIPp as caller, callee and as an external SIPREC SRS that checks the recording
 * session INVITE (Require: siprec, +sip.src, multipart SDP with labels and sendonly, RFC 7865 metadata). Whatever
 * the SRS does, the call itself must complete.
 */
class RecordingSessionSippTest {
    private static final int SIP = 25360;
    /** The length of a call that only has to be recorded (the callee: uas.xml, SIPp's built-in one without its 4 s wait). */
    private static final int CALL_MS = 2000;
    /**
     * The length of a call that outlasts something slower: the 3.2 s an RS INVITE to an SRS that is down takes to
     * time out (T1 = 50 ms), or a 1.5 s announcement before the recording session.
     */
    private static final int LONG_CALL_MS = 4000;
    private LoopbackPlatform platform;
    private final List<String> srsUris = new ArrayList<>();
    private volatile Decision decision = Decision.record("test");
    private volatile boolean healthy = true;
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final List<RecordingRecord> records = new CopyOnWriteArrayList<>();
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final Map<String, java.time.Instant> auditTimes = new java.util.concurrent.ConcurrentHashMap<>();

    private final SippFixture sipp = new SippFixture();

    @BeforeEach
    void start() throws Exception {
        // T1 = 50 ms so that an SRS that never answers times out in 3.2 s
        platform = new LoopbackPlatform(SIP, 26200, Map.of(), 50);
        RecordingPolicy recordAll = session -> decision;
        platform.policies.bindPolicy(recordAll, Map.of("service.ranking", 0, "service.id", 1L, "component.name", "test-policy"));
        SrsAdapter adapter = new SrsAdapter() {
            @Override
            public List<SrsTarget> targets(org.siprec.api.model.CommunicationSession session) {
                return srsUris.stream().map(SrsTarget::new).toList();
            }

            @Override
            public boolean healthy() {
                return healthy;
            }

            @Override
            public void report(SrsTarget target, SrsOutcome outcome) {
                reports.add(target.uri() + " " + outcome.kind());
            }
        };
        platform.srs.bindSrsAdapter(adapter, Map.of("service.id", 2L));
        platform.reporter.bindAuditSink((time, callId, event, detail) -> {
            audit.add(event + ": " + detail);
            auditTimes.putIfAbsent(event, time);
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
                event.put("topic", topic);
                recordingEvents.add(event);
            }
        });
    }

    /** The recording events posted (topic and properties), as the EventAdmin would get them. */
    private final List<Map<String, Object>> recordingEvents = new CopyOnWriteArrayList<>();

    private List<String> recordingEventTopics() {
        return recordingEvents.stream().map(e -> org.siprec.api.event.RecordingEvent.state((String) e.get("topic"))).toList();
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void theRecordingSessionCarriesSiprecHeadersSdpAndMetadata() throws Exception {
        srsUris.add("sip:srs@127.0.0.1:25390");
        Process srs = sipp.sipp("srs", "-sf", scenario("srs_check.xml"), "-i", "127.0.0.1", "-p", "25390", "-mp", "26190", "-m", "1");
        assertCallCompletes();
        assertEquals(0, waitFor(srs), "the SRS saw a valid recording session and its BYE: " + errors("srs"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals(List.of("decision", "recording.started", "recording.stopped"), events());
        assertTrue(audit.get(0).contains("RECORD (test-policy: test); policies: test-policy=RECORD(test)"), audit.toString());
        RecordingRecord record = records.get(0);
        assertEquals("completed", record.outcome());
        assertEquals(java.util.Optional.of("sip:srs@127.0.0.1:25390"), record.srsUri());
        assertEquals("RECORD (test-policy: test); policies: test-policy=RECORD(test)", record.decision(),
                "the record keeps every policy's verdict");
        assertEquals(org.siprec.api.model.SessionCase.TERMINATING, record.sessionCase(),
                "the call's session case (no P-Served-User: default.session.case, term), for the catalogue's direction");
        assertEquals(List.of("sip:srs@127.0.0.1:25390 ACCEPTED", "sip:srs@127.0.0.1:25390 ENDED"), reports);
        // the recording events: requested by the policy, started and stopped at the SRS, numbered in order
        await().atMost(Duration.ofSeconds(5)).until(() -> recordingEvents.size() == 3);
        assertEquals(List.of("REQUESTED", "STARTED", "STOPPED"), recordingEventTopics());
        Map<String, Object> requested = recordingEvents.get(0);
        Map<String, Object> started = recordingEvents.get(1);
        Map<String, Object> stopped = recordingEvents.get(2);
        assertEquals("policy", requested.get("actor"));
        assertEquals("test-policy: test", requested.get("reason"), "the decision's reason, policy named");
        assertEquals(record.callId(), started.get("call.id"));
        assertEquals(record.callId(), stopped.get("call.id"));
        assertEquals(record.recordingId(), started.get("recording.id"), "the recording id is the catalogue's (RS Call-ID)");
        assertEquals(record.recordingId(), stopped.get("recording.id"));
        assertEquals("sip:srs@127.0.0.1:25390", started.get("srs"));
        assertEquals("call ended", stopped.get("reason"));
        assertEquals(List.of(1L, 2L, 3L), recordingEvents.stream().map(e -> e.get("sequence")).toList());
        assertTrue((Long) stopped.get("timestamp") >= (Long) started.get("timestamp"));
    }

    @Test
    void anUnhealthyAdapterIsNotAskedAndTheCallGoesOnUnrecorded() throws Exception {
        healthy = false;
        srsUris.add("sip:srs@127.0.0.1:25390");
        assertCallCompletes();
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals(List.of("decision", "recording.failed"), events());
        assertEquals("failed: no SRS available (no healthy SRS adapter offered one)", records.get(0).outcome());
        assertTrue(reports.isEmpty(), reports.toString());
    }

    @Test
    void anAnnouncementThatCannotBePlayedIsAuditedAndTheCallIsRecordedWithoutIt() throws Exception {
        decision = new Decision(Decision.Verdict.RECORD, "test", false, java.util.Optional.of("prompt-en"));
        srsUris.add("sip:srs@127.0.0.1:25390");
        Process srs = sipp.sipp("srs", "-sf", scenario("srs_check.xml"), "-i", "127.0.0.1", "-p", "25390", "-mp", "26190", "-m", "1");
        assertCallCompletes();
        assertEquals(0, waitFor(srs), errors("srs"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals(List.of("decision", "announcement.unavailable", "recording.started", "recording.stopped"), events());
        assertTrue(audit.get(1).contains("prompt-en"), audit.toString());
    }

    @Test
    void aMandatoryRecordingWhoseAnnouncementCannotBePlayedRefusesTheCallWith503() throws Exception {
        decision = new Decision(Decision.Verdict.RECORD, "test: mandatory", true, java.util.Optional.of("prompt-en"));
        srsUris.add("sip:srs@127.0.0.1:25390");
        Process caller = sipp.sipp("uac-503", "-sf", scenario("uac_expect_503.xml"), "-i", "127.0.0.1", "-p", "25380", "-s", "callee",
                "-m", "1", "127.0.0.1:" + SIP);
        assertEquals(0, waitFor(caller), "the caller got 503 with a Warning and ACKed it: " + errors("uac-503"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals(List.of("decision", "announcement.unavailable", "recording.failed"), events());
        assertEquals("0", platform.calls.status().get("calls.answered"), "the callee was never called");
        assertTrue(reports.isEmpty(), "no SRS was asked: " + reports);
    }

    /** A prompt provider with one announcement, {@code notice}, of the given length, heard by the caller. */
    private void prompts(int millis) {
        platform.b2bua.bindPrompts((announcement, call) -> {
            if (!announcement.equals("notice")) {
                throw new PromptUnavailableException("no prompt " + announcement + " in en under /nowhere");
            }
            return new Prompt("notice", "en", "notice.en.wav", new short[millis * 8], Audience.CALLER);
        });
    }

    @Test
    void theAnnouncementPlaysOnAnswerAndTheRecordingSessionIsOfferedOnlyWhenItHasEnded() throws Exception {
        prompts(1500);
        decision = new Decision(Decision.Verdict.RECORD, "test", false, java.util.Optional.of("notice"));
        srsUris.add("sip:srs@127.0.0.1:25390");
        Process srs = sipp.sipp("srs", "-sf", scenario("srs_check.xml"), "-i", "127.0.0.1", "-p", "25390", "-mp", "26190", "-m", "1");
        assertCallCompletes(LONG_CALL_MS);
        assertEquals(0, waitFor(srs), errors("srs"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals(List.of("decision", "recording.started", "recording.stopped"), events(), "no unavailable audit");
        long promptToRecording = Duration.between(records.get(0).start(), auditTimes.get("recording.started")).toMillis();
        assertTrue(promptToRecording >= 1500, "the SRS accepted " + promptToRecording
                + " ms after the answer: the RS must be offered only after the 1500 ms prompt");
        assertEquals("completed", records.get(0).outcome());
    }

    @Test
    void aHangUpDuringTheAnnouncementEndsTheCallAndNoRecordingSessionIsOpened() throws Exception {
        prompts(10_000);
        decision = new Decision(Decision.Verdict.RECORD, "test", false, java.util.Optional.of("notice"));
        srsUris.add("sip:srs@127.0.0.1:25390"); // nobody there: an RS INVITE would be reported UNREACHABLE
        Process callee = sipp.sipp("uas", "-sf", scenario("uas.xml"), "-i", "127.0.0.1", "-p", "25370", "-m", "1");
        Process caller = sipp.sipp("uac", "-sn", "uac", "-i", "127.0.0.1", "-p", "25380", "-s", "callee", "-m", "1", "-d", "1000",
                "127.0.0.1:25370", "-rsa", "127.0.0.1:" + SIP);
        assertEquals(0, waitFor(caller), "the caller hung up during the prompt and got 200: " + errors("uac"));
        assertEquals(0, waitFor(callee), "the callee got the BYE: " + errors("uas"));
        await().atMost(Duration.ofSeconds(5)).until(() -> platform.calls.activeCalls().isEmpty());
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals("failed: the call ended during the announcement", records.get(0).outcome());
        assertEquals(List.of("decision"), events(), "no recording started");
        assertTrue(reports.isEmpty(), "no SRS was asked: " + reports);
    }

    @Test
    void anAnnouncementWithoutPromptFileIsAuditedWithTheProvidersReasonAndTheCallRecordedWithoutIt() throws Exception {
        prompts(1000);
        decision = new Decision(Decision.Verdict.RECORD, "test", false, java.util.Optional.of("welcome"));
        srsUris.add("sip:srs@127.0.0.1:25390");
        Process srs = sipp.sipp("srs", "-sf", scenario("srs_check.xml"), "-i", "127.0.0.1", "-p", "25390", "-mp", "26190", "-m", "1");
        assertCallCompletes();
        assertEquals(0, waitFor(srs), errors("srs"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals(List.of("decision", "announcement.unavailable", "recording.started", "recording.stopped"), events());
        assertTrue(audit.get(1).contains("welcome: no prompt welcome in en under /nowhere"), audit.toString());
    }

    private List<String> events() {
        return audit.stream().map(a -> a.substring(0, a.indexOf(':'))).toList();
    }

    @Test
    void anSrsReachedOverTcpGetsTheRecordingSession() throws Exception {
        srsUris.add("sip:srs@127.0.0.1:25394;transport=tcp");
        Process srs = sipp.sipp("srs-tcp", "-sf", scenario("srs_check.xml"), "-t", "t1", "-i", "127.0.0.1", "-p", "25394", "-mp", "26186", "-m", "1");
        assertCallCompletes();
        assertEquals(0, waitFor(srs), "the SRS got the recording session over TCP: " + errors("srs-tcp"));
    }

    @Test
    void anSrsThatRefusesLeavesTheCallUntouchedAndTheNextSrsIsTried() throws Exception {
        srsUris.add("sip:srs@127.0.0.1:25391");
        srsUris.add("sip:srs@127.0.0.1:25392");
        Process refusing = sipp.sipp("srs-refuse", "-sf", scenario("srs_reject.xml"), "-i", "127.0.0.1", "-p", "25391", "-m", "1");
        Process accepting = sipp.sipp("srs-next", "-sf", scenario("srs_check.xml"), "-i", "127.0.0.1", "-p", "25392", "-mp", "26194", "-m", "1");
        assertCallCompletes();
        assertEquals(0, waitFor(refusing), errors("srs-refuse"));
        assertEquals(0, waitFor(accepting), "the second SRS got the recording: " + errors("srs-next"));
        assertEquals(List.of("sip:srs@127.0.0.1:25391 REFUSED", "sip:srs@127.0.0.1:25392 ACCEPTED", "sip:srs@127.0.0.1:25392 ENDED"), reports);
    }

    @Test
    void anSrsThatIsDownLeavesTheCallUntouched() throws Exception {
        srsUris.add("sip:srs@127.0.0.1:25399");
        assertCallCompletes(LONG_CALL_MS);
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals(List.of("sip:srs@127.0.0.1:25399 UNREACHABLE"), reports);
        assertEquals(List.of("decision", "recording.failed"), events());
        assertTrue(records.get(0).outcome().startsWith("failed: no SRS accepted"), records.get(0).outcome());
        await().atMost(Duration.ofSeconds(5)).until(() -> recordingEvents.size() == 2);
        assertEquals(List.of("REQUESTED", "FAILED"), recordingEventTopics());
        assertTrue(((String) recordingEvents.get(1).get("reason")).startsWith("no SRS accepted"), recordingEvents.toString());
        assertEquals(null, recordingEvents.get(1).get("recording.id"), "no SRS accepted: no recording id");
    }

    @Test
    void anSrsEndingTheRecordingMidCallLeavesTheCallUntouched() throws Exception {
        srsUris.add("sip:srs@127.0.0.1:25393");
        Process srs = sipp.sipp("srs-bye", "-sf", scenario("srs_bye_midcall.xml"), "-i", "127.0.0.1", "-p", "25393", "-mp", "26196", "-m", "1");
        assertCallCompletes();
        assertEquals(0, waitFor(srs), errors("srs-bye"));
        assertEquals(List.of("sip:srs@127.0.0.1:25393 ACCEPTED", "sip:srs@127.0.0.1:25393 ENDED_BY_SRS"), reports);
        assertEquals(List.of("decision", "recording.started", "recording.failed", "recording.failed"), events());
    }

    @Test
    void requestsFromTheSrsInsideTheRecordingSessionAreAnswered() throws Exception {
        srsUris.add("sip:srs@127.0.0.1:25395");
        Process srs = sipp.sipp("srs-indialog", "-sf", scenario("srs_indialog.xml"), "-i", "127.0.0.1", "-p", "25395", "-mp", "26182", "-m", "1");
        assertCallCompletes();
        assertEquals(0, waitFor(srs), "OPTIONS and INFO from the SRS got 200, then the RS ended with BYE: " + errors("srs-indialog"));
    }

    @Test
    void whenRecordingIsMandatoryAndNoSrsAcceptsTheCallIsReleased() throws Exception {
        decision = new Decision(Decision.Verdict.RECORD, "test: mandatory", true, java.util.Optional.empty());
        srsUris.add("sip:srs@127.0.0.1:25399");
        assertCallReleasedByThePlatform();
        assertEquals(List.of("decision", "recording.failed"), events());
    }

    private void assertCallReleasedByThePlatform() throws Exception {
        Process callee = sipp.sipp("uas", "-sf", scenario("uas.xml"), "-i", "127.0.0.1", "-p", "25370", "-m", "1");
        Process caller = sipp.sipp("uac-mandatory", "-sf", scenario("uac_wait_bye.xml"), "-key", "dest", "127.0.0.1:25370",
                "-s", "callee", "-i", "127.0.0.1", "-p", "25380", "-m", "1", "127.0.0.1:" + SIP);
        assertEquals(0, waitFor(caller), "the platform ended the caller's call with BYE: " + errors("uac-mandatory"));
        assertEquals(0, waitFor(callee), "the platform ended the callee's call with BYE: " + errors("uas"));
        await().atMost(Duration.ofSeconds(5)).until(() -> platform.calls.activeCalls().isEmpty());
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertTrue(records.get(0).outcome().startsWith("failed: "), records.get(0).outcome());
    }

    /**
     * One call of {@value #CALL_MS} ms: on loopback the recording session is up (or refused) within milliseconds of
     * the answer, and the SRS scenarios' own mid-call steps take 300 ms at most.
     */
    private void assertCallCompletes() throws Exception {
        assertCallCompletes(CALL_MS);
    }

    /** One call of {@code millis} through the platform with SIPp's built-in caller and a callee: both must succeed. */
    private void assertCallCompletes(int millis) throws Exception {
        Process callee = sipp.sipp("uas", "-sf", scenario("uas.xml"), "-i", "127.0.0.1", "-p", "25370", "-m", "1");
        Process caller = sipp.sipp("uac", "-sn", "uac", "-i", "127.0.0.1", "-p", "25380", "-s", "callee", "-m", "1", "-d", Integer.toString(millis),
                "127.0.0.1:25370", "-rsa", "127.0.0.1:" + SIP);
        assertEquals(0, waitFor(caller), "the caller's call succeeded: " + errors("uac"));
        assertEquals(0, waitFor(callee), "the callee's call succeeded: " + errors("uas"));
        await().atMost(Duration.ofSeconds(5)).until(() -> platform.calls.activeCalls().isEmpty());
        assertTrue(platform.calls.status().get("calls.answered").equals("1"));
    }
}
