package org.siprec.src.b2bua;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.siprec.src.b2bua.SippFixture.errors;
import static org.siprec.src.b2bua.SippFixture.messages;
import static org.siprec.src.b2bua.SippFixture.scenario;
import static org.siprec.src.b2bua.SippFixture.waitFor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.RecordingPolicy;
import org.siprec.api.store.RecordingRecord;

/**
 * The recording indication (RFC 7866 section 6.1) and a party's mid-call {@code a=recordpref} (section 6.3) on real
 * sockets: SIPp as record-aware and ordinary parties ({@code uas_reinvites.xml}, {@code uac_record_aware.xml},
 * {@code uac_recordpref_reinvite.xml}) and as the SRS; what each party received is read from SIPp's message trace.
 */
class RecordIndicationSippTest {
    private static final int SIP = 25960;
    private static final int SRS_SIP = 25996;
    private static final int SRS_PORT1 = 30500;
    private static final int SRS_PORT2 = 30502;
    private static final Pattern RECORD = Pattern.compile("a=record:([a-z]+)");
    private static final Pattern ORIGIN_VERSION = Pattern.compile("o=\\S+ \\S+ (\\d+) IN");

    private final SippFixture sipp = new SippFixture();
    private LoopbackPlatform platform;
    private CallRecordingControl control;
    private volatile Decision decision = Decision.record("test: record everything");
    /** When each audit event first reached the test. */
    private final Map<String, java.time.Instant> auditTimes = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final List<RecordingRecord> records = new CopyOnWriteArrayList<>();

    /** The SRC configuration a test runs with (else the defaults): a platform is not closed and re-made in a test. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.METHOD)
    @interface Src {
        String key();

        String value();
    }

    @BeforeEach
    void start(org.junit.jupiter.api.TestInfo test) throws Exception {
        SippFixture.requirePcap();
        Src src = test.getTestMethod().map(m -> m.getAnnotation(Src.class)).orElse(null);
        platform(src == null ? Map.of() : Map.of(src.key(), src.value()));
    }

    private void platform(Map<String, Object> src) throws Exception {
        platform = new LoopbackPlatform(SIP, 30000, src, 50);
        RecordingPolicy policy = session -> decision;
        platform.policies.bindPolicy(policy, Map.of("service.ranking", 0, "service.id", 1L, "component.name", "test-policy"));
        platform.srs.bindSrsAdapter(SippFixture.srs("sip:srs@127.0.0.1:" + SRS_SIP), Map.of("service.id", 2L));
        platform.reporter.bindAuditSink((time, callId, event, detail) -> {
            auditTimes.putIfAbsent(event, java.time.Instant.now());
            audit.add(event + ": " + detail);
        });
        platform.reporter.bindRecordingStore(records::add);
        control = new CallRecordingControl(platform.calls);
    }

    @AfterEach
    void stop() {
        sipp.close();
        platform.close();
    }

    /**
     * A record-aware callee is told {@code on} once the SRS accepted, {@code paused} and {@code on} around a pause and
     * resume, {@code off} when the recording is stopped, each in a re-INVITE of its last SDP (origin version one up
     * each time) that the platform answers itself; the ordinary caller gets none of it.
     */
    @Test
    void aRecordAwareCalleeIsToldOnPausedOnOffAndTheOrdinaryCallerNothing() throws Exception {
        Process srs = srs("srs_pause.xml");
        Process callee = callee("uas-aware", "record-aware", "nopreference");
        Process caller = sipp.sipp("uac-rtp", "-sf", scenario("uac_rtp.xml"), "-key", "dest", "127.0.0.1:25970",
                "-key", "pcap", SippFixture.PCAP, "-s", "callee", "-d", "6000", "-i", "127.0.0.1", "-p", "25980",
                "-mi", "127.0.0.1", "-mp", "30610", "-m", "1", "127.0.0.1:" + SIP);

        await().atMost(Duration.ofSeconds(5)).until(() -> told() == 1);
        String callId = platform.calls.activeCalls().get(0).callId();
        control.pause(callId, "agent-7");
        await().atMost(Duration.ofSeconds(3)).until(() -> told() == 2);
        control.resume(callId, "agent-7");
        await().atMost(Duration.ofSeconds(3)).until(() -> told() == 3);
        control.stop(callId, "agent-7");
        await().atMost(Duration.ofSeconds(3)).until(() -> told() == 4);

        assertEquals(0, waitFor(caller), "the caller's call succeeded (an unexpected re-INVITE would fail it): " + errors("uac-rtp"));
        assertEquals(0, waitFor(callee), "the callee answered every re-INVITE: " + errors("uas-aware"));
        assertEquals(0, waitFor(srs), "the SRS saw the pause and resume and the BYE of the stop: " + errors("srs-pause"));

        List<String> invites = received(messages("uas-aware"), "INVITE ");
        assertEquals(5, invites.size(), "the initial INVITE and four indications: " + invites);
        assertFalse(RECORD.matcher(invites.get(0)).find(), "the callee had not said it was record-aware yet: " + invites.get(0));
        List<String> values = new ArrayList<>();
        long version = origin(invites.get(0));
        for (String reInvite : invites.subList(1, 5)) {
            values.add(value(reInvite));
            assertTrue(Pattern.compile("a=record:[a-z]+\\s+m=audio").matcher(reInvite).find(), "at session level: " + reInvite);
            assertEquals(++version, origin(reInvite), "each indication raises the origin version by one: " + reInvite);
        }
        assertEquals(List.of("on", "paused", "on", "off"), values);
        String toCaller = messages("uac-rtp");
        assertFalse(RECORD.matcher(toCaller).find(), "the caller did not advertise record-aware: " + toCaller);
        assertEquals(List.of(), methods(received(toCaller, "")), "the caller received responses only");
        assertEquals("0", platform.calls.status().get("record.indication.failed"));
    }

    /**
     * A record-aware caller gets {@code a=record:off} in the answer (the SRS has not accepted yet) and {@code on} in a
     * re-INVITE once it has; when it hangs up nothing more is sent.
     */
    @Test
    void aRecordAwareCallerIsToldOffInTheAnswerThenOn() throws Exception {
        Process srs = srs("srs_ondemand.xml");
        Process callee = callee("uas-plain", "timer", "nopreference");
        Process caller = sipp.sipp("uac-aware", "-sf", scenario("uac_record_aware.xml"), "-key", "dest", "127.0.0.1:25970",
                "-key", "pcap", SippFixture.PCAP, "-s", "callee", "-i", "127.0.0.1", "-p", "25980",
                "-mi", "127.0.0.1", "-mp", "30610", "-m", "1", "127.0.0.1:" + SIP);

        assertEquals(0, waitFor(caller), "the caller answered the indication and hung up: " + errors("uac-aware"));
        assertEquals(0, waitFor(callee), "the callee's call succeeded: " + errors("uas-plain"));
        assertEquals(0, waitFor(srs), "the SRS recorded the call: " + errors("srs-ondemand"));
        String toCaller = messages("uac-aware");
        List<String> answers = received(toCaller, "SIP/2.0 200");
        assertEquals("off", value(answers.get(0)), "the answer to the INVITE: " + answers.get(0));
        List<String> reInvites = received(toCaller, "INVITE ");
        assertEquals(1, reInvites.size(), toCaller);
        assertEquals("on", value(reInvites.get(0)));
        assertEquals(origin(answers.get(0)) + 1, origin(reInvites.get(0)));
        assertFalse(RECORD.matcher(messages("uas-plain")).find(), "the callee did not advertise record-aware");
        assertEquals(1, told());
    }

    /**
     * {@code a=recordpref:pause} in the caller's re-INVITE pauses the recording (the SRS receives the inactive
     * re-INVITE, srs_pause.xml), {@code a=recordpref:on} in the next resumes it; both audited with the actor
     * {@code recordpref:caller}; the re-INVITEs themselves reach the callee as usual.
     */
    @Test
    void recordprefPauseInAReInvitePausesTheRecordingAndOnResumesIt() throws Exception {
        Process srs = srs("srs_pause.xml");
        Process callee = callee("uas-plain", "timer", "nopreference");
        Process caller = recordprefCaller("pause", "on");

        assertEquals(0, waitFor(caller), "the caller's re-INVITEs were answered: " + errors("uac-recordpref"));
        assertEquals(0, waitFor(callee), "the callee got both re-INVITEs: " + errors("uas-plain"));
        assertEquals(0, waitFor(srs), "the SRS saw the inactive pause re-INVITE, then the sendonly resume: " + errors("srs-pause"));
        assertEquals(3, received(messages("uas-plain"), "INVITE ").size());
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals(List.of("decision", "recording.started", "recording.paused", "recording.resumed", "recording.stopped"),
                events());
        assertTrue(audit.get(2).contains("by recordpref:caller") && audit.get(3).contains("by recordpref:caller"), audit.toString());
    }

    /** With {@code record.indication=false} a record-aware callee is told nothing: no a=record, no re-INVITE. */
    @Test
    @Src(key = "record.indication", value = "false")
    void withTheIndicationOffARecordAwareCalleeIsToldNothing() throws Exception {
        Process srs = srs("srs_ondemand.xml");
        Process callee = callee("uas-aware", "record-aware", "nopreference");
        Process caller = sipp.sipp("uac-rtp", "-sf", scenario("uac_rtp.xml"), "-key", "dest", "127.0.0.1:25970",
                "-key", "pcap", SippFixture.PCAP, "-s", "callee", "-d", "2500", "-i", "127.0.0.1", "-p", "25980",
                "-mi", "127.0.0.1", "-mp", "30610", "-m", "1", "127.0.0.1:" + SIP);

        assertEquals(0, waitFor(caller), "the caller's call succeeded: " + errors("uac-rtp"));
        assertEquals(0, waitFor(callee), "the callee's call succeeded: " + errors("uas-aware"));
        assertEquals(0, waitFor(srs), "the call was recorded: " + errors("srs-ondemand"));
        String toCallee = messages("uas-aware");
        assertEquals(1, received(toCallee, "INVITE ").size(), toCallee);
        assertFalse(RECORD.matcher(toCallee).find(), toCallee);
        assertEquals(0, told());
    }

    /**
     * A record-aware callee answering the indication with 491 (glare) is sent it once more 2.1-4 s later, with the
     * same origin version (the refused offer changed nothing); the 491 is counted, the call goes on untouched.
     */
    @Test
    void aGlareOnTheIndicationIsRetriedOnceAndNeverHurtsTheCall() throws Exception {
        Process srs = srs("srs_ondemand.xml");
        Process callee = sipp.sipp("uas-glare", "-sf", scenario("uas_glare.xml"), "-i", "127.0.0.1", "-p", "25970",
                "-mi", "127.0.0.1", "-mp", "30600", "-m", "1");
        Process caller = sipp.sipp("uac-rtp", "-sf", scenario("uac_rtp.xml"), "-key", "dest", "127.0.0.1:25970",
                "-key", "pcap", SippFixture.PCAP, "-s", "callee", "-d", "6500", "-i", "127.0.0.1", "-p", "25980",
                "-mi", "127.0.0.1", "-mp", "30610", "-m", "1", "127.0.0.1:" + SIP);

        await().atMost(Duration.ofSeconds(6)).until(() -> told() == 1);
        assertEquals("1", platform.calls.status().get("record.indication.failed"), "the 491 is counted");
        assertEquals(0, waitFor(caller), "the caller's call succeeded: " + errors("uac-rtp"));
        assertEquals(0, waitFor(callee), "the callee refused the first indication and accepted the second: " + errors("uas-glare"));
        assertEquals(0, waitFor(srs), "the call was recorded: " + errors("srs-ondemand"));
        List<String> invites = received(messages("uas-glare"), "INVITE ");
        assertEquals(3, invites.size(), "the INVITE, the indication and its one retry: " + invites);
        assertEquals("on", value(invites.get(1)));
        assertEquals("on", value(invites.get(2)));
        assertEquals(origin(invites.get(0)) + 1, origin(invites.get(1)));
        assertEquals(origin(invites.get(1)), origin(invites.get(2)), "the retry offers the same version");
    }

    /** {@code a=recordpref:off} in the caller's re-INVITE stops a recording that is not mandatory; the call goes on. */
    @Test
    void recordprefOffInAReInviteStopsARecordingThatIsNotMandatory() throws Exception {
        Process srs = srs("srs_ondemand.xml");
        Process callee = callee("uas-plain", "timer", "nopreference");
        Process caller = recordprefCaller("off", "nopreference");

        assertEquals(0, waitFor(srs), "the SRS got the BYE of the stop: " + errors("srs-ondemand"));
        assertTrue(caller.isAlive(), "the SRS's BYE came while the call went on");
        assertEquals(0, waitFor(caller), "the call went on: " + errors("uac-recordpref"));
        assertEquals(0, waitFor(callee), "the callee got both re-INVITEs: " + errors("uas-plain"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals(List.of("decision", "recording.started", "recording.stopped"), events());
        assertTrue(audit.get(2).contains("on demand by recordpref:caller, the call goes on"), audit.toString());
    }

    /** A mandatory recording goes on although the caller sends {@code a=recordpref:off}: the refusal is audited. */
    @Test
    void recordprefOffDoesNotStopAMandatoryRecording() throws Exception {
        decision = new Decision(Decision.Verdict.RECORD, "test: the law", true, java.util.Optional.empty());
        Process srs = srs("srs_ondemand.xml");
        Process callee = callee("uas-plain", "timer", "nopreference");
        Process caller = recordprefCaller("off", "nopreference");

        assertEquals(0, waitFor(caller), "the call went on: " + errors("uac-recordpref"));
        assertEquals(0, waitFor(callee), "the callee got both re-INVITEs: " + errors("uas-plain"));
        assertEquals(0, waitFor(srs), "the SRS got the BYE at the end of the call: " + errors("srs-ondemand"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals(List.of("decision", "recording.started", "recording.stopped", "recording.stopped"), events());
        assertTrue(audit.get(2).contains("stop by recordpref:caller refused: recording is mandatory"), audit.toString());
    }

    /** By default a record-aware callee in the audience hears the 3 s prompt before recording (and a=record:on after). */
    @Test
    void aRecordAwareCalleeHearsTheAnnouncementByDefault() throws Exception {
        long millis = answerToRecording();
        assertTrue(millis >= 3000, "the SRS accepted " + millis + " ms after the answer, before the 3 s prompt ended");
    }

    /**
     * With {@code record.aware.announcement=false} a record-aware callee in the audience is told by a=record instead
     * of the 3 s prompt: the recording starts at once (the test above is the control case).
     */
    @Test
    @Src(key = "record.aware.announcement", value = "false")
    void aRecordAwareCalleeIsToldInsteadOfHearingTheAnnouncementWhenConfigured() throws Exception {
        long millis = answerToRecording();
        assertTrue(millis < 1500, "told by a=record instead of the prompt, so recorded at once; took " + millis + " ms");
    }

    /** Milliseconds between the answer and the SRS's acceptance for a call whose decision names a 3 s callee prompt. */
    private long answerToRecording() throws Exception {
        decision = new Decision(Decision.Verdict.RECORD, "test", false, java.util.Optional.of("notice"));
        platform.b2bua.bindPrompts((announcement, call) -> new org.siprec.api.compliance.Prompt("notice", "en", "notice.en.wav",
                new short[3000 * 8], org.siprec.api.compliance.Audience.CALLEE));
        Process srs = srs("srs_ondemand.xml");
        Process callee = callee("uas-aware", "record-aware", "nopreference");
        Process caller = sipp.sipp("uac-rtp", "-sf", scenario("uac_rtp.xml"), "-key", "dest", "127.0.0.1:25970",
                "-key", "pcap", SippFixture.PCAP, "-s", "callee", "-d", "4500", "-i", "127.0.0.1", "-p", "25980",
                "-mi", "127.0.0.1", "-mp", "30610", "-m", "1", "127.0.0.1:" + SIP);
        assertEquals(0, waitFor(caller), "the caller's call succeeded: " + errors("uac-rtp"));
        assertEquals(0, waitFor(callee), "the callee's call succeeded: " + errors("uas-aware"));
        assertEquals(0, waitFor(srs), "the call was recorded: " + errors("srs-ondemand"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals(List.of("on"), received(messages("uas-aware"), "INVITE ").stream().skip(1).map(RecordIndicationSippTest::value)
                .toList(), "the callee is told on once recorded");
        return Duration.between(records.get(0).start(), auditTimes.get("recording.started")).toMillis();
    }

    /**
     * The callee's {@code a=recordpref:pause} in its answer pauses the recording as soon as the SRS accepts it
     * ({@code srs_pause_refuse.xml} checks the {@code a=inactive} re-INVITE and refuses it: the recording stays paused).
     */
    @Test
    void recordprefPauseInTheCalleesAnswerPausesTheRecordingOnceTheSrsAccepts() throws Exception {
        Process srs = srs("srs_pause_refuse.xml");
        Process callee = callee("uas-plain", "timer", "pause");
        Process caller = sipp.sipp("uac-rtp", "-sf", scenario("uac_rtp.xml"), "-key", "dest", "127.0.0.1:25970",
                "-key", "pcap", SippFixture.PCAP, "-s", "callee", "-d", "2500", "-i", "127.0.0.1", "-p", "25980",
                "-mi", "127.0.0.1", "-mp", "30610", "-m", "1", "127.0.0.1:" + SIP);

        assertEquals(0, waitFor(caller), "the caller's call succeeded: " + errors("uac-rtp"));
        assertEquals(0, waitFor(callee), "the callee's call succeeded: " + errors("uas-plain"));
        assertEquals(0, waitFor(srs), "the SRS got the inactive re-INVITE: " + errors("srs-pause-refuse"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals(List.of("decision", "recording.started", "recording.paused", "recording.paused", "recording.stopped"), events());
        assertTrue(audit.get(2).contains("by recordpref:callee"), audit.toString());
    }

    /** SIPp as callee ({@code uas_reinvites.xml}) with this Supported option tag and a=recordpref in its answer. */
    private Process callee(String name, String supported, String answerPref) throws Exception {
        return sipp.sipp(name, "-sf", scenario("uas_reinvites.xml"), "-key", "supported", supported, "-key", "answerpref",
                answerPref, "-i", "127.0.0.1", "-p", "25970", "-mi", "127.0.0.1", "-mp", "30600", "-m", "1");
    }

    private Process recordprefCaller(String pref1, String pref2) throws Exception {
        return sipp.sipp("uac-recordpref", "-sf", scenario("uac_recordpref_reinvite.xml"), "-key", "pref1", pref1,
                "-key", "pref2", pref2, "-key", "dest", "127.0.0.1:25970", "-key", "pcap", SippFixture.PCAP, "-s", "callee",
                "-i", "127.0.0.1", "-p", "25980", "-mi", "127.0.0.1", "-mp", "30610", "-m", "1", "127.0.0.1:" + SIP);
    }

    private List<String> events() {
        return audit.stream().map(a -> a.substring(0, a.indexOf(':'))).toList();
    }

    private Process srs(String scenario) throws Exception {
        return sipp.sipp(scenario.replace(".xml", "").replace('_', '-'), "-sf", scenario(scenario), "-key", "port1",
                Integer.toString(SRS_PORT1), "-key", "port2", Integer.toString(SRS_PORT2), "-i", "127.0.0.1", "-p",
                Integer.toString(SRS_SIP), "-m", "1");
    }

    private long told() {
        return Long.parseLong(platform.calls.status().get("record.indication.told"));
    }

    /** The messages SIPp received (from its -trace_msg file) whose first line starts with {@code start}. */
    private static List<String> received(String trace, String start) {
        List<String> result = new ArrayList<>();
        for (String block : trace.split("-{20,}")) {
            int at = block.indexOf("message received");
            if (at < 0) {
                continue;
            }
            String message = block.substring(block.indexOf('\n', at) + 1).stripLeading();
            if (message.startsWith(start)) {
                result.add(message);
            }
        }
        return result;
    }

    private static List<String> methods(List<String> messages) {
        return messages.stream().filter(m -> !m.startsWith("SIP/2.0")).map(m -> m.substring(0, m.indexOf(' ') + 1)).toList();
    }

    private static String value(String message) {
        Matcher m = RECORD.matcher(message);
        return m.find() ? m.group(1) : null;
    }

    private static long origin(String message) {
        Matcher m = ORIGIN_VERSION.matcher(message);
        assertTrue(m.find(), "no o= line: " + message);
        return Long.parseLong(m.group(1));
    }
}
