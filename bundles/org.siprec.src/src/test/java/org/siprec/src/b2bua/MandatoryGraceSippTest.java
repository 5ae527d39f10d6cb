package org.siprec.src.b2bua;

import static org.siprec.src.b2bua.SippFixture.PCAP;
import static org.siprec.src.b2bua.SippFixture.errors;
import static org.siprec.src.b2bua.SippFixture.messages;
import static org.siprec.src.b2bua.SippFixture.scenario;
import static org.siprec.src.b2bua.SippFixture.waitFor;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.RecordingPolicy;
import org.siprec.api.srs.SrsAdapter;
import org.siprec.api.srs.SrsOutcome;
import org.siprec.api.srs.SrsTarget;
import org.siprec.api.store.RecordingRecord;

/**
 * Mandatory recording when the SRS dies mid-call (issue 8), on real sockets: one SIPp SRS ({@code srs_keepalive.xml},
 * which answers the keep-alive OPTIONS) records two calls, one whose decision is mandatory and one whose is not;
 * the SRS process is killed (no BYE). The mandatory call's keep-alive OPTIONS goes unanswered, the recording looks
 * for another SRS within the grace time (3 s here; the only SRS is dead), and when none takes it both parties get
 * BYE with an RFC 3326 Reason header, not before the grace time; the other call goes on and ends normally.
 */
class MandatoryGraceSippTest {
    private static final int SIP = 25260;
    private static final String SRS = "sip:srs@127.0.0.1:25296";
    private static final String SRS2 = "sip:srs@127.0.0.1:25297";
    /** What the SRS adapter offers; a test changes it mid-call (an SRS coming back as another). */
    private volatile List<String> offered = List.of(SRS);
    private static final int GRACE_SECONDS = 3;

    private LoopbackPlatform platform;
    /** Audit entries as "callId event: detail", and when each reached the test. */
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final Map<String, Long> auditNanos = new java.util.concurrent.ConcurrentHashMap<>();
    /** When the platform audited each entry (its own clock, taken on the call's thread). */
    private final Map<String, java.time.Instant> auditTimes = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<RecordingRecord> records = new CopyOnWriteArrayList<>();
    private final List<String> reports = new CopyOnWriteArrayList<>();

    private final SippFixture sipp = new SippFixture(30);

    @BeforeEach
    void start() throws Exception {
        SippFixture.requirePcap();
        platform = new LoopbackPlatform(SIP, 31000, Map.of("mandatory.grace.seconds", GRACE_SECONDS,
                "mandatory.keepalive.seconds", 1), 50);
        // calls to "mandatory" must be recorded; the others are recorded if possible
        RecordingPolicy policy = session -> session.callee().aor().contains("mandatory")
                ? new Decision(Decision.Verdict.RECORD, "must be recorded", true, Optional.empty())
                : Decision.record("recorded if possible");
        platform.policies.bindPolicy(policy, Map.of("service.ranking", 0, "service.id", 1L, "component.name", "test-policy"));
        platform.srs.bindSrsAdapter(new SrsAdapter() {
            @Override
            public List<SrsTarget> targets(org.siprec.api.model.CommunicationSession session) {
                return offered.stream().map(SrsTarget::new).toList();
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
            String entry = callId + " " + event + ": " + detail;
            auditNanos.putIfAbsent(entry, System.nanoTime());
            auditTimes.putIfAbsent(entry, time);
            audit.add(entry);
        });
        platform.reporter.bindRecordingStore(records::add);
    }

    @AfterEach
    void stop() {
        sipp.close();
        platform.close();
    }

    @Test
    void aMandatoryCallWhoseSrsIsKilledEndsAfterTheGraceTimeWhileAnOrdinaryCallGoesOn() throws Exception {
        Process srs = sipp.sipp("srs-keepalive", "-sf", scenario("srs_keepalive.xml"), "-i", "127.0.0.1", "-p", "25296",
                "-mp", "31600", "-m", "2");
        Process mandatoryCallee = sipp.sipp("uas-reason", "-sf", scenario("uas_reason_bye.xml"), "-i", "127.0.0.1", "-p", "25270",
                "-mi", "127.0.0.1", "-mp", "31610", "-m", "1");
        Process mandatoryCaller = sipp.sipp("uac-reason", "-sf", scenario("uac_reason_bye.xml"), "-key", "dest", "127.0.0.1:25270",
                "-s", "mandatory", "-i", "127.0.0.1", "-p", "25280", "-mi", "127.0.0.1", "-mp", "31620", "-m", "1",
                "127.0.0.1:" + SIP);
        await().atMost(Duration.ofSeconds(10)).until(() -> startedCount() == 1);
        Process ordinaryCallee = sipp.sipp("uas-ordinary", "-sn", "uas", "-i", "127.0.0.1", "-p", "25271", "-mi", "127.0.0.1",
                "-mp", "31630", "-m", "1");
        // long enough to outlive the kill, the loss and the grace time with a wide margin
        Process ordinaryCaller = sipp.sipp("uac-ordinary", "-sf", scenario("uac_rtp.xml"), "-key", "dest", "127.0.0.1:25271",
                "-key", "pcap", PCAP, "-s", "callee", "-d", "12000", "-i", "127.0.0.1", "-p", "25281", "-mi", "127.0.0.1",
                "-mp", "31640", "-m", "1", "127.0.0.1:" + SIP);
        await().atMost(Duration.ofSeconds(10)).until(() -> startedCount() == 2);
        String mandatoryCall = callIdOf("must be recorded");

        // keep-alives (two per call at least) are answered while the SRS lives: nothing happens
        await().atMost(Duration.ofSeconds(10)).until(() -> optionsAnswered() >= 4);
        assertTrue(audit.stream().noneMatch(a -> a.contains("recording.failed")), "a live SRS answers the keep-alives: " + audit);
        assertEquals(2, platform.calls.activeCalls().size());

        srs.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        long killed = System.nanoTime();

        // both parties of the mandatory call get BYE with the Reason header (the scenarios check it)
        assertEquals(0, waitFor(mandatoryCaller), "the caller got BYE with Reason: " + errors("uac-reason"));
        assertEquals(0, waitFor(mandatoryCallee), "the callee got BYE with Reason: " + errors("uas-reason"));
        String released = entry(mandatoryCall, "recording.failed: no SRS took the recording within the mandatory grace time of 3 s");
        String lost = entry(mandatoryCall, "recording.failed: " + SRS + " no answer to a keep-alive OPTIONS");
        assertTrue(auditNanos.get(lost) - killed < TimeUnit.SECONDS.toNanos(6), "the dead SRS was noticed within seconds: " + audit);
        // the grace timer starts after the loss is audited, so the release cannot be audited sooner than that (the
        // 100 ms allow only for the clock's granularity); how much later depends on the machine and is not asserted
        long graceMillis = Duration.between(auditTimes.get(lost), auditTimes.get(released)).toMillis();
        assertTrue(graceMillis >= GRACE_SECONDS * 1000L - 100, "released no sooner than the grace time after the loss: "
                + graceMillis + " ms");
        assertTrue(lost.contains("mandatory: the call ends unless an SRS takes the recording within 3 s"), lost);

        // meanwhile the ordinary call is still up, and ends normally when its caller hangs up
        assertEquals(1, platform.calls.activeCalls().size(), "the ordinary call survives the SRS and the release");
        assertEquals(0, waitFor(ordinaryCaller), "the ordinary call ended normally: " + errors("uac-ordinary"));
        assertEquals(0, waitFor(ordinaryCallee), errors("uas-ordinary"));
        await().atMost(Duration.ofSeconds(5)).until(() -> platform.calls.activeCalls().isEmpty() && records.size() == 2);

        assertEquals(List.of("decision", "recording.started", "recording.failed", "recording.failed"), events(mandatoryCall), audit.toString());
        String ordinaryCall = callIdOf("recorded if possible");
        assertEquals(List.of("decision", "recording.started", "recording.stopped"), events(ordinaryCall),
                "a non-mandatory recording gets no keep-alive: its dead SRS is not noticed, the call is untouched: " + audit);
        RecordingRecord mandatoryRecord = records.stream().filter(r -> r.callId().equals(mandatoryCall)).findFirst().orElseThrow();
        assertTrue(mandatoryRecord.outcome().startsWith("failed: no SRS took the recording within the mandatory grace time of 3 s"),
                mandatoryRecord.outcome());
        assertEquals("1", platform.calls.status().get("calls.released.mandatory"));
    }

    /** The 200s the SRS sent to OPTIONS, from its SIPp message trace. */
    private static long optionsAnswered() {
        return java.util.regex.Pattern.compile("CSeq: *\\d+ OPTIONS").matcher(messages("srs-keepalive")).results().count() / 2;
    }

    /**
     * The SRS is killed; a second SRS is offered by the adapter only after that (so not among the candidates of the
     * set-up): the retry within the grace time (the adapter is asked again every second) finds it, it takes the
     * recording, and the call is not released: it ends when its caller hangs up.
     */
    @Test
    void aMandatoryCallWhoseRecordingAnotherSrsTakesWithinTheGraceTimeGoesOn() throws Exception {
        Process srs = sipp.sipp("srs-keepalive", "-sf", scenario("srs_keepalive.xml"), "-i", "127.0.0.1", "-p", "25296",
                "-mp", "31600", "-m", "1");
        Process callee = sipp.sipp("uas-mandatory", "-sn", "uas", "-i", "127.0.0.1", "-p", "25270", "-mi", "127.0.0.1",
                "-mp", "31610", "-m", "1");
        Process caller = sipp.sipp("uac-mandatory", "-sf", scenario("uac_rtp.xml"), "-key", "dest", "127.0.0.1:25270",
                "-key", "pcap", PCAP, "-s", "mandatory", "-d", "9000", "-i", "127.0.0.1", "-p", "25280", "-mi", "127.0.0.1",
                "-mp", "31620", "-m", "1", "127.0.0.1:" + SIP);
        await().atMost(Duration.ofSeconds(10)).until(() -> startedCount() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> optionsAnswered() >= 1);
        Process srs2 = sipp.sipp("srs2-keepalive", "-sf", scenario("srs_keepalive.xml"), "-i", "127.0.0.1", "-p", "25297",
                "-mp", "31640", "-m", "1");
        offered = List.of(SRS2);
        srs.destroyForcibly().waitFor(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> audit.stream().anyMatch(a -> a.contains(" recording.moved: ")));
        assertEquals(0, waitFor(caller), "the mandatory call went on and ended normally: " + errors("uac-mandatory"));
        assertEquals(0, waitFor(callee), errors("uas-mandatory"));
        assertEquals(0, waitFor(srs2), "SRS 2 recorded until the end of the call: " + errors("srs2-keepalive"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        String callId = callIdOf("must be recorded");
        assertEquals(List.of("decision", "recording.started", "recording.failed", "recording.started", "recording.moved",
                "recording.stopped"), events(callId), audit.toString());
        assertTrue(entry(callId, "recording.moved: from " + SRS + " to " + SRS2).length() > 0);
        assertEquals("completed", records.get(0).outcome());
        assertEquals(List.of(SRS, SRS2), records.get(0).srsUris());
        assertEquals("0", platform.calls.status().get("calls.released.mandatory"));
    }

    private long startedCount() {
        return audit.stream().filter(a -> a.contains(" recording.started: ")).count();
    }

    private String callIdOf(String decisionReason) {
        return audit.stream().filter(a -> a.contains(" decision: ") && a.contains(decisionReason)).findFirst()
                .map(a -> a.substring(0, a.indexOf(' '))).orElseThrow(() -> new AssertionError("no decision " + decisionReason + ": " + audit));
    }

    /** The first audit entry of {@code callId} that starts with {@code prefix} (awaited). */
    private String entry(String callId, String prefix) {
        String full = callId + " " + prefix;
        await().atMost(Duration.ofSeconds(10)).until(() -> audit.stream().anyMatch(a -> a.startsWith(full)));
        return audit.stream().filter(a -> a.startsWith(full)).findFirst().orElseThrow();
    }

    private List<String> events(String callId) {
        return audit.stream().filter(a -> a.startsWith(callId + " ")).map(a -> a.substring(callId.length() + 1, a.indexOf(':'))).toList();
    }
}
