package org.siprec.itests.blackbox;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.sipp.Sipp;

/**
 * Who may call, and what the B2BUA does with bad input: it answers what it can (400, 483, 488), may drop what
 * JAIN-SIP cannot parse, and in every case stays up and keeps placing good calls.
 */
public class AdmissionAndBadInputTest extends BlackBoxSupport {

    @ClassRule
    public static final KarafResource KARAF = new KarafResource(AdmissionAndBadInputTest.class);

    private static final int ANSWER_TIMEOUT = 4000;

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
     * Messages JAIN-SIP may not hand to the application: a garbled Request-URI, no CSeq, a garbage Via, plain garbage.
     * Each must get no answer or a 4xx, never a call.
     */
    private void sendBadInput() throws IOException {
        List<String> results = new ArrayList<>();
        results.add("garbled Request-URI: " + expectRejectedOrDropped(
                sip -> sip.invite(calleeUri(), sip.sdp(ports.callerMedia)).startLine("INVITE sip:@@@:::bad;;; SIP/2.0")));
        results.add("no CSeq: " + expectRejectedOrDropped(
                sip -> sip.invite(calleeUri(), sip.sdp(ports.callerMedia)).remove("CSeq")));
        results.add("garbage Via: " + expectRejectedOrDropped(
                sip -> sip.invite(calleeUri(), sip.sdp(ports.callerMedia)).header("Via", "garbage!!")));
        results.add("bad Content-Length: " + expectRejectedOrDropped(
                sip -> sip.invite(calleeUri(), sip.sdp(ports.callerMedia)).header("Content-Length", "9999")));
        try (RawSip sip = new RawSip("127.0.0.1", KarafProcess.SIP_HOST, KarafProcess.SIP_PORT)) {
            sip.send("this is not SIP at all\r\n\r\n");
            String r = sip.receive(1000);
            results.add("garbage datagram: " + (r == null ? "dropped" : firstLine(r)));
            assertTrue("garbage must not be answered with a success: " + r, r == null || RawSip.status(r) >= 400 || RawSip.status(r) < 0);
        }
        System.out.println("[blackbox] bad input: " + results);
    }

    private String expectRejectedOrDropped(java.util.function.Function<RawSip, RawSip.Message> build) throws IOException {
        List<String> seen = new ArrayList<>();
        String r = invite(build, seen, 2000);
        int code = RawSip.status(r);
        assertTrue("expected no final answer or a 4xx, got:\n" + r, r == null || (code >= 400 && code < 500));
        return r == null ? "dropped" + (seen.isEmpty() ? "" : " after " + firstLine(seen.get(0))) : firstLine(r);
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
