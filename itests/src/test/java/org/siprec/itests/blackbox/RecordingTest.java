package org.siprec.itests.blackbox;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.sipp.Sipp;

/**
 * The recording session (RFC 7866) and its metadata (RFC 7865) as a SIPp SRS receives them: what the offer, the
 * updates and the BYE carry, when the session is opened, and that the copies of both directions reach the SRS.
 * How the platform reacts to what the SRS answers is in {@link SrsAnswerTest}, fail-over and transports in
 * {@link SrsFailoverTest}.
 */
public class RecordingTest extends RecordingSupport {

    @ClassRule
    public static final KarafResource KARAF = recordingKaraf(RecordingTest.class);

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @Test
    public void recordedCallSrsChecksTheSessionAndGetsRtpOfBothDirections() {
        int port = srsSip();
        int media = srsMedia();
        long log = useSrs(srsUri(port));
        try (RtpCapture rtp = capture(port)) {
            Sipp.Run srs = started(srs("srs", "srs_check.xml", port, media).startListening());
            Sipp.Run b = started(callee("uas_basic.xml").withPcap().startListening());
            Sipp.Run a = started(caller("uac_basic.xml").withPcap().pause(2000).start());
            assertSucceeded(a);
            assertSucceeded(b);
            assertSucceeded(srs);
            awaitLog(log, "recorded by " + srsUri(port));

            rtp.stop();
            String summary = rtp.summary(ports.callerMedia, ports.calleeMedia, media, media + 2);
            System.out.println("[blackbox] recorded call RTP: " + summary);
            assertTrue("relay -> SRS label 1 (port " + media + "): " + summary, rtp.fromRelayTo(media) >= MIN_RTP);
            assertTrue("relay -> SRS label 2 (port " + (media + 2) + "): " + summary, rtp.fromRelayTo(media + 2) >= MIN_RTP);
            // recording does not take anything from the call itself
            assertTrue("relay -> caller: " + summary, rtp.fromRelayTo(ports.callerMedia) >= MIN_RTP);
            assertTrue("relay -> callee: " + summary, rtp.fromRelayTo(ports.calleeMedia) >= MIN_RTP);

            SippTrace trace = SippTrace.read(testDir().resolve("srs.messages.log"));
            SippTrace.Message invite = trace.received("INVITE").get(0);
            // each label's copies leave from the port the offer gave that label
            Map<String, Integer> offered = invite.portsByLabel();
            assertEquals("labels in the offer: " + invite, List.of("1", "2"), List.copyOf(offered.keySet()));
            assertTrue("label 1 copies leave from its offered port " + offered.get("1") + ": " + summary,
                    rtp.fromPort(offered.get("1")) >= MIN_RTP && rtp.fromPort(offered.get("1")) == rtp.fromRelayTo(media));
            assertTrue("label 2 copies leave from its offered port " + offered.get("2") + ": " + summary,
                    rtp.fromPort(offered.get("2")) >= MIN_RTP && rtp.fromPort(offered.get("2")) == rtp.fromRelayTo(media + 2));

            RsMetadata md = invite.metadata();
            assertEquals("complete", md.dataMode());
            assertDirectionsAndAssociations(md, "sip:caller@127.0.0.1:" + ports.callerSip, "sip:callee@127.0.0.1:" + ports.calleeSip);
            // the recording decision and every policy's verdict, as an RFC 7865 extension of our namespace
            String xml = invite.part("application/rs-metadata+xml");
            assertTrue("the decision travels in the metadata: " + xml,
                    xml.contains("urn:x-siprec-platform:xml:ns:decision:1") && xml.contains("verdict=\"RECORD\"")
                            && xml.contains("name=\"org.siprec.policy.recordall"));

            assertFinalMetadata(trace);
        }
    }

    @Test
    public void recordingSessionIsOfferedOnlyAfterTheAnswerWasRelayedToTheCaller() {
        int port = srsSip();
        useSrs(srsUri(port));
        try (RtpCapture wire = capture(port)) {
            Sipp.Run srs = started(srs("srs", "srs_check.xml", port, srsMedia()).startListening());
            // the callee rings for 800 ms: a recording session opened at the INVITE or at the 180 comes first
            Sipp.Run b = started(callee("uas_ring_then_answer.xml").pause(800).startListening());
            Sipp.Run a = started(caller("uac_basic.xml").withPcap().pause(1000).start());
            assertSucceeded(a);
            assertSucceeded(b);
            assertSucceeded(srs);

            List<RtpCapture.Packet> packets = wire.packets();
            RtpCapture.Packet answer = wire.first(p -> p.src() == KarafProcess.SIP_PORT && p.dst() == ports.callerSip
                    && p.sip().startsWith("SIP/2.0 200"));
            // the first packet towards the SRS: a TCP SYN (the offer is too large for UDP) or the UDP INVITE
            RtpCapture.Packet offer = wire.first(p -> p.dst() == port);
            String order = "on the wire: 200 to the caller " + answer + ", first packet to the SRS " + offer;
            System.out.println("[blackbox] " + order);
            assertNotNull("the caller got the 200 (capture)", answer);
            assertNotNull("the SRS got the offer (capture)", offer);
            assertTrue("the recording session is opened after the 200 was relayed to the caller: " + order,
                    packets.indexOf(offer) > packets.indexOf(answer) && offer.time() >= answer.time());
        }
    }

    @Test
    public void srsOverTcpGetsTheRecordingSession() {
        int port = srsSip();
        int media = srsMedia();
        String uri = srsUri(port) + ";transport=tcp";
        long log = useSrs(uri);
        try (RtpCapture rtp = capture(port)) {
            Sipp.Run srs = started(srs("srs", "srs_check.xml", port, media).tcp().startListening());
            Sipp.Run b = started(callee("uas_basic.xml").withPcap().startListening());
            Sipp.Run a = started(caller("uac_basic.xml").withPcap().pause(2000).start());
            assertSucceeded(a);
            assertSucceeded(b);
            assertSucceeded(srs);
            awaitLog(log, "recorded by " + uri);
            assertTrue("the SRS got its messages over TCP\n" + srs.describe(), srs.messages().contains("TCP message received"));

            rtp.stop();
            String summary = rtp.summary(media, media + 2);
            System.out.println("[blackbox] recorded call (SRS over TCP) RTP: " + summary);
            assertTrue("relay -> SRS label 1: " + summary, rtp.fromRelayTo(media) >= MIN_RTP);
            assertTrue("relay -> SRS label 2: " + summary, rtp.fromRelayTo(media + 2) >= MIN_RTP);
        }
    }

    /**
     * Hold and resume: one RS re-INVITE each, partial metadata, the same labels on the same ports as the first
     * offer, and the metadata says who sends: in the hold update the held callee sends nothing (no {@code <send>})
     * and the caller receives nothing (no {@code <recv>}); on resume both send and receive again.
     */
    @Test
    public void holdAndResumeSendPartialMetadataWithTheSameLabelsToTheSrs() {
        int port = srsSip();
        useSrs(srsUri(port));
        Sipp.Run srs = started(srs("srs", "srs_hold.xml", port, srsMedia()).startListening());
        call(callee("uas_answer_hold.xml"), caller("uac_hold.xml").pause(500));
        assertSucceeded(srs);

        SippTrace trace = SippTrace.read(testDir().resolve("srs.messages.log"));
        List<SippTrace.Message> invites = trace.received("INVITE");
        assertEquals("initial offer, hold, resume: " + invites, 3, invites.size());
        Map<String, Integer> labels = invites.get(0).portsByLabel();
        assertEquals("labels of the first offer", List.of("1", "2"), List.copyOf(labels.keySet()));
        for (SippTrace.Message reinvite : invites.subList(1, 3)) {
            assertEquals("each RS re-INVITE keeps label -> port of the first offer: " + reinvite, labels, reinvite.portsByLabel());
        }

        RsMetadata initial = invites.get(0).metadata();
        Map<String, String> streams = initial.streamsByLabel();
        String caller = initial.participantWithAor("sip:caller@127.0.0.1:" + ports.callerSip);
        String callee = initial.participantWithAor("sip:callee@127.0.0.1:" + ports.calleeSip);
        assertNotNull("caller participant: " + initial, caller);
        assertNotNull("callee participant: " + initial, callee);

        // uac_hold offers a=sendonly: the caller holds the callee
        RsMetadata hold = invites.get(1).metadata();
        assertEquals("partial", hold.dataMode());
        Map<String, RsMetadata.StreamAssoc> held = hold.streamAssocs();
        assertEquals("hold update, caller still sends label 1: " + hold, List.of(streams.get("1")), held.get(caller).send());
        assertEquals("hold update, caller receives nothing: " + hold, List.of(), held.get(caller).recv());
        assertEquals("hold update, the held callee sends nothing: " + hold, List.of(), held.get(callee).send());
        assertEquals("hold update, the callee still receives label 1: " + hold, List.of(streams.get("1")), held.get(callee).recv());

        RsMetadata resume = invites.get(2).metadata();
        assertEquals("partial", resume.dataMode());
        Map<String, RsMetadata.StreamAssoc> resumed = resume.streamAssocs();
        assertEquals("resume: caller sends label 1 again: " + resume, List.of(streams.get("1")), resumed.get(caller).send());
        assertEquals("resume: caller receives label 2 again: " + resume, List.of(streams.get("2")), resumed.get(caller).recv());
        assertEquals("resume: callee sends label 2 again: " + resume, List.of(streams.get("2")), resumed.get(callee).send());
        assertEquals("resume: callee receives label 1 again: " + resume, List.of(streams.get("1")), resumed.get(callee).recv());

        assertFinalMetadata(trace);
    }

    /**
     * The caller's participant is taken from P-Asserted-Identity (its AOR) with the display name of From, the
     * callee's from To; the session carries the call's Session-ID.
     */
    @Test
    public void metadataNamesTheCallerFromPAssertedIdentityWithDisplayNamesAndTheSessionId() {
        int port = srsSip();
        int media = srsMedia();
        useSrs(srsUri(port));
        Sipp.Run srs = started(srs("srs", "srs_answer.xml", port, media)
                .key("port1", Integer.toString(media)).key("dir1", "recvonly")
                .key("port2", Integer.toString(media + 2)).key("dir2", "recvonly").startListening());
        call(callee("uas_basic.xml").withPcap(), caller("uac_identity.xml").withPcap().pause(1000));
        assertSucceeded(srs);

        SippTrace trace = SippTrace.read(testDir().resolve("srs.messages.log"));
        RsMetadata md = trace.received("INVITE").get(0).metadata();
        String callerUri = "sip:caller@127.0.0.1:" + ports.callerSip;
        String calleeUri = "sip:callee@127.0.0.1:" + ports.calleeSip;
        assertNull("the caller is named by its asserted identity, not its From URI: " + md, md.participantWithAor(callerUri));
        String caller = md.participantWithAor("sip:alice@example.com");
        String callee = md.participantWithAor(calleeUri);
        assertNotNull("caller from P-Asserted-Identity: " + md, caller);
        assertNotNull("callee from To: " + md, callee);
        assertEquals("caller's display name (From): " + md, "Alice Liddell", md.participantNames().get(caller));
        assertEquals("callee's display name (To): " + md, "Bob Callee", md.participantNames().get(callee));
        assertEquals("two participants: " + md, 2, md.participantAors().size());

        List<org.w3c.dom.Element> sessions = md.elements("session");
        assertEquals("one session: " + md, 1, sessions.size());
        assertEquals("sipSessionID from the call's Session-ID: " + md, "0123456789abcdef0123456789abcdef",
                RsMetadata.text(sessions.get(0), "sipSessionID"));

        assertDirectionsAndAssociations(md, "sip:alice@example.com", calleeUri);
    }

    // ------------------------------------------------------------------------------------------------------------

    /**
     * Label 1 is what the caller sends (and the callee receives), label 2 the other way; both participants are
     * associated with the one session; group, session and sessionrecordingassoc are present.
     */
    private static void assertDirectionsAndAssociations(RsMetadata md, String callerAor, String calleeAor) {
        Map<String, String> streams = md.streamsByLabel();
        assertEquals("streams by label: " + md, List.of("1", "2"), List.copyOf(streams.keySet()));
        String caller = md.participantWithAor(callerAor);
        String callee = md.participantWithAor(calleeAor);
        assertNotNull("participant " + callerAor + ": " + md, caller);
        assertNotNull("participant " + calleeAor + ": " + md, callee);
        Map<String, RsMetadata.StreamAssoc> assoc = md.streamAssocs();
        assertEquals("caller sends label 1: " + md, List.of(streams.get("1")), assoc.get(caller).send());
        assertEquals("caller receives label 2: " + md, List.of(streams.get("2")), assoc.get(caller).recv());
        assertEquals("callee sends label 2: " + md, List.of(streams.get("2")), assoc.get(callee).send());
        assertEquals("callee receives label 1: " + md, List.of(streams.get("1")), assoc.get(callee).recv());

        String session = md.elements("session").get(0).getAttribute("session_id");
        assertEquals("participantsessionassoc of both parties with the session: " + md,
                Map.of(caller, session, callee, session), md.sessionAssocs());
        assertEquals("one group: " + md, 1, md.elements("group").size());
        assertEquals("one sessionrecordingassoc: " + md, 1, md.elements("sessionrecordingassoc").size());
        for (org.w3c.dom.Element s : md.elements("stream")) {
            assertEquals("stream " + s.getAttribute("stream_id") + " belongs to the session: " + md, session, s.getAttribute("session_id"));
        }
    }

    /** The RS BYE: partial metadata with the session's stop-time and every association's disassociate-time. */
    private static void assertFinalMetadata(SippTrace trace) {
        List<SippTrace.Message> byes = trace.received("BYE");
        assertEquals("one BYE from the SRC: " + trace.messages(), 1, byes.size());
        SippTrace.Message bye = byes.get(0);
        assertEquals("recording-session", bye.header("Content-Disposition"));
        RsMetadata md = bye.metadata();
        assertNotNull("the BYE carries metadata: " + bye.body(), md);
        assertEquals("partial", md.dataMode());
        assertNotNull("session stop-time: " + md, RsMetadata.text(md.elements("session").get(0), "stop-time"));
        for (String element : List.of("group", "sessionrecordingassoc", "participantsessionassoc", "participantstreamassoc")) {
            assertFalse(element + " in the BYE: " + md, md.elements(element).isEmpty());
            for (org.w3c.dom.Element e : md.elements(element)) {
                assertNotNull(element + " disassociate-time: " + md, RsMetadata.text(e, "disassociate-time"));
            }
        }
    }
}
