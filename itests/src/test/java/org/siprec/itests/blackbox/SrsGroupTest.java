package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.sipp.Sipp;

/**
 * SRS groups through the running distribution: two SIPp SRSs ({@code recording/srs_group_member.xml}, which
 * answers OPTIONS probes and records), probed from the {@code srsprobe} SIP endpoint that this Karaf is given.
 * Round-robin sends recorded calls to both; with one SRS stopped it is marked down (seen in {@code siprec:srs}
 * through {@code bin/client}) and every call is recorded by the other, none failing.
 */
public class SrsGroupTest extends RecordingSupport {

    /** The probe endpoint's port, off the black-box and SIPp port ranges. */
    static final int PROBE_PORT = Integer.getInteger("siprec.blackbox.srsprobe.port", 5264);

    @ClassRule
    public static final KarafResource KARAF = new KarafResource(SrsGroupTest.class, k -> {
        k.config("org.siprec.policy.recordall", "enabled", "true")
                .config("org.siprec.policy.recordall", "mandatory", "false")
                .config("org.siprec.srs.sip", "srs.uris", NO_SRS)
                .config("org.siprec.srs.sip", "health.interval.ms", "300")
                .config("org.siprec.srs.sip", "health.timeout.ms", "250")
                .config("org.siprec.srs.sip", "health.down.threshold", "2")
                .config("org.siprec.srs.sip", "health.up.threshold", "2")
                .config("org.siprec.sip.endpoint-srsprobe", "endpoint.name", "srsprobe")
                .config("org.siprec.sip.endpoint-srsprobe", "listen.address", "127.0.0.1")
                .config("org.siprec.sip.endpoint-srsprobe", "udp.port", Integer.toString(PROBE_PORT))
                .config("org.siprec.sip.endpoint-srsprobe", "tcp.port", Integer.toString(PROBE_PORT));
        if (java.nio.file.Files.exists(k.home().resolve("etc/org.siprec.sip.endpoint-srs.cfg"))) {
            k.config("org.siprec.sip.endpoint-srs", "udp.port", Integer.toString(EMBEDDED_SRS_PORT))
                    .config("org.siprec.sip.endpoint-srs", "tcp.port", Integer.toString(EMBEDDED_SRS_PORT));
        }
    });

    static final int CALLS = 6;

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    private Sipp member(String role, int sip, int media) {
        return srs(role, "srs_group_member.xml", sip, media).calls(100_000).timeout(Duration.ofSeconds(120));
    }

    private static long invites(Sipp.Run srs) {
        return srs.messages().lines().filter(l -> l.startsWith("INVITE sip:")).count();
    }

    /** Runs {@link #CALLS} recorded calls one after the other; all must succeed. */
    private void calls() {
        Sipp.Run b = started(callee("uas_simple.xml").calls(CALLS).startListening());
        assertSucceeded(started(caller("uac_simple.xml").calls(CALLS).rate(5).pause(300).start()));
        assertSucceeded(b);
    }

    private String srsTable() {
        return PolicyDirectoryTest.client(karaf(), "siprec:srs");
    }

    @Test
    public void roundRobinSpreadsCallsAndADownSrsIsSkipped() {
        int first = srsSip();
        int second = srsSip() + 1;
        String one = srsUri(first);
        String two = srsUri(second);
        long modeSet = logOffset();
        karaf().configLive("org.siprec.srs.sip", "selection.mode", "round-robin");
        awaitLog(modeSet, "selection.mode=round-robin");
        useSrs(one, two);
        try (Sipp.Run srs1 = started(member("srs1", first, srsMedia()).startListening());
                Sipp.Run srs2 = started(member("srs2", second, srsMedia() + 4).startListening())) {
            await("both SRSs up in siprec:srs").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                    .until(() -> srsTable().lines().filter(l -> l.contains("127.0.0.1:" + first) || l.contains("127.0.0.1:" + second))
                            .filter(l -> l.contains(" up ")).count() == 2);

            calls();
            await("recordings at both SRSs").atMost(Duration.ofSeconds(10))
                    .until(() -> invites(srs1) + invites(srs2) >= CALLS);
            System.out.println("[blackbox] round-robin: srs1 " + invites(srs1) + ", srs2 " + invites(srs2) + "\n" + srsTable());
            assertEquals("round-robin: half the calls at srs1\n" + srsTable(), CALLS / 2, invites(srs1));
            assertEquals("round-robin: half the calls at srs2\n" + srsTable(), CALLS / 2, invites(srs2));

            srs2.close();
            await("srs2 down in siprec:srs").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                    .until(() -> srsTable().lines().anyMatch(l -> l.contains("127.0.0.1:" + second) && l.contains(" down ")));
            String table = srsTable();
            System.out.println("[blackbox] one SRS stopped:\n" + table);
            assertTrue("the stopped SRS's last error is the unanswered OPTIONS\n" + table,
                    table.lines().anyMatch(l -> l.contains("127.0.0.1:" + second) && l.contains("no answer to OPTIONS")));

            long before = invites(srs1);
            long logBefore = logOffset();
            calls();
            await("every call recorded at srs1").atMost(Duration.ofSeconds(10)).until(() -> invites(srs1) == before + CALLS);
            assertEquals("no call offered to the down SRS\n" + logSince(logBefore), 0, countInLog(logBefore, "did not answer"));
            assertEquals("every call recorded by srs1\n" + logSince(logBefore), CALLS, countInLog(logBefore, "recorded by " + one));
        }
    }
}
