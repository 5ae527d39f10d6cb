package org.siprec.src.b2bua;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.siprec.api.event.RecordingEvent;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.RecordingPolicy;
import org.siprec.api.srs.SrsAdapter;
import org.siprec.api.srs.SrsOutcome;
import org.siprec.api.srs.SrsTarget;
import org.siprec.api.store.RecordingRecord;
import org.siprec.src.recording.RecordingEventPublisher;
import org.siprec.src.recording.RecordingLimits;
import org.siprec.src.recording.RecordingLimitsConfig;
import org.siprec.testsupport.Configs;

/**
 * The recording limits of issue 14 on real sockets, SIPp as callers, callee and SIPREC SRS ({@code srs_ondemand.xml}:
 * RS INVITE, 200, ACK, then the BYE): a recording that reaches its maximum duration is stopped (the SRS gets the BYE)
 * while the call goes on, even a mandatory one; a company at its limit of concurrent recordings gets its next call
 * unrecorded while another company's call is recorded, and every place in the quota comes back when the calls end.
 */
class RecordingLimitsSippTest {
    private static final int SIP = 26460;
    private static final int SRS_SIP = 26496;
    private static final int CALLEE = 26470;
    private static final int SRS_PORT1 = 34500;
    private static final int SRS_PORT2 = 34502;
    private static final String PCAP = "/usr/share/sip-tester/g711a.pcap";
    /** A copy sent just before the stop took effect may still be on its way. */
    private static final long IN_FLIGHT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private LoopbackPlatform platform;
    private RecordingLimits limits;
    private volatile Decision decision = Decision.record("test: every call");
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final List<RecordingRecord> records = new CopyOnWriteArrayList<>();
    private final List<Map<String, Object>> stoppedEvents = new CopyOnWriteArrayList<>();
    private RtpCounter label1;
    private RtpCounter label2;

    @BeforeEach
    void start() throws Exception {
        assertTrue(Files.exists(Path.of(PCAP)), PCAP + " is missing: install the Debian package sip-tester");
        platform = new LoopbackPlatform(SIP, 34000, Map.of(), 50);
        platform.policies.bindPolicy((RecordingPolicy) session -> decision,
                Map.of("service.ranking", 0, "service.id", 1L, "component.name", "test-policy"));
        platform.srs.bindSrsAdapter(new SrsAdapter() {
            @Override
            public List<SrsTarget> targets(CommunicationSession session) {
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
        platform.reporter.bindRecordingEventPublisher(new RecordingEventPublisher() {
            @Override
            public boolean active() {
                return true;
            }

            @Override
            public void publish(String topic, Map<String, Object> properties, CommunicationSession call) {
                if (RecordingEvent.STOPPED.equals(topic)) {
                    stoppedEvents.add(properties);
                }
            }
        });
        label1 = new RtpCounter(SRS_PORT1);
        label2 = new RtpCounter(SRS_PORT2);
    }

    /** Installs the limits as DS would: in the policy engine (maximum duration) and the B2BUA (company quotas). */
    private void limits(Map<String, Object> config) {
        limits = new RecordingLimits(Configs.of(RecordingLimitsConfig.class, config));
        // the company of a call: its served user's (the callee: terminating calls) name without digits, acme1 -> acme
        limits.companies(call -> Optional.of(user(call.servedUser().aor()).replaceAll("[0-9]", "")));
        platform.policies.bindLimits(limits);
        platform.b2bua.bindLimits(limits);
    }

    private static String user(String aor) {
        Matcher m = Pattern.compile("^sips?:([^@;]+)@").matcher(aor);
        return m.find() ? m.group(1) : aor;
    }

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
        label1.close();
        label2.close();
        platform.close();
    }

    @Test
    void aMandatoryRecordingReachingItsMaximumDurationStopsAndTheCallGoesOn() throws Exception {
        limits(Map.of());
        decision = new Decision(Decision.Verdict.RECORD, "test: the law", true, Optional.empty()).limitedTo(Duration.ofSeconds(2));
        Process srs = srs(1);
        Process callee = sipp("uas", "-sf", scenario("uas.xml"), "-i", "127.0.0.1", "-p", Integer.toString(CALLEE),
                "-mi", "127.0.0.1", "-mp", "34600", "-m", "1");
        Process caller = caller("acme1", 26480, 34610, 5000);

        // the SRS gets the BYE of the recording session (its scenario then ends) while the 5 s call still runs
        assertEquals(0, waitFor(srs), "the SRS got the RS INVITE, then the BYE: " + log("srs"));
        long byeSeen = System.nanoTime();
        assertTrue(caller.isAlive(), "the recording stopped before the call's end");
        assertFalse(platform.calls.activeCalls().isEmpty(), "the call goes on unrecorded");
        await().atMost(Duration.ofSeconds(5)).until(() -> audit.stream().anyMatch(a -> a.startsWith("recording.stopped")));
        String stoppedAudit = audit.stream().filter(a -> a.startsWith("recording.stopped")).findFirst().orElseThrow();
        assertTrue(stoppedAudit.contains("max-duration 2 s reached (test-policy), the call goes on"), stoppedAudit);
        // the caller keeps sending: no copy reaches the SRS after its BYE
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> label1.after(byeSeen + IN_FLIGHT_NANOS) + label2.after(byeSeen + IN_FLIGHT_NANOS) == 0);

        assertEquals(0, waitFor(caller), "the caller's call completed normally: " + log("uac-acme1"));
        assertEquals(0, waitFor(callee), "the callee's call completed normally: " + log("uas"));
        await().atMost(Duration.ofSeconds(5)).until(() -> platform.calls.activeCalls().isEmpty() && records.size() == 1);
        RecordingRecord record = records.get(0);
        assertEquals("completed: max-duration", record.outcome());
        assertTrue(record.decision().contains("mandatory max-duration 2 s (test-policy)"), record.decision());
        assertEquals(1, stoppedEvents.size(), "one recording.stopped event: " + stoppedEvents);
        assertEquals("max-duration", stoppedEvents.get(0).get(RecordingEvent.REASON));
        assertEquals(List.of("decision", "recording.started", "recording.stopped"), events(),
                "the call's end does nothing more to the recording: " + audit);
    }

    @Test
    void aCompanyAtItsLimitGetsItsNextCallUnrecordedAnotherCompanyDoesNot() throws Exception {
        limits(Map.of("company.max.recordings", "acme:1"));
        Process srs = srs(2);
        Process callee = sipp("uas", "-sf", scenario("uas.xml"), "-i", "127.0.0.1", "-p", Integer.toString(CALLEE),
                "-mi", "127.0.0.1", "-mp", "34600", "-m", "3");
        Process first = caller("acme1", 26480, 34610, 4000);
        await().atMost(Duration.ofSeconds(5)).until(() -> audit.stream().anyMatch(a -> a.startsWith("recording.started")));
        assertEquals(1, limits.inProgress("acme"));

        Process second = caller("acme2", 26481, 34620, 1000);
        Process other = caller("beta1", 26482, 34630, 1000);
        for (Process p : List.of(second, other, first)) {
            assertEquals(0, waitFor(p), "every call completed normally, recorded or not: " + log("uac-acme1") + log("uac-acme2")
                    + log("uac-beta1"));
        }
        assertEquals(0, waitFor(callee), "the callee's calls completed: " + log("uas"));
        assertEquals(0, waitFor(srs), "the SRS got two recording sessions: " + log("srs"));

        String atSrs = Files.readString(Path.of("target/sipp-srs.msg"));
        assertEquals(2, Pattern.compile("^INVITE sip:", Pattern.MULTILINE).matcher(atSrs).results().count(),
                "two RS INVITEs at the SRS");
        assertTrue(atSrs.contains("acme1") && atSrs.contains("beta1"), "acme's first call and beta's call are recorded");
        assertFalse(atSrs.contains("acme2"), "acme's second concurrent call is not recorded");
        List<String> refusals = audit.stream().filter(a -> a.contains("company-limit")).toList();
        assertEquals(1, refusals.size(), "audited once: " + audit);
        assertTrue(refusals.get(0).startsWith("recording.failed: company-limit: company acme has 1 recordings in progress, its limit is 1"),
                refusals.get(0));

        // leak-proof: the refused, the completed and the other company's recordings gave their places back
        await().atMost(Duration.ofSeconds(5)).until(() -> platform.calls.activeCalls().isEmpty() && records.size() == 3);
        assertEquals(0, limits.inProgress("acme"));
        assertEquals(0, limits.inProgress("beta"));
        assertEquals(1, records.stream().filter(r -> r.outcome().startsWith("failed: company-limit")).count(), records.toString());
    }

    @Test
    void aMandatoryRecordingOverTheCompanyLimitRefusesTheCall() throws Exception {
        limits(Map.of("company.max.recordings", "acme:1"));
        Process srs = srs(1);
        Process callee = sipp("uas", "-sf", scenario("uas.xml"), "-i", "127.0.0.1", "-p", Integer.toString(CALLEE),
                "-mi", "127.0.0.1", "-mp", "34600", "-m", "1");
        Process first = caller("acme1", 26480, 34610, 3000);
        await().atMost(Duration.ofSeconds(5)).until(() -> audit.stream().anyMatch(a -> a.startsWith("recording.started")));

        decision = new Decision(Decision.Verdict.RECORD, "test: the law", true, Optional.empty());
        // the platform itself answers 503 with Warning: 399 ... "mandatory recording unavailable: company-limit: ..."
        Process refused = sipp("uac-503", "-sf", scenario("uac_expect_503_mandatory.xml"), "-s", "acme2", "-i", "127.0.0.1", "-p", "26483",
                "-m", "1", "127.0.0.1:" + SIP);
        assertEquals(0, waitFor(refused), "the mandatory call over the limit is refused with 503: " + log("uac-503"));
        String refusal = Files.readString(Path.of("target/sipp-uac-503.msg"));
        assertTrue(refusal.contains("mandatory recording unavailable: company-limit: company acme has 1 recordings in progress"),
                refusal);

        assertEquals(0, waitFor(first), "the recorded call goes on: " + log("uac-acme1"));
        assertEquals(0, waitFor(callee), "the callee got only the first call: " + log("uas"));
        assertEquals(0, waitFor(srs), log("srs"));
        await().atMost(Duration.ofSeconds(5)).until(() -> platform.calls.activeCalls().isEmpty() && records.size() == 2);
        assertEquals(0, limits.inProgress("acme"), "no place left taken");
    }

    private Process srs(int calls) throws Exception {
        return sipp("srs", "-sf", scenario("srs_ondemand.xml"), "-key", "port1", Integer.toString(SRS_PORT1),
                "-key", "port2", Integer.toString(SRS_PORT2), "-i", "127.0.0.1", "-p", Integer.toString(SRS_SIP),
                "-m", Integer.toString(calls));
    }

    /** A caller of {@code callee}, sending RTP and hanging up after {@code millis}. */
    private Process caller(String callee, int port, int mediaPort, int millis) throws Exception {
        return sipp("uac-" + callee, "-sf", scenario("uac_rtp.xml"), "-key", "dest", "127.0.0.1:" + CALLEE, "-key", "pcap", PCAP,
                "-s", callee, "-d", Integer.toString(millis), "-i", "127.0.0.1", "-p", Integer.toString(port), "-mi", "127.0.0.1",
                "-mp", Integer.toString(mediaPort), "-m", "1", "127.0.0.1:" + SIP);
    }

    private List<String> events() {
        return audit.stream().map(a -> a.substring(0, a.indexOf(':'))).toList();
    }

    private static String scenario(String name) {
        return new File("src/test/resources/sipp/" + name).getAbsolutePath();
    }

    private final List<Process> started = new CopyOnWriteArrayList<>();

    private Process sipp(String name, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sipp"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-nostdin", "-timeout", "25s", "-trace_err", "-error_file", new File("target/sipp-" + name + ".err").getAbsolutePath(),
                "-trace_msg", "-message_file", new File("target/sipp-" + name + ".msg").getAbsolutePath()));
        Files.deleteIfExists(Path.of("target/sipp-" + name + ".err"));
        Files.deleteIfExists(Path.of("target/sipp-" + name + ".msg"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File("target/sipp-" + name + ".out")).start();
        started.add(p);
        return p;
    }

    private static String log(String name) {
        try {
            Path err = Path.of("target/sipp-" + name + ".err");
            return Files.exists(err) ? Files.readString(err) : "(no errors logged)";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static int waitFor(Process p) throws Exception {
        if (!p.waitFor(40, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
