package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.sipp.Sipp;

/**
 * Mandatory recording when the SRS dies mid-call (issue 8), through the distribution: a SIPp SRS
 * ({@code recording/srs_keepalive.xml}) records two calls at once, one whose decision is mandatory (the record-all
 * policy switched to {@code mandatory=true} between the two set-ups: a decision is taken per call at set-up) and
 * one whose is not. The SRS process is killed (no BYE). The mandatory call's keep-alive OPTIONS
 * ({@code mandatory.keepalive.seconds=1}) goes unanswered, no other SRS takes the recording within
 * {@code mandatory.grace.seconds=3}, and both its parties get BYE with {@code Reason: SIP;cause=503;text="mandatory
 * recording lost..."} (the SIPp scenarios check it), no sooner than the grace time after the kill; the other call
 * is still up then and ends normally when its caller hangs up. The audit trail ({@code siprec:audit --call}) has
 * the loss and the release.
 */
public class MandatoryGraceTest extends RecordingSupport {

    @ClassRule
    public static final KarafResource KARAF = recordingKaraf(MandatoryGraceTest.class);

    private static final int GRACE_SECONDS = 3;

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @Test
    public void aMandatoryCallEndsAfterTheGraceTimeWhenItsSrsIsKilledWhileAnOrdinaryCallGoesOn() throws Exception {
        long configured = logOffset();
        karaf().configLive("org.siprec.src", "mandatory.grace.seconds", Integer.toString(GRACE_SECONDS));
        karaf().configLive("org.siprec.src", "mandatory.keepalive.seconds", "1");
        awaitLog(configured, "SRC reconfigured");
        int port = srsSip();
        long log = useSrs(srsUri(port));
        Sipp.Run srs = started(srs("srs", "srs_keepalive.xml", port, srsMedia()).calls(2).startListening());
        try {
            // the ordinary call: recorded if possible, long enough to outlive the kill, the loss and the grace time
            Sipp.Run ordinaryCallee = started(callee("uas_basic.xml").withPcap().timeout(Duration.ofSeconds(40)).startListening());
            Sipp.Run ordinaryCaller = started(caller("uac_basic.xml").withPcap().pause(16000).timeout(Duration.ofSeconds(40)).start());
            awaitLog(log, "recorded by " + srsUri(port));

            long mandatoryOn = logOffset();
            karaf().configLive("org.siprec.policy.recordall", "mandatory", "true");
            awaitLog(mandatoryOn, "Record-all policy enabled");
            BlackBoxSupport.Ports more = morePorts();
            Sipp.Run mandatoryCallee = started(Sipp.of("callee2", "uas_reason_bye.xml", testDir()).localPort(more.calleeSip)
                    .mediaPort(more.calleeMedia).startListening());
            Sipp.Run mandatoryCaller = started(Sipp.of("caller2", "uac_reason_bye.xml", testDir()).localPort(more.callerSip)
                    .mediaPort(more.callerMedia).remote(B2BUA).key("dest", KarafProcess.SIP_HOST + ":" + more.calleeSip).start());
            await("both calls recorded").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> countInLog(log, "recorded by " + srsUri(port)) >= 2);
            await("the SRS answered keep-alives").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> srs.messages().split("OPTIONS sip:", -1).length - 1 >= 2);

            srs.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            long killed = System.nanoTime();

            assertSucceeded(mandatoryCaller); // BYE with the Reason header
            long released = System.nanoTime();
            assertSucceeded(mandatoryCallee);
            double afterKill = (released - killed) / 1e9;
            System.out.println("[blackbox] mandatory call released " + afterKill + " s after the SRS was killed");
            // the loss is noticed no sooner than the kill, and the grace time runs from the loss: a lower bound
            assertTrue("released no sooner than the grace time after the kill: " + afterKill + " s", afterKill >= GRACE_SECONDS);
            awaitLog(log, "no answer to a keep-alive OPTIONS");
            awaitLog(log, "no SRS took the recording within the mandatory grace time of " + GRACE_SECONDS + " s");
            assertTrue("the ordinary call is still up when the mandatory one is released", ordinaryCaller.isAlive());

            assertSucceeded(ordinaryCaller);
            assertSucceeded(ordinaryCallee);

            String callId = mandatoryCaller.messages().lines().filter(l -> l.startsWith("Call-ID:")).findFirst()
                    .map(l -> l.substring("Call-ID:".length()).trim()).orElseThrow();
            String trail = await("the audit trail of " + callId).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                    .until(() -> PolicyDirectoryTest.client(karaf(), "siprec:audit --call " + callId),
                            t -> t.contains("mandatory grace time"));
            System.out.println("[blackbox] audit trail of the released call:\n" + trail);
            assertTrue(trail, trail.contains("recording.started"));
            assertTrue(trail, trail.contains("no answer to a keep-alive OPTIONS"));
            assertTrue(trail, trail.contains("no SRS took the recording within the mandatory grace time of " + GRACE_SECONDS + " s"));
        } finally {
            karaf().configLive("org.siprec.policy.recordall", "mandatory", "false");
        }
    }
}
