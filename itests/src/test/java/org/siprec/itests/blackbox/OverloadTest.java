package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.sipp.Sipp;

/**
 * Overload control through the distribution (docs/operations.md, "Overload control"): offered four times the
 * configured capacity ({@code cps.max=10}, 40 calls/s for 5 s), the platform refuses the excess at its door with 503
 * and {@code Retry-After} (uac_or_503.xml fails a call whose 503 lacks it), every admitted call completes, and every
 * admitted call is recorded: counted at the embedded SRS (index.jsonl), not inferred from the calls.
 */
public class OverloadTest extends BlackBoxSupport {
    private static final int CPS_MAX = 10;
    private static final int OFFERED_CPS = 40;
    private static final int CALLS = 200;

    @ClassRule
    public static final KarafResource KARAF = new KarafResource(OverloadTest.class, k -> {
        HostileInput.recordToEmbeddedSrs(k);
        k.config("org.siprec.src.overload", "cps.max", Integer.toString(CPS_MAX));
    });

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @Test
    public void aboveTheConfiguredRateTheExcessIsRefusedWith503AndEveryAdmittedCallIsRecorded() throws Exception {
        Path index = karaf().home().resolve("data/recordings/index.jsonl");
        long recordedBefore = completed(index);
        long shedBefore = status("calls.shed.rate");
        long answeredBefore = status("calls.answered");

        Duration timeout = Duration.ofSeconds(CALLS / OFFERED_CPS + 60);
        // admitted calls only reach the callee, so it gets no call count: it is stopped at the end
        Sipp.Run b = started(callee("uas_simple.xml").calls(CALLS).timeout(timeout).startListening());
        Sipp.Run a = started(caller("uac_or_503.xml").calls(CALLS).rate(OFFERED_CPS).pause(1000).timeout(timeout)
                .args("-l", Integer.toString(OFFERED_CPS * 10)).start());
        int rcA = a.waitFor();
        assertEquals("caller: no failed call (a 503 without Retry-After or an admitted call that broke fails)\n"
                + a.describe(), 0, a.stat("FailedCall(C)"));
        assertEquals("caller: every call ended as expected\n" + a.describe(), CALLS, a.stat("SuccessfulCall(C)"));
        assertEquals("caller exit code\n" + a.describe(), 0, rcA);

        long shed = status("calls.shed.rate") - shedBefore;
        long admitted = CALLS - shed;
        System.out.printf("[blackbox] overload: %d calls offered at %d CPS against cps.max=%d: %d admitted, %d refused"
                + " with 503%n", CALLS, OFFERED_CPS, CPS_MAX, admitted, shed);
        // a burst of one second's worth, then CPS_MAX a second over the ~5 s of offered load
        assertTrue("admitted " + admitted + " of " + CALLS, admitted >= 3 * CPS_MAX && admitted <= 9 * CPS_MAX);
        await("every admitted call ended answered at the platform").atMost(Duration.ofSeconds(20))
                .until(() -> status("calls.answered") - answeredBefore == admitted);
        await("every admitted call recorded at the embedded SRS (" + admitted + ")").atMost(Duration.ofSeconds(30))
                .until(() -> completed(index) - recordedBefore == admitted);
        Thread.sleep(2000);
        assertEquals("no recording beyond the admitted calls", admitted, completed(index) - recordedBefore);
        b.close();
    }

    private long status(String key) {
        String out = PolicyDirectoryTest.client(karaf(), "siprec:status");
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + "\\s*\\|\\s*(\\d+)").matcher(out);
        assertTrue(key + " in siprec:status:\n" + out, m.find());
        return Long.parseLong(m.group(1));
    }

    private static long completed(Path index) throws IOException {
        if (!Files.exists(index)) {
            return 0;
        }
        List<String> lines = Files.readAllLines(index);
        return lines.stream().filter(l -> l.contains("\"state\":\"completed\"")).count();
    }
}
