package org.siprec.src.b2bua;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.siprec.src.b2bua.SippFixture.scenario;
import static org.siprec.src.b2bua.SippFixture.waitFor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siprec.api.model.RecordingPreference;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.RecordingPolicy;
import org.siprec.api.store.RecordingRecord;

/**
 * A caller's {@code a=recordpref} (RFC 7866 section 6.3) on real sockets: SIPp as caller ({@code uac_recordpref.xml},
 * offering {@code a=recordpref:<pref>}) and callee, a policy that asks for recording, and either the test's own UDP
 * socket on the SRS's SIP port (which counts any RS INVITE that would reach it) or SIPp as the SRS
 * ({@code srs_ondemand.xml}) when the call must be recorded.
 */
class RecordPrefSippTest {
    private static final int SIP = 25860;
    private static final int SRS_SIP = 25896;
    private static final int SRS_PORT1 = 29500;
    private static final int SRS_PORT2 = 29502;

    private final SippFixture sipp = new SippFixture();
    private LoopbackPlatform platform;
    private volatile Decision decision = Decision.record("test: record everything");
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final List<RecordingRecord> records = new CopyOnWriteArrayList<>();
    private final List<org.siprec.api.model.CommunicationSession> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        SippFixture.requirePcap();
        platform = new LoopbackPlatform(SIP, 29000, Map.of(), 50);
        RecordingPolicy policy = session -> {
            seen.add(session);
            return decision;
        };
        platform.policies.bindPolicy(policy, Map.of("service.ranking", 0, "service.id", 1L, "component.name", "test-policy"));
        platform.srs.bindSrsAdapter(SippFixture.srs("sip:srs@127.0.0.1:" + SRS_SIP), Map.of("service.id", 2L));
        platform.reporter.bindAuditSink((time, callId, event, detail) -> audit.add(event + ": " + detail));
        platform.reporter.bindRecordingStore(records::add);
    }

    @AfterEach
    void stop() {
        sipp.close(); // a failed test leaves no SIPp holding the next test's ports
        platform.close();
    }

    @Test
    void aCallerAskingNotToBeRecordedIsNotRecorded() throws Exception {
        try (RtpCounter srsSip = new RtpCounter(SRS_SIP)) {
            Parties call = startCall("off", 1500);
            assertCallEnds(call);
            assertEquals(RecordingPreference.OFF, seen.get(0).caller().recordingPreference(),
                    "the policies see the caller's a=recordpref:off");
            assertEquals(0, srsSip.count(), "no RS INVITE reached the SRS");
            assertEquals(List.of("decision"), events(), audit.toString());
            assertTrue(audit.get(0).contains("SKIP (party sip:caller@127.0.0.1:25880 asked not to be recorded (a=recordpref:off))"),
                    audit.get(0));
            assertTrue(records.isEmpty(), records.toString());
        }
    }

    @Test
    void aCallerAskingToBeRecordedIsRecorded() throws Exception {
        // the control case: the same call and SRS with a=recordpref:on is recorded, so the test above can fail
        Process srs = srs();
        Parties call = startCall("on", 1500);
        assertCallEnds(call);
        assertEquals(0, waitFor(srs), "the SRS got the RS INVITE and the BYE: " + SippFixture.errors("srs-ondemand"));
        assertEquals(RecordingPreference.ON, seen.get(0).caller().recordingPreference());
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertTrue(events().contains("recording.started"), audit.toString());
    }

    @Test
    void aMandatoryDecisionRecordsACallerAskingNotToBeRecorded() throws Exception {
        decision = new Decision(Decision.Verdict.RECORD, "test: the law", true, Optional.empty());
        Process srs = srs();
        Parties call = startCall("off", 1500);
        assertCallEnds(call);
        assertEquals(0, waitFor(srs), "the SRS got the RS INVITE and the BYE: " + SippFixture.errors("srs-ondemand"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertTrue(records.get(0).decision().startsWith("RECORD (test-policy: test: the law) mandatory"), records.get(0).decision());
        assertTrue(events().contains("recording.started"), audit.toString());
    }

    private Process srs() throws Exception {
        return sipp.sipp("srs-ondemand", "-sf", scenario("srs_ondemand.xml"), "-key", "port1", Integer.toString(SRS_PORT1),
                "-key", "port2", Integer.toString(SRS_PORT2), "-i", "127.0.0.1", "-p", Integer.toString(SRS_SIP), "-m", "1");
    }

    /** The caller and callee of one call, the caller sending RTP and hanging up after {@code millis}. */
    private record Parties(Process caller, Process callee) {
    }

    private Parties startCall(String pref, int millis) throws Exception {
        Process callee = sipp.sipp("uas", "-sf", scenario("uas.xml"), "-i", "127.0.0.1", "-p", "25870", "-mi", "127.0.0.1", "-mp", "29600", "-m", "1");
        Process caller = sipp.sipp("uac-recordpref", "-sf", scenario("uac_recordpref.xml"), "-key", "dest", "127.0.0.1:25870",
                "-key", "pcap", SippFixture.PCAP, "-key", "pref", pref, "-s", "callee", "-d", Integer.toString(millis), "-i", "127.0.0.1",
                "-p", "25880", "-mi", "127.0.0.1", "-mp", "29610", "-m", "1", "127.0.0.1:" + SIP);
        return new Parties(caller, callee);
    }

    private void assertCallEnds(Parties call) throws Exception {
        assertEquals(0, waitFor(call.caller()), "the caller's call succeeded: " + SippFixture.errors("uac-recordpref"));
        assertEquals(0, waitFor(call.callee()), "the callee's call succeeded: " + SippFixture.errors("uas"));
        await().atMost(Duration.ofSeconds(5)).until(() -> platform.calls.activeCalls().isEmpty());
    }

    private List<String> events() {
        return audit.stream().map(a -> a.substring(0, a.indexOf(':'))).toList();
    }
}
