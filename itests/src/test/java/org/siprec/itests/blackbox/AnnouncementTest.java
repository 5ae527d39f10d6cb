package org.siprec.itests.blackbox;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.sipp.Sipp;

/**
 * Announcement before recording (docs/compliance.md) through the shipped distribution: the record-all policy names
 * the spoken prompt shipped in {@code prompts/recording-notice.en.wav} (4.46 s, 224 packets of 20 ms), the caller
 * hears it (tshark counts the relay's packets to the caller before the recording session is offered), the RS INVITE
 * leaves only after it, the recording completes; a hang-up during the prompt opens no RS; a missing prompt is logged
 * as unavailable and the call recorded without it.
 */
public class AnnouncementTest extends RecordingSupport {
    /** recording-notice.en.wav: 35,711 samples = 224 packets of 160 samples (the last padded). */
    private static final int PROMPT_PACKETS = 224;
    private static final double PROMPT_SECONDS = 35711 / 8000.0;

    @ClassRule
    public static final KarafResource KARAF = recordingKaraf(AnnouncementTest.class);

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    private void announcement(String id) {
        announcement(id, false);
    }

    private void announcement(String id, boolean mandatory) {
        karaf().configLive("org.siprec.policy.recordall", "mandatory", Boolean.toString(mandatory));
        karaf().configLive("org.siprec.policy.recordall", "announcement", id);
    }

    @Test
    public void theCallerHearsTheSpokenPromptThenTheCallIsBridgedAndRecorded() {
        announcement("recording-notice");
        int port = srsSip();
        int media = srsMedia();
        long log = useSrs(srsUri(port));
        try (RtpCapture rtp = capture(port)) {
            Sipp.Run srs = started(srs("srs", "srs_check.xml", port, media).startListening());
            Sipp.Run b = started(callee("uas_basic.xml").withPcap().startListening());
            Sipp.Run a = started(caller("uac_basic.xml").withPcap().pause(8000).start());
            assertSucceeded(a);
            assertSucceeded(b);
            assertSucceeded(srs);
            awaitLog(log, "recorded by " + srsUri(port));
            assertTrue("the prompt was played: karaf.log",
                    logSince(log).contains("announcement recording-notice/en"));

            rtp.stop();
            String summary = rtp.summary(ports.callerMedia, ports.calleeMedia, media, media + 2);
            System.out.println("[blackbox] announced call RTP: " + summary);
            RtpCapture.Packet offer = rtp.first(p -> p.dst() == port);
            assertNotNull("the SRS got the offer (capture): " + summary, offer);
            List<Double> toCaller = rtp.timesFromRelayTo(ports.callerMedia);
            assertTrue("the caller got RTP: " + summary, !toCaller.isEmpty());
            double first = toCaller.get(0);
            long beforeOffer = toCaller.stream().filter(t -> t < offer.time()).count();
            String timing = "first packet to the caller at " + first + ", RS offer at " + offer.time() + ", "
                    + beforeOffer + " packets to the caller before it; " + summary;
            System.out.println("[blackbox] " + timing);
            // before the offer only the prompt reaches the caller (the callee is not bridged meanwhile)
            assertTrue("the prompt's " + PROMPT_PACKETS + " packets reached the caller before the RS offer: " + timing,
                    beforeOffer >= PROMPT_PACKETS - 3 && beforeOffer <= PROMPT_PACKETS + 3);
            assertTrue("the RS is offered only after the prompt's " + PROMPT_SECONDS + " s: " + timing,
                    offer.time() - first >= PROMPT_SECONDS - 0.1);
            assertTrue("relay -> callee after the prompt: " + summary, rtp.fromRelayTo(ports.calleeMedia) >= MIN_RTP);
            assertTrue("relay -> SRS label 1: " + summary, rtp.fromRelayTo(media) >= MIN_RTP);
            assertTrue("relay -> SRS label 2: " + summary, rtp.fromRelayTo(media + 2) >= MIN_RTP);
        }
    }

    @Test
    public void aHangUpDuringThePromptEndsBothLegsAndOpensNoRecordingSession() {
        announcement("recording-notice");
        int port = srsSip();
        long log = useSrs(srsUri(port));
        try (RtpCapture rtp = capture(port)) {
            Sipp.Run b = started(callee("uas_basic.xml").withPcap().startListening());
            Sipp.Run a = started(caller("uac_basic.xml").withPcap().pause(1500).start()); // BYE 1.5 s into the 4.46 s prompt
            assertSucceeded(a);
            assertSucceeded(b);
            awaitLog(log, "announcement recording-notice/en");
            rtp.stop();
            assertNull("nothing was sent to the SRS: " + rtp.summary(ports.callerMedia),
                    rtp.first(p -> p.dst() == port));
            long toCaller = rtp.fromRelayTo(ports.callerMedia);
            assertTrue("the caller heard part of the prompt only: " + toCaller, toCaller > 20 && toCaller < 150);
            assertEquals("no recording started", 0, countInLog(log, "recorded by"));
        }
    }

    /**
     * {@code announcement.moment=early}: the platform answers the caller itself in a reliable 183 (the caller
     * supports 100rel, {@code uac_early_media.xml}) and plays the whole prompt while the callee rings for 6 s
     * ({@code uas_ring_then_answer.xml}); the callee's 200 is relayed only after it, then the call is bridged and
     * recorded (the caller's audio reaches the callee and the SRS; this callee sends none). The 200 is when the
     * callee's 200 OK reached the platform (tshark on its SIP port).
     */
    @Test
    public void inEarlyMediaTheCallerHearsTheWholePromptBeforeTheAnswerThenTheCallIsRecorded() {
        announcement("recording-notice");
        karaf().configLive("org.siprec.src", "announcement.moment", "early");
        try {
            int port = srsSip();
            int media = srsMedia();
            long log = useSrs(srsUri(port));
            try (RtpCapture rtp = capture(port)) {
                Sipp.Run srs = started(srs("srs", "srs_check.xml", port, media).startListening());
                Sipp.Run b = started(callee("uas_ring_then_answer.xml").pause(6000).startListening());
                Sipp.Run a = started(caller("uac_early_media.xml").withPcap().pause(3000).start());
                assertSucceeded(a); // reliable 183 with SDP, PRACK answered, then the 200 with SDP
                assertSucceeded(b);
                assertSucceeded(srs);
                awaitLog(log, "recorded by " + srsUri(port));
                assertTrue("the prompt was played in early media: karaf.log", logSince(log).lines().anyMatch(l ->
                        l.contains("announcement recording-notice/en") && l.contains("playing to the caller in early media")));

                rtp.stop();
                String summary = rtp.summary(ports.callerMedia, ports.calleeMedia, media, media + 2);
                RtpCapture.Packet answer = rtp.first(p -> p.src() == ports.calleeSip && p.sip().startsWith("SIP/2.0 200"));
                RtpCapture.Packet offer = rtp.first(p -> p.dst() == port);
                assertNotNull("the callee's 200 OK (capture): " + summary, answer);
                assertNotNull("the SRS got the offer (capture): " + summary, offer);
                List<Double> toCaller = rtp.timesFromRelayTo(ports.callerMedia);
                assertTrue("the caller got RTP: " + summary, !toCaller.isEmpty());
                double first = toCaller.get(0);
                long beforeAnswer = toCaller.stream().filter(t -> t < answer.time()).count();
                String timing = "first packet to the caller at " + first + ", callee's 200 at " + answer.time()
                        + ", RS offer at " + offer.time() + ", " + beforeAnswer + " packets to the caller before the 200; "
                        + summary;
                System.out.println("[blackbox] early-media announcement: " + timing);
                assertTrue("the prompt's " + PROMPT_PACKETS + " packets reached the caller before the answer: " + timing,
                        beforeAnswer >= PROMPT_PACKETS - 3 && beforeAnswer <= PROMPT_PACKETS + 3);
                assertTrue("the prompt started " + PROMPT_SECONDS + " s or more before the answer: " + timing,
                        answer.time() - first >= PROMPT_SECONDS - 0.1);
                assertTrue("the RS is offered only after the answer: " + timing, offer.time() > answer.time());
                // the ringing callee sends no RTP: the caller's audio is what reaches the callee and the SRS
                assertTrue("relay -> callee after the answer: " + summary, rtp.fromRelayTo(ports.calleeMedia) >= MIN_RTP);
                assertTrue("relay -> SRS label 1 (the caller): " + summary, rtp.fromRelayTo(media) >= MIN_RTP);
            }
        } finally {
            karaf().configLive("org.siprec.src", "announcement.moment", "answer");
        }
    }

    /** A CANCEL during the early-media prompt (unreliable 183, no 100rel): 487, the callee cancelled, no RS. */
    @Test
    public void aCancelDuringTheEarlyMediaPromptEndsTheCallAndOpensNoRecordingSession() {
        announcement("recording-notice");
        karaf().configLive("org.siprec.src", "announcement.moment", "early");
        try {
            int port = srsSip();
            long log = useSrs(srsUri(port));
            try (RtpCapture rtp = capture(port)) {
                Sipp.Run b = started(callee("uas_ring_cancel.xml").startListening());
                Sipp.Run a = started(caller("uac_early_cancel.xml").pause(1500).start()); // CANCEL 1.5 s into the prompt
                assertSucceeded(a);
                assertSucceeded(b);
                awaitLog(log, "playing to the caller in early media");
                rtp.stop();
                assertNull("nothing was sent to the SRS: " + rtp.summary(ports.callerMedia),
                        rtp.first(p -> p.dst() == port));
                long toCaller = rtp.fromRelayTo(ports.callerMedia);
                assertTrue("the caller heard part of the prompt only: " + toCaller, toCaller > 20 && toCaller < 150);
                assertEquals("no recording started", 0, countInLog(log, "recorded by"));
            }
        } finally {
            karaf().configLive("org.siprec.src", "announcement.moment", "answer");
        }
    }

    @Test
    public void aMissingPromptIsReportedAndTheCallRecordedWithoutIt() {
        announcement("no-such-prompt");
        int port = srsSip();
        int media = srsMedia();
        long log = useSrs(srsUri(port));
        Sipp.Run srs = started(srs("srs", "srs_check.xml", port, media).startListening());
        call(callee("uas_basic.xml").withPcap(), caller("uac_basic.xml").withPcap().pause(2000));
        assertSucceeded(srs);
        awaitLog(log, "announcement no-such-prompt cannot be played: no playable prompt for announcement no-such-prompt");
        awaitLog(log, "recorded by " + srsUri(port));
    }

    @Test
    public void aMandatoryRecordingWhoseAnnouncementHasNoPromptRefusesTheCallWith503() {
        announcement("no-such-prompt", true);
        try {
            int port = srsSip();
            long log = useSrs(srsUri(port));
            Sipp.Run a = started(caller("uac_expect_503.xml").start());
            assertSucceeded(a); // 503 with Warning: 399 ... "mandatory recording unavailable: announcement ... cannot be played"
            awaitLog(log, "announcement no-such-prompt cannot be played");
            assertEquals("no recording started", 0, countInLog(log, "recorded by"));
        } finally {
            announcement("", false);
        }
    }

    @Test
    public void theFinalResponseOfAnImpossibleMandatoryRecordingIsConfigurable() {
        announcement("no-such-prompt", true);
        karaf().configLive("org.siprec.src", "mandatory.reject.status", "480");
        try {
            int port = srsSip();
            long log = useSrs(srsUri(port));
            // 480 with the Warning and Reason: SIP;cause=480;text="mandatory recording unavailable"
            Sipp.Run a = started(caller("uac_expect_480.xml").start());
            assertSucceeded(a);
            awaitLog(log, "refused with 480: recording is mandatory and cannot be done");
        } finally {
            karaf().configLive("org.siprec.src", "mandatory.reject.status", "503");
            announcement("", false);
        }
    }
}
