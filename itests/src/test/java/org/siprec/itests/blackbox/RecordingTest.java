package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.sipp.Sipp;

/**
 * Recorded calls (RFC 7866): the distribution with its record-all policy, {@code etc/org.siprec.srs.sip.cfg}
 * pointing at a SIPp SIPREC SRS ({@code sipp/recording/srs_*.xml}) on 127.0.0.1, and SIPp caller and callee through
 * the B2BUA as in {@link CallFlowsTest}.
 * <p>
 * Every test has its own SRS port: {@code srs.uris} is changed in the running Karaf (FileInstall picks the edited
 * {@code etc/org.siprec.srs.sip.cfg} up, the adapter logs "SRS list changed"), so that a late retransmission of an
 * earlier test's recording session can never reach the SRS of the next one.
 */
public class RecordingTest extends BlackBoxSupport {

    /** The embedded SRS's own SIP endpoint, moved off the distribution's 5090 (a Pax Exam Karaf may use that). */
    static final int EMBEDDED_SRS_PORT = Integer.getInteger("siprec.blackbox.embedded.srs.port", 5262);
    /** The SRS the distribution starts with: nothing listens there; each test sets its own. */
    static final String NO_SRS = "sip:srs@127.0.0.1:5299";

    @ClassRule
    public static final KarafResource KARAF = new KarafResource(RecordingTest.class, k -> {
        k.config("org.siprec.policy.recordall", "enabled", "true")
                .config("org.siprec.policy.recordall", "mandatory", "false")
                .config("org.siprec.srs.sip", "srs.uris", NO_SRS);
        // only if the distribution has the embedded SRS: creating this file would otherwise add an endpoint
        if (Files.exists(k.home().resolve("etc/org.siprec.sip.endpoint-srs.cfg"))) {
            k.config("org.siprec.sip.endpoint-srs", "udp.port", Integer.toString(EMBEDDED_SRS_PORT))
                    .config("org.siprec.sip.endpoint-srs", "tcp.port", Integer.toString(EMBEDDED_SRS_PORT));
        }
    });

    /** Packets each recorded direction must bring to the SRS in a 2 s call (g711a.pcap: ~33 packets/s). */
    private static final int MIN_RTP = 20;

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    /** This test's number, as in {@link BlackBoxSupport.Ports}. */
    private int n() {
        return (ports.calleeSip - 5100) / 2;
    }

    /** SIP port of this test's SRS (a second SRS uses the next one). */
    private int srsSip() {
        return 5300 + 2 * n();
    }

    /** Media ports of this test's SRS: [media_port] (label 1) and [media_port+2] (label 2); a second SRS +4. */
    private int srsMedia() {
        return 17000 + 10 * n();
    }

    private static String srsUri(int port) {
        return "sip:srs@127.0.0.1:" + port;
    }

    private Sipp srs(String role, String scenario, int sipPort, int mediaPort) {
        return Sipp.of(role, "recording/" + scenario, testDir()).localPort(sipPort).mediaPort(mediaPort);
    }

    // ------------------------------------------------------------------------------------------------------------

    @Test
    public void recordedCallSrsChecksTheSessionAndGetsRtpOfBothDirections() {
        int port = srsSip();
        int media = srsMedia();
        long log = useSrs(srsUri(port));
        try (RtpCapture rtp = RtpCapture.start(testDir())) {
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
        }
    }

    @Test
    public void srsOverTcpGetsTheRecordingSession() {
        int port = srsSip();
        int media = srsMedia();
        String uri = srsUri(port) + ";transport=tcp";
        long log = useSrs(uri);
        try (RtpCapture rtp = RtpCapture.start(testDir())) {
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
    }

    @Test
    public void srsEndingTheRecordingMidCallCallCompletes() {
        int port = srsSip();
        long log = useSrs(srsUri(port));
        Sipp.Run srs = started(srs("srs", "srs_bye_midcall.xml", port, srsMedia()).startListening());
        call(callee("uas_basic.xml").withPcap(), caller("uac_basic.xml").withPcap().pause(2000));
        assertSucceeded(srs);
        awaitLog(log, "ended the recording session");
    }

    @Test
    public void firstSrsRefusesSecondSrsRecords() {
        int first = srsSip();
        int second = srsSip() + 1;
        long log = useSrs(srsUri(first), srsUri(second));
        Sipp.Run refusing = started(srs("srs1", "srs_reject.xml", first, 0).startListening());
        Sipp.Run accepting = started(srs("srs2", "srs_check.xml", second, srsMedia() + 4).startListening());
        call(callee("uas_basic.xml").withPcap(), caller("uac_basic.xml").withPcap().pause(1000));
        assertSucceeded(refusing);
        assertSucceeded(accepting);
        awaitLog(log, "recorded by " + srsUri(second));
    }

    @Test
    public void holdAndResumeSendPartialMetadataToTheSrs() {
        int port = srsSip();
        useSrs(srsUri(port));
        Sipp.Run srs = started(srs("srs", "srs_hold.xml", port, srsMedia()).startListening());
        call(callee("uas_answer_hold.xml"), caller("uac_hold.xml").pause(500));
        assertSucceeded(srs);
    }

    // ------------------------------------------------------------------------------------------------------------

    /**
     * Points the running platform at these SRSs and waits until the adapter logged the new list.
     *
     * @return where karaf.log stood before the change, for {@link #awaitLog(long, String)}
     */
    private long useSrs(String... uris) {
        Path log = karaf().karafLog();
        long offset = size(log);
        karaf().configLive("org.siprec.srs.sip", "srs.uris", String.join(",", uris));
        await("SRS list " + Arrays.toString(uris) + " applied (karaf.log)").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> logSince(log, offset).lines()
                        .anyMatch(l -> l.contains("SRS list") && Arrays.stream(uris).allMatch(l::contains)));
        return size(log);
    }

    /** Waits until karaf.log, after {@code offset}, has a line containing {@code text}. */
    private void awaitLog(long offset, String text) {
        Path log = karaf().karafLog();
        await("karaf.log says '" + text + "'").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> logSince(log, offset).contains(text));
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String logSince(Path file, long offset) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long from = f.length() < offset ? 0 : offset; // rolled over: read it all
            byte[] bytes = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
