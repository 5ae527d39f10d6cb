package org.siprec.itests.blackbox;

import org.siprec.testsupport.sipp.Sipp;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Common ground of the tests of recorded calls: the distribution with its record-all policy and
 * {@code etc/org.siprec.srs.sip.cfg} pointing at SIPp SIPREC SRSs ({@code sipp/recording/srs_*.xml}) on 127.0.0.1.
 * <p>
 * Every test has its own SRS ports: {@code srs.uris} is changed in the running Karaf (FileInstall picks the edited
 * {@code etc/org.siprec.srs.sip.cfg} up, the adapter logs "SRS list changed"), so that a late retransmission of an
 * earlier test's recording session can never reach the SRS of the next one.
 */
public abstract class RecordingSupport extends BlackBoxSupport {

    /** The embedded SRS's own SIP endpoint, moved off the distribution's 5090 (a Pax Exam Karaf may use that). */
    static final int EMBEDDED_SRS_PORT = Integer.getInteger("siprec.blackbox.embedded.srs.port", 5262);
    /** The SRS the distribution starts with: nothing listens there; each test sets its own. */
    static final String NO_SRS = "sip:srs@127.0.0.1:5299";
    /** Packets each recorded direction must bring to the SRS in a 2 s call (g711a.pcap: ~33 packets/s). */
    static final int MIN_RTP = 20;

    /** A Karaf that records every call (not mandatory) to {@link #NO_SRS} until a test sets its SRSs. */
    static KarafResource recordingKaraf(Class<?> testClass) {
        return recordingKaraf(testClass, k -> { });
    }

    /** As {@link #recordingKaraf(Class)}, with the test class's own edits applied after the common ones. */
    static KarafResource recordingKaraf(Class<?> testClass, java.util.function.Consumer<KarafProcess> more) {
        return new KarafResource(testClass, k -> {
            k.config("org.siprec.policy.recordall", "enabled", "true")
                    .config("org.siprec.policy.recordall", "mandatory", "false")
                    .config("org.siprec.srs.sip", "srs.uris", NO_SRS);
            // only if the distribution has the embedded SRS: creating this file would otherwise add an endpoint
            if (Files.exists(k.home().resolve("etc/org.siprec.sip.endpoint-srs.cfg"))) {
                k.config("org.siprec.sip.endpoint-srs", "udp.port", Integer.toString(EMBEDDED_SRS_PORT))
                        .config("org.siprec.sip.endpoint-srs", "tcp.port", Integer.toString(EMBEDDED_SRS_PORT));
            }
            more.accept(k);
        });
    }

    /** This test's number, as in {@link BlackBoxSupport.Ports}. */
    int n() {
        return (ports.calleeSip - 5100) / 2;
    }

    /** SIP port of this test's SRS (a second SRS uses the next one). */
    int srsSip() {
        return 5300 + 2 * n();
    }

    /** Media ports of this test's SRS: [media_port] (label 1) and [media_port+2] (label 2); a second SRS +4 and +6. */
    int srsMedia() {
        return 17000 + 10 * n();
    }

    static String srsUri(int port) {
        return "sip:srs@127.0.0.1:" + port;
    }

    /** A SIPp SRS ({@code sipp/recording/<scenario>}) on this SIP port and media ports. */
    Sipp srs(String role, String scenario, int sipPort, int mediaPort) {
        return Sipp.of(role, "recording/" + scenario, testDir()).localPort(sipPort).mediaPort(mediaPort);
    }

    /** tshark on the relay's range, the B2BUA's SIP port and these SRS ports: the order things left the platform. */
    RtpCapture capture(int... srsPorts) {
        int[] sip = Arrays.copyOf(srsPorts, srsPorts.length + 1);
        sip[srsPorts.length] = KarafProcess.SIP_PORT;
        return RtpCapture.start(testDir(), sip);
    }

    /**
     * Points the running platform at these SRSs and waits until the adapter logged the new list.
     *
     * @return where karaf.log stood once the change was applied, for {@link #awaitLog(long, String)}
     */
    long useSrs(String... uris) {
        Path log = karaf().karafLog();
        long offset = size(log);
        karaf().configLive("org.siprec.srs.sip", "srs.uris", String.join(",", uris));
        await("SRS list " + Arrays.toString(uris) + " applied (karaf.log)").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> logSince(offset).lines()
                        .anyMatch(l -> l.contains("SRS list") && Arrays.stream(uris).allMatch(l::contains)));
        return size(log);
    }

    /**
     * Adds SRS group {@code name} as the factory configuration {@code etc/org.siprec.srs.sip.group-<name>.cfg} with
     * one SRS, not probed (no OPTIONS), and waits until the adapter logged it.
     */
    void useGroup(String name, String uri) {
        long log = logOffset();
        String pid = "org.siprec.srs.sip.group-" + name;
        karaf().config(pid, "srs.group", name).config(pid, "health.interval.ms", "0").configLive(pid, "srs.uris", uri);
        try {
            awaitLog(log, "SRS list: [SrsTarget[uri=" + uri + "]]");
        } catch (RuntimeException e) {
            System.out.println("[blackbox] group " + name + " not applied:\n"
                    + PolicyDirectoryTest.client(karaf(), "scr:info org.siprec.srs.sip.group") + "\n"
                    + PolicyDirectoryTest.client(karaf(), "config:list '(service.factoryPid=org.siprec.srs.sip.group)'"));
            throw e;
        }
        awaitLog(log, "srs.group=" + name);
    }

    /** Where karaf.log stands now. */
    long logOffset() {
        return size(karaf().karafLog());
    }

    /** Waits until karaf.log, after {@code offset}, has a line containing {@code text}. */
    void awaitLog(long offset, String text) {
        await("karaf.log says '" + text + "'").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> logSince(offset).contains(text));
    }

    /** Lines of karaf.log after {@code offset} containing {@code text}. */
    long countInLog(long offset, String text) {
        return logSince(offset).lines().filter(l -> l.contains(text)).count();
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** karaf.log from {@code offset} on (all of it if the log rolled over meanwhile). */
    String logSince(long offset) {
        Path file = karaf().karafLog();
        if (!Files.exists(file)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long from = f.length() < offset ? 0 : offset;
            byte[] bytes = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
