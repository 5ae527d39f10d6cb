package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.sipp.Sipp;

/**
 * The recording indication (RFC 7866 section 6.1, docs/compliance.md "Recording indication") through the shipped
 * distribution: a SIPp callee that advertises {@code record-aware} in its 200 ({@code uas_record_aware.xml}) is told
 * {@code a=record:on} in a re-INVITE once the default embedded SRS records the call, then {@code paused} and
 * {@code on} again around {@code siprec:pause} / {@code siprec:resume} (bin/client), each at session level with the
 * origin version one up; the ordinary caller ({@code uac_basic.xml}) is sent no {@code a=record} and no request.
 */
public class RecordIndicationTest extends BlackBoxSupport {
    @ClassRule
    public static final KarafResource KARAF = new KarafResource(RecordIndicationTest.class);

    /** Long enough for the indications and two bin/client round trips on a loaded machine; the caller hangs up then. */
    private static final int CALL_MILLIS = 12_000;
    private static final Pattern CALL_ID = Pattern.compile("(\\d+-\\d+@127\\.0\\.0\\.1)");
    private static final Pattern RECORD = Pattern.compile("a=record:([a-z]+)");
    private static final Pattern ORIGIN_VERSION = Pattern.compile("o=\\S+ \\S+ (\\d+) IN");

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @Test
    public void aRecordAwareCalleeSeesOnThenPausedAndOnAroundPauseAndResume() throws Exception {
        Sipp calleeUa = callee("uas_record_aware.xml").withPcap();
        Sipp callerUa = caller("uac_basic.xml").withPcap().pause(CALL_MILLIS).timeout(Duration.ofSeconds(60));
        Sipp.Run callee = started(calleeUa.startListening());
        Sipp.Run caller = started(callerUa.start());

        // the recording starts after the answer; the record-aware callee is then told "on"
        await("a=record:on to the callee").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> indications(calleeUa), v -> v.equals(List.of("on")));
        String callId = await("the call in siprec:calls").atMost(Duration.ofSeconds(15))
                .until(() -> callIdIn(PolicyDirectoryTest.client(karaf(), "siprec:calls")), Optional::isPresent).get();

        String paused = PolicyDirectoryTest.client(karaf(), "siprec:pause " + callId);
        assertTrue("siprec:pause: " + paused, paused.contains("paused at"));
        await("a=record:paused to the callee").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> indications(calleeUa), v -> v.equals(List.of("on", "paused")));

        String resumed = PolicyDirectoryTest.client(karaf(), "siprec:resume " + callId);
        assertTrue("siprec:resume: " + resumed, resumed.contains("resumed at"));
        await("a=record:on again to the callee").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> indications(calleeUa), v -> v.equals(List.of("on", "paused", "on")));
        assertTrue("the indications came while the call was up (make CALL_MILLIS longer if not): " + callee.describe(),
                caller.isAlive());

        assertSucceeded(caller); // an unexpected request (a=record re-INVITE) would fail the ordinary caller
        assertSucceeded(callee); // it answered every re-INVITE and the BYE

        List<SippTrace.Message> invites = SippTrace.read(calleeUa.file("messages.log")).received("INVITE");
        assertEquals("the initial INVITE and three indications: " + invites, 4, invites.size());
        assertFalse("the callee had not said it was record-aware yet: " + invites.get(0).body(),
                RECORD.matcher(invites.get(0).body()).find());
        long version = origin(invites.get(0).body());
        for (SippTrace.Message reInvite : invites.subList(1, 4)) {
            assertTrue("a=record at session level (before m=): " + reInvite.body(),
                    Pattern.compile("a=record:[a-z]+\\s+m=audio").matcher(reInvite.body()).find());
            assertEquals("each indication raises the origin version by one: " + reInvite.body(), ++version,
                    origin(reInvite.body()));
        }
        String toCaller = Files.readString(callerUa.file("messages.log"), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertFalse("the ordinary caller is sent no a=record", RECORD.matcher(toCaller).find());
    }

    /** The a=record values of the re-INVITEs the callee received so far, in order (the initial INVITE has none). */
    private static List<String> indications(Sipp callee) {
        if (!Files.exists(callee.file("messages.log"))) {
            return List.of();
        }
        return SippTrace.read(callee.file("messages.log")).received("INVITE").stream().map(m -> RECORD.matcher(m.body()))
                .filter(Matcher::find).map(m -> m.group(1)).toList();
    }

    private static long origin(String sdp) {
        Matcher m = ORIGIN_VERSION.matcher(sdp);
        assertTrue("an o= line: " + sdp, m.find());
        return Long.parseLong(m.group(1));
    }

    private static Optional<String> callIdIn(String calls) {
        Matcher m = CALL_ID.matcher(calls);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
