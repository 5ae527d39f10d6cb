package org.siprec.itests.blackbox;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.sipp.Sipp;

/**
 * Who may call, and what the B2BUA does with bad input: it answers what it can (400, 483, 488), drops what
 * JAIN-SIP cannot answer at all, and in every case stays up and keeps placing good calls.
 */
public class AdmissionAndBadInputTest extends BlackBoxSupport {

    @ClassRule
    public static final KarafResource KARAF = new KarafResource(AdmissionAndBadInputTest.class);

    private static final int ANSWER_TIMEOUT = 4000;
    /** How long a dropped message is given to draw an answer (the B2BUA answers in milliseconds; a 100 within 200 ms). */
    private static final int DROPPED_WAIT = 2000;

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @Test
    public void outOfDialogOptionsGets200() throws IOException {
        try (RawSip sip = new RawSip("127.0.0.1", KarafProcess.SIP_HOST, KarafProcess.SIP_PORT)) {
            sip.send(sip.options());
            String r = sip.receive(ANSWER_TIMEOUT);
            assertEquals("OPTIONS answer:\n" + r, 200, RawSip.status(r));
        }
    }

    @Test
    public void untrustedSourceGets403() {
        // 127.0.0.2 is loopback too, but not in trusted.peers; nothing listens on the callee port
        Sipp.Run a = started(caller("uac_expect_403.xml").localIp("127.0.0.2").args("-bind_local").start());
        assertSucceeded(a);
    }

    @Test
    public void brokenSdpGets488() throws IOException {
        String broken = "v=0\r\no=broken\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio not-a-port RTP/AVP 8\r\n";
        assertFinal(488, invite(sip -> sip.invite(calleeUri(), broken)));
    }

    @Test
    public void maxForwardsZeroGets483() throws IOException {
        assertFinal(483, invite(sip -> sip.invite(calleeUri(), sip.sdp(ports.callerMedia)).header("Max-Forwards", "0")));
    }

    @Test
    public void inviteWithoutContactGets400() throws IOException {
        assertFinal(400, invite(sip -> sip.invite(calleeUri(), sip.sdp(ports.callerMedia)).remove("Contact")));
    }

    @Test
    public void unparseableInvitesAreRejectedOrDroppedAndTheB2buaStaysUp() throws IOException {
        sendBadInput();
        assertTrue("B2BUA still answers OPTIONS", RawSip.optionsAnswered(KarafProcess.SIP_HOST, KarafProcess.SIP_PORT, ANSWER_TIMEOUT));
    }

    @Test
    public void goodCallAfterBadInput() throws IOException {
        sendBadInput();
        call(callee("uas_simple.xml"), caller("uac_simple.xml").pause(500));
    }

    /**
     * Messages JAIN-SIP cannot hand to the application as a call, each with its one outcome: a garbled Request-URI,
     * a garbage Via and a Content-Length beyond the datagram are answered 400 by the stack, an INVITE without CSeq
     * 400 by the endpoint's request door (RFC 4475 3.1.2.18), each with no 100 Trying before: no call was begun; a
     * datagram that is not SIP is dropped unanswered. Nothing else passes: not a 100 followed by silence, not another
     * 4xx, not a call.
     */
    private void sendBadInput() throws IOException {
        List<String> results = new ArrayList<>();
        results.add("garbled Request-URI: " + expectRejected(400,
                sip -> sip.invite(calleeUri(), sip.sdp(ports.callerMedia)).startLine("INVITE sip:@@@:::bad;;; SIP/2.0")));
        try (RawSip sip = new RawSip("127.0.0.1", KarafProcess.SIP_HOST, KarafProcess.SIP_PORT)) {
            // exchange() matches answers by CSeq: sent and read raw; the only answer is the door's 400
            sip.send(sip.invite(calleeUri(), sip.sdp(ports.callerMedia)).remove("CSeq").toString());
            String r = sip.receive(ANSWER_TIMEOUT);
            assertEquals("INVITE without CSeq: " + r, 400, RawSip.status(r));
            assertNull("nothing after the 400", sip.receive(DROPPED_WAIT / 4));
            results.add("no CSeq: " + firstLine(r));
        }
        results.add("garbage Via: " + expectRejected(400,
                sip -> sip.invite(calleeUri(), sip.sdp(ports.callerMedia)).header("Via", "garbage!!")));
        results.add("bad Content-Length: " + expectRejected(400,
                sip -> sip.invite(calleeUri(), sip.sdp(ports.callerMedia)).header("Content-Length", "9999")));
        try (RawSip sip = new RawSip("127.0.0.1", KarafProcess.SIP_HOST, KarafProcess.SIP_PORT)) {
            sip.send("this is not SIP at all\r\n\r\n");
            String r = sip.receive(DROPPED_WAIT);
            assertNull("a datagram that is not SIP is dropped, not answered: " + r, r);
            results.add("garbage datagram: dropped");
        }
        System.out.println("[blackbox] bad input: " + results);
    }

    /** The only answer is this final status: no provisional before it. */
    private String expectRejected(int status, java.util.function.Function<RawSip, RawSip.Message> build) throws IOException {
        List<String> seen = new ArrayList<>();
        String r = invite(build, seen, ANSWER_TIMEOUT);
        assertEquals("final answer (everything received: " + seen + ")", status, RawSip.status(r));
        assertEquals("nothing before the " + status + ": " + seen, 1, seen.size());
        return firstLine(r);
    }

    /** Nothing at all comes back, not even a 100 Trying. */
    private String expectDropped(java.util.function.Function<RawSip, RawSip.Message> build) throws IOException {
        List<String> seen = new ArrayList<>();
        String r = invite(build, seen, DROPPED_WAIT);
        assertNull("no final answer: " + r, r);
        assertEquals("no answer at all, not even a provisional: " + seen, List.of(), seen);
        return "dropped";
    }

    private String invite(java.util.function.Function<RawSip, RawSip.Message> build) throws IOException {
        return invite(build, null, ANSWER_TIMEOUT);
    }

    private String invite(java.util.function.Function<RawSip, RawSip.Message> build, List<String> seen, int timeout) throws IOException {
        try (RawSip sip = new RawSip("127.0.0.1", KarafProcess.SIP_HOST, KarafProcess.SIP_PORT)) {
            return sip.exchange(build.apply(sip), timeout, seen);
        }
    }

    private void assertFinal(int expected, String response) {
        assertEquals("final response:\n" + response, expected, RawSip.status(response));
    }

    private String calleeUri() {
        return "sip:callee@" + KarafProcess.SIP_HOST + ":" + ports.calleeSip;
    }

    private static String firstLine(String s) {
        int i = s.indexOf('\n');
        return (i < 0 ? s : s.substring(0, i)).strip();
    }
}
