package org.siprec.itests.blackbox;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.sipp.Sipp;

/**
 * Call flows through the B2BUA, SIPp on both sides: caller -> B2BUA (127.0.0.1:5260) -> callee on the Request-URI's port.
 * Each flow's scenarios were validated caller-to-callee without the B2BUA (see sipp/README.md).
 */
public class CallFlowsTest extends BlackBoxSupport {

    @ClassRule
    public static final KarafResource KARAF = new KarafResource(CallFlowsTest.class);

    /** Packets each side must receive from the relay in a 2 s call (g711a.pcap sends ~33 packets/s). */
    private static final int MIN_RTP = 20;

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @Test
    public void basicCallWithRtpBothWaysCallerHangsUp() {
        try (RtpCapture rtp = RtpCapture.start(testDir())) {
            Sipp.Run b = started(callee("uas_basic.xml").withPcap().startListening());
            Sipp.Run a = started(caller("uac_basic.xml").withPcap().pause(2000).start());
            assertSucceeded(a);
            assertSucceeded(b);

            // a B2BUA, not a proxy: the callee sees a new dialog, not the caller's, and no Record-Route
            String aCallId = firstHeader(a.messages(), "Call-ID");
            String bCallId = firstHeader(b.messages(), "Call-ID");
            assertNotNull("caller Call-ID", aCallId);
            assertNotNull("callee Call-ID", bCallId);
            assertNotEquals("the B-leg must have its own Call-ID", aCallId, bCallId);
            assertFalse("no Record-Route towards the callee\n" + b.describe(),
                    b.messages().contains("Record-Route:"));

            rtp.stop();
            String summary = rtp.summary(ports.callerMedia, ports.calleeMedia);
            System.out.println("[blackbox] basic call RTP: " + summary);
            assertTrue("caller's RTP reached the relay: " + summary, rtp.toRelayFrom(ports.callerMedia) >= MIN_RTP);
            assertTrue("callee's RTP reached the relay: " + summary, rtp.toRelayFrom(ports.calleeMedia) >= MIN_RTP);
            assertTrue("relay -> caller (callee's audio): " + summary, rtp.fromRelayTo(ports.callerMedia) >= MIN_RTP);
            assertTrue("relay -> callee (caller's audio): " + summary, rtp.fromRelayTo(ports.calleeMedia) >= MIN_RTP);
        }
    }

    @Test
    public void calleeHangsUp() {
        call(callee("uas_hangup.xml").withPcap().pause(1000), caller("uac_wait_bye.xml").withPcap());
    }

    @Test
    public void callerCancelsAfterRinging() {
        call(callee("uas_ring_cancel.xml"), caller("uac_cancel.xml").pause(300));
    }

    @Test
    public void busyIsRelayed() {
        call(callee("uas_busy.xml"), caller("uac_expect_486.xml"));
    }

    @Test
    public void callerPutsOnHoldAndResumes() {
        call(callee("uas_answer_hold.xml"), caller("uac_hold.xml").pause(300));
    }

    @Test
    public void calleePutsOnHoldAndResumes() {
        call(callee("uas_hold.xml").pause(300), caller("uac_answer_hold.xml"));
    }

    @Test
    public void lateOfferWithRtpBothWays() {
        try (RtpCapture rtp = RtpCapture.start(testDir())) {
            call(callee("uas_late_offer.xml").withPcap(), caller("uac_late_offer.xml").withPcap().pause(2000));
            rtp.stop();
            String summary = rtp.summary(ports.callerMedia, ports.calleeMedia);
            System.out.println("[blackbox] late offer RTP: " + summary);
            assertTrue("relay -> caller: " + summary, rtp.fromRelayTo(ports.callerMedia) >= MIN_RTP);
            assertTrue("relay -> callee: " + summary, rtp.fromRelayTo(ports.calleeMedia) >= MIN_RTP);
        }
    }

    @Test
    public void reliableProvisionalWithPrack() {
        call(callee("uas_100rel.xml"), caller("uac_prack.xml").pause(300));
    }

    private static String firstHeader(String trace, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + ":\\s*(\\S+)").matcher(trace);
        return m.find() ? m.group(1) : null;
    }
}
