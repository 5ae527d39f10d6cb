package org.siprec.src.b2bua;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests the B2BUA must refuse, each with the status that says why, on real sockets. */
class B2buaRefusalTest {
    private static final int SIP = 25160;
    private static final String SDP = "v=0\no=a 1 1 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\nm=audio 4000 RTP/AVP 8\n";
    private static final String CONTACT = "Contact: <sip:alice@127.0.0.1:PORT>\nMax-Forwards: 70\n";
    private static LoopbackPlatform platform;
    private static LoopbackPlatform untrusting;

    @BeforeAll
    static void start() throws Exception {
        platform = new LoopbackPlatform(SIP, 26400, Map.of());
        untrusting = new LoopbackPlatform(SIP + 1, 26800, Map.of("trusted.peers", "10.0.0.0/8, 127.0.0.2"));
    }

    @AfterAll
    static void stop() {
        platform.close();
        untrusting.close();
    }

    private static void assertStatus(String expected, String response) {
        assertTrue(response.startsWith("SIP/2.0 " + expected), "expected " + expected + " but got:\n" + response);
    }

    @Test
    void requestUriPointingBackHereIsALoop() throws Exception {
        // the B-leg INVITE would come back to this platform unchanged: 482 on the second pass
        assertStatus("482", RawSip.send(SIP, RawSip.invite(SIP, "sip:bob@127.0.0.1:" + SIP, CONTACT, SDP)));
    }

    @Test
    void aTelRequestUriWithNoRouteGetsAFinalAnswerAndLeavesNoCall() throws Exception {
        // nothing routes tel: here (no Route, no outbound proxy): the caller must not be left with only 100 Trying
        String response = RawSip.send(SIP, RawSip.invite(SIP, "tel:+4930123456", CONTACT, SDP));
        assertStatus("404", response);
        assertTrue(response.contains("Warning: 399") && response.contains("no route for a tel: Request-URI"), response);
        org.awaitility.Awaitility.await("no call left behind").atMost(java.time.Duration.ofSeconds(5))
                .until(() -> platform.calls.activeCalls().isEmpty());
    }

    @Test
    void aFinishedCallsCallIdReusedByANewInviteIsANewCallNot482() throws Exception {
        // the first call ends at once (483) but its Call-ID stays routed for late retransmissions; a new INVITE
        // reusing it is not merged with a transaction that no longer exists (RFC 3261 8.2.2.2), so it gets its own
        // answer; a request repeated byte for byte after its call ended (RFC 4475 groups, a UA restarting) too
        String contact = "Contact: <sip:alice@127.0.0.1:PORT>\nMax-Forwards: 0\n";
        String first = RawSip.invite(SIP, "sip:bob@127.0.0.1:25199", contact, SDP);
        String callId = first.lines().filter(l -> l.startsWith("Call-ID: ")).findFirst().orElseThrow();
        assertStatus("483", RawSip.send(SIP, first));
        org.awaitility.Awaitility.await("the first call ended").atMost(java.time.Duration.ofSeconds(5))
                .until(() -> platform.calls.activeCalls().isEmpty());
        String again = RawSip.invite(SIP, "sip:bob@127.0.0.1:25199", contact, SDP)
                .replaceFirst("Call-ID: [^\n]*", callId);
        assertStatus("483", RawSip.send(SIP, again));
    }

    @Test
    void maxForwardsZeroIsRefused() throws Exception {
        String contact = "Contact: <sip:alice@127.0.0.1:PORT>\nMax-Forwards: 0\n";
        assertStatus("483", RawSip.send(SIP, RawSip.invite(SIP, "sip:bob@127.0.0.1:25199", contact, SDP)));
    }

    @Test
    void malformedSdpGets488WithAWarning() throws Exception {
        String response = RawSip.send(SIP, RawSip.invite(SIP, "sip:bob@127.0.0.1:25199", CONTACT, "this is not SDP\n"));
        assertStatus("488", response);
        assertTrue(response.contains("Warning: 399"), response);
    }

    @Test
    void sdpWithMoreMediaLinesThanTheLimitGets488WithAWarningAndHoldsNoPorts() throws Exception {
        int free = platform.relay.freePorts();
        String many = SDP + "m=audio 4002 RTP/AVP 8\n".repeat(org.siprec.sip.sdp.SessionDescriptionEditor.MAX_MEDIA);
        String response = RawSip.send(SIP, RawSip.invite(SIP, "sip:bob@127.0.0.1:25199", CONTACT, many));
        assertStatus("488", response);
        assertTrue(response.contains("Warning: 399") && response.contains("SDP with more than 64 m= lines"), response);
        org.junit.jupiter.api.Assertions.assertEquals(free, platform.relay.freePorts(), "no media ports taken");
    }

    @Test
    void sdpWithoutConnectionAddressGets488() throws Exception {
        String noC = "v=0\no=a 1 1 IN IP4 127.0.0.1\ns=-\nt=0 0\nm=audio 4000 RTP/AVP 8\n";
        assertStatus("488", RawSip.send(SIP, RawSip.invite(SIP, "sip:bob@127.0.0.1:25199", CONTACT, noC)));
    }

    @Test
    void anInviteThatAcceptsNoSdpGets406() throws Exception {
        String contact = CONTACT + "Accept: text/nobodyKnowsThis\n";
        String response = RawSip.send(SIP, RawSip.invite(SIP, "sip:bob@127.0.0.1:25199", contact, SDP));
        assertStatus("406", response);
        assertTrue(response.contains("Accept: application/sdp"), response);
        org.awaitility.Awaitility.await("no call left behind").atMost(java.time.Duration.ofSeconds(5))
                .until(() -> platform.calls.activeCalls().isEmpty());
    }

    @Test
    void anInviteThatAcceptsSdpAmongOthersIsNotRefused() {
        org.junit.jupiter.api.Assertions.assertTrue(B2buaApplication.acceptsSdp(request("Accept: text/plain, application/sdp")));
        org.junit.jupiter.api.Assertions.assertTrue(B2buaApplication.acceptsSdp(request("Accept: */*")));
        org.junit.jupiter.api.Assertions.assertTrue(B2buaApplication.acceptsSdp(request("")));
        org.junit.jupiter.api.Assertions.assertFalse(B2buaApplication.acceptsSdp(request("Accept: text/plain")));
    }

    private static javax.sip.message.Request request(String accept) {
        try {
            String text = "INVITE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\n"
                    + "From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:bob@127.0.0.1>\r\nCall-ID: acc-1\r\nCSeq: 1 INVITE\r\n"
                    + "Max-Forwards: 70\r\n" + (accept.isEmpty() ? "" : accept + "\r\n") + "Content-Length: 0\r\n\r\n";
            return (javax.sip.message.Request) new gov.nist.javax.sip.parser.StringMsgParser().parseSIPMessage(
                    text.getBytes(java.nio.charset.StandardCharsets.UTF_8), true, false, null);
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void inviteWithoutContactIsABadRequest() throws Exception {
        assertStatus("400", RawSip.send(SIP, RawSip.invite(SIP, "sip:bob@127.0.0.1:25199", "Max-Forwards: 70\n", SDP)));
    }

    @Test
    void optionsOutsideADialogIsAnswered() throws Exception {
        String response = RawSip.send(SIP, "OPTIONS sip:127.0.0.1:" + SIP + " SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:PORT;branch=z9hG4bKopt1\n"
                + "From: <sip:probe@127.0.0.1>;tag=p\nTo: <sip:127.0.0.1>\nCall-ID: opt-1\nCSeq: 1 OPTIONS\nMax-Forwards: 70\nContent-Length: 0\n");
        assertStatus("200", response);
        assertTrue(response.contains("Allow:"), response);
    }

    @Test
    void untrustedSourceGets403AndNoCall() throws Exception {
        assertStatus("403", RawSip.send(SIP + 1, RawSip.invite(SIP + 1, "sip:bob@127.0.0.1:25199", CONTACT, SDP)));
        assertTrue(untrusting.calls.status().get("calls.total").equals("0"));
        assertTrue(untrusting.calls.status().get("requests.untrusted").equals("1"));
    }

    @Test
    void theNextGoodRequestIsStillServedAfterBadInput() throws Exception {
        RawSip.send(SIP, RawSip.invite(SIP, "sip:bob@127.0.0.1:25199", CONTACT, "garbage"));
        assertStatus("200", RawSip.send(SIP, "OPTIONS sip:127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:PORT;branch=z9hG4bKopt2\n"
                + "From: <sip:probe@127.0.0.1>;tag=p\nTo: <sip:127.0.0.1>\nCall-ID: opt-2\nCSeq: 1 OPTIONS\nMax-Forwards: 70\nContent-Length: 0\n"));
    }
}
