package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * SIP over TLS from the SRC to the distribution's embedded SRS, the platform's own TLS peers (SIPp in Debian has no
 * TLS): the platform's endpoint ({@code etc/org.siprec.sip.cfg}) and the embedded SRS's
 * ({@code etc/org.siprec.sip.endpoint-srs.cfg}) each get a TLS port, a key store with a certificate for
 * IP:127.0.0.1 signed by a test CA and a trust store with that CA, all made by keytool when the class starts.
 * A call is recorded over TLS (WAV and metadata written), and tshark sees TLS records but no SIP on the SRS's TLS
 * port; an SRS whose certificate is not from a trusted CA is refused (handshake failure, logged with its reason):
 * the next SRS of {@code srs.uris} records the call, or, with none left, the call goes on unrecorded.
 */
public class TlsRecordingTest extends RecordingSupport {
    /** The platform's (SRC's) TLS port and the embedded SRS's: beside the black-box Karaf's other ports (5260-5264). */
    static final int SRC_TLS_PORT = 5266;
    static final int SRS_TLS_PORT = 5267;
    /** A TLS server with a certificate from no trusted CA. */
    static final int ROGUE_TLS_PORT = 5269;

    static final String EMBEDDED_TLS = "sip:srs@127.0.0.1:" + SRS_TLS_PORT + ";transport=tls";
    static final String ROGUE_TLS = "sip:srs@127.0.0.1:" + ROGUE_TLS_PORT + ";transport=tls";

    static TlsKeys keys;

    @ClassRule
    public static final KarafResource KARAF = new KarafResource(TlsRecordingTest.class, k -> {
        recordingConfig(k);
        keys = TlsKeys.create(KarafProcess.buildDir().resolve("blackbox/TlsRecordingTest/keys"));
        for (String[] endpoint : List.of(new String[] {"org.siprec.sip", Integer.toString(SRC_TLS_PORT)},
                new String[] {"org.siprec.sip.endpoint-srs", Integer.toString(SRS_TLS_PORT)})) {
            k.config(endpoint[0], "tls.port", endpoint[1])
                    .config(endpoint[0], "tls.keystore", keys.keyStore.toString())
                    .config(endpoint[0], "tls.keystore.password", TlsKeys.PASSWORD)
                    .config(endpoint[0], "tls.truststore", keys.trustStore.toString())
                    .config(endpoint[0], "tls.truststore.password", TlsKeys.PASSWORD);
        }
    });

    private static void recordingConfig(KarafProcess k) {
        k.config("org.siprec.policy.recordall", "enabled", "true")
                .config("org.siprec.policy.recordall", "mandatory", "false")
                .config("org.siprec.srs.sip", "srs.uris", NO_SRS)
                .config("org.siprec.sip.endpoint-srs", "udp.port", Integer.toString(EMBEDDED_SRS_PORT))
                .config("org.siprec.sip.endpoint-srs", "tcp.port", Integer.toString(EMBEDDED_SRS_PORT));
    }

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @Test
    public void callIsRecordedOverTlsWithNoPlaintextSipOnTheTlsPort() throws Exception {
        awaitLog(0, "SIP endpoint 'srs' listening on 127.0.0.1 (udp " + EMBEDDED_SRS_PORT + ", tcp " + EMBEDDED_SRS_PORT + ", tls " + SRS_TLS_PORT + ")");
        useSrs(EMBEDDED_TLS);
        RtpCapture capture = capture(SRS_TLS_PORT);
        call(callee("uas_basic.xml").withPcap(), caller("uac_basic.xml").withPcap().pause(1000));

        String entry = recordedEntry();
        assertTrue("recording completed: " + entry, entry.contains("\"state\":\"completed\""));
        Path wav = karaf().home().resolve("data/recordings").resolve(EmbeddedSrsRecordingTest.field(entry, "wav"));
        assertTrue("WAV written: " + wav, Files.size(wav) > 44);
        assertTrue("metadata beside the WAV", Files.exists(wav.resolveSibling(wav.getFileName().toString().replace(".wav", "-metadata-1.xml"))));

        List<RtpCapture.Packet> packets = capture.stop().packets();
        long onTls = packets.stream().filter(p -> p.tcp() && (p.src() == SRS_TLS_PORT || p.dst() == SRS_TLS_PORT)).count();
        List<RtpCapture.Packet> plainSipOnTls = packets.stream()
                .filter(p -> p.tcp() && (p.src() == SRS_TLS_PORT || p.dst() == SRS_TLS_PORT) && !p.sip().isEmpty()).toList();
        // the capture decodes SIP where there is any: the caller's INVITE to the B2BUA is seen in clear
        assertTrue("tshark decodes the plaintext SIP of the call leg (the check below can fail)",
                packets.stream().anyMatch(p -> p.dst() == KarafProcess.SIP_PORT && p.sip().startsWith("INVITE")));
        assertTrue("the recording session went over the SRS's TLS port (" + onTls + " packets)", onTls > 5);
        assertEquals("no SIP in clear on the TLS port: " + plainSipOnTls, List.of(), plainSipOnTls);
    }

    @Test
    public void sipsUriIsRecordedOverTls() throws Exception {
        awaitLog(0, "tls " + SRS_TLS_PORT + ")");
        long log = useSrs("sips:srs@127.0.0.1:" + SRS_TLS_PORT);
        call(callee("uas_basic.xml").withPcap(), caller("uac_basic.xml").withPcap().pause(1000));
        String entry = recordedEntry();
        assertTrue("recording completed: " + entry, entry.contains("\"state\":\"completed\""));
        awaitLog(log, "recorded by sips:srs@127.0.0.1:" + SRS_TLS_PORT);
    }

    @Test
    public void srsWithUntrustedCertificateIsRefusedAndTheNextSrsRecords() throws Exception {
        awaitLog(0, "tls " + SRS_TLS_PORT + ")");
        try (RogueTlsServer rogue = new RogueTlsServer()) {
            long log = useSrs(ROGUE_TLS, EMBEDDED_TLS);
            call(callee("uas_basic.xml").withPcap(), caller("uac_basic.xml").withPcap().pause(1000));
            String entry = recordedEntry();
            assertTrue("recorded by the next SRS: " + entry, entry.contains("\"state\":\"completed\""));
            assertTrue("the rogue SRS was tried (a TLS handshake began)", rogue.handshakes.get() > 0);
            awaitLog(log, "SRS " + ROGUE_TLS + " not reached");
            assertTrue("the reason is logged: " + logSince(log), logSince(log).contains("certification path"));
        }
    }

    @Test
    public void srsWithUntrustedCertificateAloneLeavesTheCallUnrecorded() throws Exception {
        try (RogueTlsServer rogue = new RogueTlsServer()) {
            long log = useSrs(ROGUE_TLS);
            call(callee("uas_basic.xml").withPcap(), caller("uac_basic.xml").withPcap().pause(1000));
            awaitLog(log, "is not recorded: no SRS accepted");
            assertTrue("the rogue SRS was tried (a TLS handshake began)", rogue.handshakes.get() > 0);
            assertEquals("no recording for this call", Optional.empty(), EmbeddedSrsRecordingTest.indexEntryFor(
                    karaf().home().resolve("data/recordings"), "sip:caller@127.0.0.1:" + ports.callerSip));
        }
    }

    private String recordedEntry() {
        String callerAor = "sip:caller@127.0.0.1:" + ports.callerSip;
        Path recordings = karaf().home().resolve("data/recordings");
        return await("recording of " + callerAor + " completed").atMost(Duration.ofSeconds(15))
                .until(() -> EmbeddedSrsRecordingTest.indexEntryFor(recordings, callerAor),
                        e -> e.isPresent() && e.get().contains("\"state\":\"completed\"")).get();
    }

    /** A TLS server on {@link #ROGUE_TLS_PORT} with a self-signed certificate: every handshake is counted, then dropped. */
    private static final class RogueTlsServer implements AutoCloseable {
        final AtomicInteger handshakes = new AtomicInteger();
        private final SSLServerSocket server;
        private final Thread acceptor;

        RogueTlsServer() throws Exception {
            server = (SSLServerSocket) keys.rogueContext().getServerSocketFactory()
                    .createServerSocket(ROGUE_TLS_PORT, 10, InetAddress.getByName("127.0.0.1"));
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        handshakes.incrementAndGet();
                        s.setSoTimeout(5000);
                        ((SSLSocket) s).startHandshake(); // fails: the SRC does not trust this certificate
                    } catch (Exception e) {
                        // expected: the client's alert, or the server closed
                    }
                }
            }, "rogue-tls-srs");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        @Override
        public void close() throws Exception {
            server.close();
            acceptor.join(5000);
        }
    }
}
