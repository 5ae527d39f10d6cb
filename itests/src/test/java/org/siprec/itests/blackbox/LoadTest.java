package org.siprec.itests.blackbox;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.sipp.Sipp;

/** A short load run: 20 calls per second for 30 s (600 calls of 1 s, no RTP) with zero failed calls. */
public class LoadTest extends BlackBoxSupport {

    @ClassRule
    public static final KarafResource KARAF = new KarafResource(LoadTest.class);

    private static final int CPS = Integer.getInteger("siprec.load.cps", 20);
    private static final int CALLS = Integer.getInteger("siprec.load.calls", 600);

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @Test
    public void twentyCallsPerSecondForThirtySecondsWithoutFailures() {
        Duration timeout = Duration.ofSeconds(CALLS / CPS + 60);
        Sipp.Run b = started(callee("uas_simple.xml").calls(CALLS).timeout(timeout).startListening());
        Sipp.Run a = started(caller("uac_simple.xml").calls(CALLS).rate(CPS).pause(1000).timeout(timeout)
                .args("-l", Integer.toString(CPS * 10)).start());
        int rcA = a.waitFor();
        int rcB = b.waitFor();
        Map<String, String> s = a.stats();
        System.out.printf("[blackbox] load %d CPS x %d calls: caller exit %d (ok %s, failed %s, retrans %s, "
                        + "INVITE->180 avg %s, INVITE->200 avg %s), callee exit %d (ok %s)%n",
                CPS, CALLS, rcA, s.get("SuccessfulCall(C)"), s.get("FailedCall(C)"), s.get("Retransmissions(C)"),
                s.get("ResponseTime1(C)"), s.get("ResponseTime2(C)"), rcB, b.stats().get("SuccessfulCall(C)"));
        assertEquals("failed calls\n" + a.describe(), 0, a.stat("FailedCall(C)"));
        assertEquals("successful calls\n" + a.describe(), CALLS, a.stat("SuccessfulCall(C)"));
        assertEquals("caller exit code\n" + a.describe(), 0, rcA);
        assertEquals("callee exit code\n" + b.describe(), 0, rcB);
        assertEquals("callee successful calls\n" + b.describe(), CALLS, b.stat("SuccessfulCall(C)"));
    }
}
