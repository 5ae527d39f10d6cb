package org.siprec.itests.blackbox;

import org.siprec.testsupport.sipp.Sipp;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.ClassRule;
import org.junit.Test;

/**
 * What the SRS answers, stream by stream, decides what the relay sends it (RFC 7866 section 8.1.5, RFC 3264):
 * {@code recvonly} gets the copies, {@code inactive} and {@code sendonly} get nothing until the SRS changes its
 * mind, port 0 declines the stream. Counted on the wire with tshark; the call itself completes in every case.
 */
public class SrsAnswerTest extends RecordingSupport {

    @ClassRule
    public static final KarafResource KARAF = recordingKaraf(SrsAnswerTest.class);

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @Test
    public void inactiveStreamGetsNothingWhileTheOtherIsRecorded() {
        Recorded r = recordWithAnswer(srsMedia(), "inactive", srsMedia() + 2, "recvonly");
        assertEquals("nothing to the inactive label 1: " + r.summary, 0, r.rtp.fromRelayTo(srsMedia()));
        assertEquals("nothing at all from label 1's port: " + r.summary, 0, r.rtp.fromPort(r.offered.get("1")));
        assertTrue("label 2 recorded: " + r.summary, r.rtp.fromRelayTo(srsMedia() + 2) >= MIN_RTP);
    }

    @Test
    public void sendonlyStreamGetsNothingWhileTheOtherIsRecorded() {
        Recorded r = recordWithAnswer(srsMedia(), "recvonly", srsMedia() + 2, "sendonly");
        assertTrue("label 1 recorded: " + r.summary, r.rtp.fromRelayTo(srsMedia()) >= MIN_RTP);
        assertEquals("nothing to the sendonly label 2: " + r.summary, 0, r.rtp.fromRelayTo(srsMedia() + 2));
        assertEquals("nothing at all from label 2's port: " + r.summary, 0, r.rtp.fromPort(r.offered.get("2")));
    }

    @Test
    public void streamAnsweredWithPortZeroIsDeclinedTheOtherIsRecorded() {
        Recorded r = recordWithAnswer(0, "recvonly", srsMedia() + 2, "recvonly");
        assertEquals("nothing from the declined label 1's port: " + r.summary, 0, r.rtp.fromPort(r.offered.get("1")));
        assertEquals("nothing to the SRS's first media port: " + r.summary, 0, r.rtp.fromRelayTo(srsMedia()));
        assertTrue("label 2 recorded: " + r.summary, r.rtp.fromRelayTo(srsMedia() + 2) >= MIN_RTP);
    }

    /**
     * The SRS answers both streams {@code inactive}, then after 1 s re-INVITEs them {@code recvonly}: no copy
     * before that re-INVITE, copies of both directions after it.
     */
    @Test
    public void inactiveStreamsGetCopiesOnceTheSrsReInvitesThemRecvonly() {
        int port = srsSip();
        int media = srsMedia();
        useSrs(srsUri(port));
        try (RtpCapture rtp = capture(port)) {
            Sipp.Run srs = started(srs("srs", "srs_inactive_then_record.xml", port, media).pause(1000).startListening());
            call(callee("uas_basic.xml").withPcap(), caller("uac_basic.xml").withPcap().pause(3000));
            assertSucceeded(srs);

            RtpCapture.Packet reinvite = rtp.first(p -> p.src() == port && p.sip().startsWith("INVITE "));
            assertNotNull("the SRS's re-INVITE (capture)", reinvite);
            String summary = rtp.summary(media, media + 2) + "; SRS re-INVITE at " + reinvite;
            System.out.println("[blackbox] inactive, then recvonly: " + summary);
            for (int m : new int[] {media, media + 2}) {
                List<Double> times = rtp.timesFromRelayTo(m);
                assertTrue("no copy to " + m + " before the SRS asked for it: first at " + (times.isEmpty() ? "-" : times.get(0))
                        + "; " + summary, times.stream().allMatch(t -> t > reinvite.time()));
                assertTrue("copies to " + m + " after the re-INVITE: " + summary, times.size() >= MIN_RTP);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    /** A recorded 2 s call with RTP both ways; the capture and the ports the RS offer gave label 1 and 2. */
    private record Recorded(RtpCapture rtp, Map<String, Integer> offered, String summary) {
    }

    /** One call recorded by {@code srs_answer.xml} answering label 1 and 2 with these ports and directions. */
    private Recorded recordWithAnswer(int port1, String dir1, int port2, String dir2) {
        int port = srsSip();
        int media = srsMedia();
        useSrs(srsUri(port));
        try (RtpCapture rtp = capture(port)) {
            Sipp.Run srs = started(srs("srs", "srs_answer.xml", port, media)
                    .key("port1", Integer.toString(port1)).key("dir1", dir1)
                    .key("port2", Integer.toString(port2)).key("dir2", dir2).startListening());
            call(callee("uas_basic.xml").withPcap(), caller("uac_basic.xml").withPcap().pause(2000));
            assertSucceeded(srs);
            rtp.stop();
            Map<String, Integer> offered = SippTrace.read(testDir().resolve("srs.messages.log")).received("INVITE").get(0).portsByLabel();
            assertEquals("labels offered: " + offered, List.of("1", "2"), List.copyOf(offered.keySet()));
            String summary = rtp.summary(ports.callerMedia, ports.calleeMedia, media, media + 2) + "; offered " + offered
                    + " answered label 1 " + port1 + " " + dir1 + ", label 2 " + port2 + " " + dir2
                    + "; from the offered ports " + rtp.fromPort(offered.get("1")) + ", " + rtp.fromPort(offered.get("2"));
            System.out.println("[blackbox] " + testName.getMethodName() + ": " + summary);
            // the call itself keeps its media whatever the SRS answered
            assertTrue("relay -> caller: " + summary, rtp.fromRelayTo(ports.callerMedia) >= MIN_RTP);
            assertTrue("relay -> callee: " + summary, rtp.fromRelayTo(ports.calleeMedia) >= MIN_RTP);
            return new Recorded(rtp, offered, summary);
        }
    }
}
