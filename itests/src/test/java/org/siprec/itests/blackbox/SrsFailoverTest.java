package org.siprec.itests.blackbox;

import org.siprec.testsupport.sipp.Sipp;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.ClassRule;
import org.junit.Test;

/**
 * An SRS that is down, refuses, does not answer or ends the recording: the call always completes, the next SRS of
 * {@code srs.uris} is tried at once, and the copies to an SRS that left stop. Also the transport of the recording
 * session: over TCP when it is too large for UDP, and straight over UDP to an SRS that refused TCP before.
 * <p>
 * Timing bounds here are generous on purpose (1 s where the platform needs milliseconds): they are to catch a
 * fail-over that waits for a timer, not to measure.
 */
public class SrsFailoverTest extends RecordingSupport {

    @ClassRule
    public static final KarafResource KARAF = recordingKaraf(SrsFailoverTest.class);

    /** How soon the next SRS must get its offer after the previous one refused or left. */
    private static final double PROMPTLY_S = 1.0;
    /**
     * Copies the relay may still send after the platform answered the SRS's BYE: one already being sent by the
     * relay's selector thread while the call's thread stops the forks.
     */
    private static final double IN_FLIGHT_S = 0.1;

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @Test
    public void srsDownCallCompletesUnrecorded() {
        // nothing listens on this test's SRS port, UDP or TCP
        useSrs(srsUri(srsSip()));
        call(callee("uas_basic.xml").withPcap(), caller("uac_basic.xml").withPcap().pause(1000));
        assertTrue("the B2BUA still answers OPTIONS", RawSip.optionsAnswered(KarafProcess.SIP_HOST, KarafProcess.SIP_PORT, 2000));
    }

    @Test
    public void srsRefusingWith488CallCompletesUnrecorded() {
        int port = srsSip();
        long log = useSrs(srsUri(port));
        Sipp.Run srs = started(srs("srs", "srs_reject.xml", port, 0).startListening());
        call(callee("uas_basic.xml").withPcap(), caller("uac_basic.xml").withPcap().pause(1000));
        assertSucceeded(srs);
        awaitLog(log, "refused the recording session with 488");
        awaitLog(log, "is not recorded: no SRS accepted");
    }

    @Test
    public void firstSrsRefusesSecondSrsIsOfferedPromptlyAndRecords() {
        int first = srsSip();
        int second = srsSip() + 1;
        int media = srsMedia() + 4;
        long log = useSrs(srsUri(first), srsUri(second));
        try (RtpCapture wire = capture(first, second)) {
            Sipp.Run refusing = started(srs("srs1", "srs_reject.xml", first, 0).startListening());
            Sipp.Run accepting = started(srs("srs2", "srs_check.xml", second, media).startListening());
            call(callee("uas_basic.xml").withPcap(), caller("uac_basic.xml").withPcap().pause(2000));
            assertSucceeded(refusing);
            assertSucceeded(accepting);
            awaitLog(log, "recorded by " + srsUri(second));

            RtpCapture.Packet refusal = wire.first(p -> p.src() == first && p.sip().startsWith("SIP/2.0 488"));
            RtpCapture.Packet next = wire.first(p -> p.dst() == second);
            assertNotNull("488 from the first SRS (capture)", refusal);
            assertNotNull("offer to the second SRS (capture)", next);
            String summary = wire.summary(media, media + 2) + "; 488 " + refusal + ", first packet to the second SRS " + next;
            System.out.println("[blackbox] fail-over on refusal: " + summary);
            assertTrue("the second SRS is offered the session within " + PROMPTLY_S + " s of the refusal: " + summary,
                    next.time() >= refusal.time() && next.time() - refusal.time() < PROMPTLY_S);
            assertTrue("relay -> second SRS label 1: " + summary, wire.fromRelayTo(media) >= MIN_RTP);
            assertTrue("relay -> second SRS label 2: " + summary, wire.fromRelayTo(media + 2) >= MIN_RTP);
        }
    }

    /**
     * The first SRS records for 1 s, then ends the recording session with BYE: once the platform has answered that
     * BYE it sends the SRS no more copies, the second SRS is offered the session within {@link #PROMPTLY_S} of the
     * BYE and gets the copies for the rest of the call.
     */
    @Test
    public void srsEndingTheRecordingMidCallGetsNoMoreCopiesAndTheNextSrsRecords() {
        int first = srsSip();
        int second = srsSip() + 1;
        int media1 = srsMedia();
        int media2 = srsMedia() + 4;
        long log = useSrs(srsUri(first), srsUri(second));
        try (RtpCapture wire = capture(first, second)) {
            Sipp.Run leaving = started(srs("srs1", "srs_bye_midcall.xml", first, media1).pause(1000).startListening());
            Sipp.Run next = started(srs("srs2", "srs_check.xml", second, media2).startListening());
            call(callee("uas_basic.xml").withPcap(), caller("uac_basic.xml").withPcap().pause(3000));
            assertSucceeded(leaving);
            assertSucceeded(next);
            awaitLog(log, "ended the recording session");
            awaitLog(log, "recorded by " + srsUri(second));

            RtpCapture.Packet bye = wire.first(p -> p.src() == first && p.sip().startsWith("BYE "));
            assertNotNull("BYE from the first SRS (capture)", bye);
            RtpCapture.Packet byeAnswered = wire.first(p -> p.src() == KarafProcess.SIP_PORT && p.dst() == first
                    && p.sip().startsWith("SIP/2.0 200") && p.time() >= bye.time());
            assertNotNull("the platform's 200 to that BYE (capture)", byeAnswered);
            RtpCapture.Packet offer = wire.first(p -> p.dst() == second);
            assertNotNull("offer to the second SRS (capture)", offer);
            String summary = wire.summary(media1, media1 + 2, media2, media2 + 2) + "; BYE " + bye + ", answered " + byeAnswered
                    + ", first packet to the second SRS " + offer;
            System.out.println("[blackbox] fail-over on BYE: " + summary);
            for (int m : new int[] {media1, media1 + 2}) {
                List<Double> times = wire.timesFromRelayTo(m);
                long before = times.stream().filter(t -> t < bye.time()).count();
                List<Double> after = times.stream().filter(t -> t > byeAnswered.time() + IN_FLIGHT_S).toList();
                assertTrue("copies to the first SRS (" + m + ") while it recorded: " + summary, before >= 10);
                assertEquals("no copies to the first SRS (" + m + ") once its BYE was answered: " + after + "; " + summary,
                        List.of(), after);
            }
            assertTrue("the second SRS is offered the session within " + PROMPTLY_S + " s of the BYE: " + summary,
                    offer.time() >= bye.time() && offer.time() - bye.time() < PROMPTLY_S);
            assertTrue("relay -> second SRS label 1: " + summary, wire.fromRelayTo(media2) >= MIN_RTP);
            assertTrue("relay -> second SRS label 2: " + summary, wire.fromRelayTo(media2 + 2) >= MIN_RTP);
        }
    }

    /**
     * An SRS that does not answer is given up after the INVITE transaction's timeout (Timer B = 64 x T1; T1 is set
     * to 50 ms for this test so that it takes 3.2 s, not 32 s), and the next SRS records. The call (6 s) is not held
     * up meanwhile.
     */
    @Test
    public void srsThatDoesNotAnswerIsGivenUpAndTheNextSrsRecords() {
        int silent = srsSip(); // nothing listens there
        int second = srsSip() + 1;
        long log = logOffset();
        karaf().configLive("org.siprec.sip", "t1.ms", "50");
        try {
            awaitLog(log, "SIP endpoint reconfigured");
            log = useSrs(srsUri(silent), srsUri(second));
            Sipp.Run next = started(srs("srs2", "srs_check.xml", second, srsMedia() + 4).timeout(java.time.Duration.ofSeconds(40)).startListening());
            call(callee("uas_basic.xml").withPcap(), caller("uac_basic.xml").withPcap().pause(6000).timeout(java.time.Duration.ofSeconds(40)));
            assertSucceeded(next);
            awaitLog(log, "SRS " + srsUri(silent) + " did not answer");
            awaitLog(log, "recorded by " + srsUri(second));
        } finally {
            long restore = logOffset();
            karaf().configLive("org.siprec.sip", "t1.ms", "500");
            awaitLog(restore, "SIP endpoint reconfigured");
        }
    }

    /**
     * srs.uris without {@code transport=tcp}, an SRS that listens on TCP only: the recording session's INVITE
     * (about 3 kB, more than UDP may carry, RFC 3261 section 18.1.1) reaches it over TCP. A build that always sent
     * UDP would leave this SRS without a recording session.
     */
    @Test
    public void recordingSessionTooLargeForUdpGoesOverTcp() {
        int port = srsSip();
        long log = useSrs(srsUri(port));
        Sipp.Run srs = started(srs("srs", "srs_check.xml", port, srsMedia()).tcp().startListening());
        call(callee("uas_basic.xml").withPcap(), caller("uac_basic.xml").withPcap().pause(1000));
        assertSucceeded(srs);
        awaitLog(log, "recorded by " + srsUri(port));
        String trace = srs.messages();
        assertTrue("the SRS got the INVITE over TCP\n" + srs.describe(), trace.contains("TCP message received"));
        assertTrue("and nothing over UDP\n" + srs.describe(), !trace.contains("UDP message received"));
    }

    /**
     * A UDP-only SRS refuses TCP: the first call's offer tries TCP, then UDP; the second call, within 5 minutes,
     * goes straight to UDP: one TCP connection attempt (SYN) and one "refused TCP" for the two calls.
     */
    @Test
    public void srsThatRefusedTcpIsSentUdpDirectlyOnTheNextCall() {
        int port = srsSip();
        long log = useSrs(srsUri(port));
        try (RtpCapture wire = capture(port)) {
            Sipp.Run srs = started(srs("srs", "srs_check.xml", port, srsMedia()).calls(2).startListening());
            Sipp.Run b = started(callee("uas_simple.xml").calls(2).startListening());
            assertSucceeded(started(caller("uac_simple.xml").pause(500).start()));
            awaitLog(log, "recorded by " + srsUri(port));
            long second = logOffset();
            assertSucceeded(started(Sipp.of("caller2", "uac_simple.xml", testDir()).localPort(ports.callerSip)
                    .mediaPort(ports.callerMedia).remote(B2BUA).key("dest", KarafProcess.SIP_HOST + ":" + ports.calleeSip)
                    .pause(500).start()));
            assertSucceeded(b);
            assertSucceeded(srs);
            awaitLog(second, "recorded by " + srsUri(port));

            List<RtpCapture.Packet> syns = wire.packets().stream().filter(p -> p.tcp() && p.syn() && p.dst() == port).toList();
            System.out.println("[blackbox] TCP connection attempts to the UDP-only SRS over two calls: " + syns);
            assertEquals("one TCP connection attempt for two calls: " + syns, 1, syns.size());
            assertEquals("one 'refused TCP' for two calls\n" + logSince(log), 1, countInLog(log, "refused TCP"));
            // at most once: the stack's own lines are capped per minute (DoorStackLogger), so it may be none
            long stackLines = countInLog(log, "Problem connecting /127.0.0.1 " + port + " ");
            assertTrue("the stack logs the failed connection at most once, not per call: " + stackLines, stackLines <= 1);
        }
    }
}
