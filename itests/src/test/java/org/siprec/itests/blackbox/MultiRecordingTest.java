package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.sipp.Sipp;

/**
 * Several recordings of one call through the distribution (issues 11 and 14): the default SRS group
 * ({@code etc/org.siprec.srs.sip.cfg}) is SIPp SRS A, a second group {@code qm} is a factory configuration
 * {@code etc/org.siprec.srs.sip.group-qm.cfg} naming SIPp SRS B. The record-all policy records the call to the default
 * group; {@code siprec:record --srs-group qm start <call>} adds a recording to {@code qm} beside it, and
 * {@code siprec:calls} lists both. SRS A is killed mid-call: SRS B keeps getting the copies (counted on the wire by
 * tshark), gets its BYE at the call's end, and the call ends normally.
 */
public class MultiRecordingTest extends RecordingSupport {
    @ClassRule
    public static final KarafResource KARAF = recordingKaraf(MultiRecordingTest.class);

    private static final Pattern CALL_ID = Pattern.compile("(\\d+-\\d+@127\\.0\\.0\\.1)");

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @Test
    public void aSecondGroupFromAFactoryConfigurationRecordsBesideTheDefaultAndOutlivesItsSrs() {
        int first = srsSip();
        int second = srsSip() + 1;
        int mediaA = srsMedia();
        int mediaB = srsMedia() + 4;
        useSrs(srsUri(first));
        useGroup("qm", srsUri(second));

        try (RtpCapture wire = capture(first, second)) {
            Sipp.Run srsA = started(srs("srsA", "srs_check.xml", first, mediaA).startListening());
            Sipp.Run srsB = started(srs("srsB", "srs_check.xml", second, mediaB).startListening());
            Sipp.Run callee = started(callee("uas_basic.xml").withPcap().startListening());
            Sipp.Run caller = started(caller("uac_basic.xml").withPcap().pause(14_000).timeout(Duration.ofSeconds(60)).start());

            String callId = await("the call in siprec:calls").atMost(Duration.ofSeconds(15))
                    .until(() -> callIdIn(PolicyDirectoryTest.client(karaf(), "siprec:calls")), Optional::isPresent).get();
            await("recorded at SRS A").atMost(Duration.ofSeconds(10)).until(() -> srsA.messages().contains("INVITE sip:"));
            String started = PolicyDirectoryTest.client(karaf(), "siprec:record --srs-group qm start " + callId);
            assertTrue("a recording to group qm starts beside the policy's: " + started,
                    started.contains("to SRS group qm started at"));
            String calls = PolicyDirectoryTest.client(karaf(), "siprec:calls");
            assertTrue("siprec:calls lists both recordings: " + calls,
                    calls.contains("RECORDING (default") && calls.contains("RECORDING (qm"));
            String again = PolicyDirectoryTest.client(karaf(), "siprec:record --srs-group qm start " + callId);
            assertTrue("a second recording to the same group is refused: " + again, again.contains("Error (ALREADY_RECORDED)"));

            srsA.close(); // SRS A dies mid-call
            assertTrue("the call goes on", caller.isAlive());
            assertSucceeded(caller);
            assertSucceeded(callee);
            assertSucceeded(srsB);
            assertTrue("SRS B got its BYE at the call's end:\n" + srsB.messages(), srsB.messages().contains("BYE sip:"));
            String summary = wire.summary(mediaA, mediaA + 2, mediaB, mediaB + 2);
            System.out.println("[blackbox] two recordings of one call: " + summary);
            assertTrue("relay -> SRS B label 1: " + summary, wire.fromRelayTo(mediaB) >= MIN_RTP);
            assertTrue("relay -> SRS B label 2: " + summary, wire.fromRelayTo(mediaB + 2) >= MIN_RTP);
            assertTrue("relay -> SRS A label 1 before it died: " + summary, wire.fromRelayTo(mediaA) >= 10);
        }
    }

    private static Optional<String> callIdIn(String calls) {
        Matcher m = CALL_ID.matcher(calls);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
