package org.siprec.src.b2bua;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.RecordingPolicy;
import org.siprec.api.srs.SrsAdapter;
import org.siprec.api.srs.SrsOutcome;
import org.siprec.api.srs.SrsTarget;
import org.siprec.api.store.RecordingRecord;
import org.siprec.media.srtp.SdesCrypto;
import org.siprec.media.srtp.SrtpStream;

/**
 * SRTP to the SRS, per SRS ({@code ;srtp=require} on its URI), through the B2BUA and the built-in mirror on real
 * sockets: SRS 1 answers plain RTP/AVP and counts as refusing (BYE, REFUSED reported, the call untouched); SRS 2
 * ({@code srs_srtp.xml}) answers RTP/SAVP with crypto. What reaches SRS 2's media port (the test's own socket) is not
 * the caller's plaintext, authenticates under the key offered in the RS INVITE (read from SIPp's message trace) and
 * decrypts to G.711 payloads that are in the caller's pcap.
 */
class SrtpSippTest {
    private static final int SIP = 26860;
    private static final String SRS1 = "sip:srs@127.0.0.1:26896;srtp=require";
    private static final String SRS2 = "sip:srs@127.0.0.1:26897;srtp=require";
    private static final int SRS2_PORT1 = 34400;
    private static final int SRS2_PORT2 = 34402;
    private static final Pattern CRYPTO = Pattern.compile("a=crypto:(1 AES_CM_128_HMAC_SHA1_80 inline:\\S+)");

    private final SippFixture sipp = new SippFixture();
    private LoopbackPlatform platform;
    private final List<RecordingRecord> records = new CopyOnWriteArrayList<>();
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private Sink label1;
    private Sink label2;
    private volatile List<String> srsUris = List.of(SRS1, SRS2);

    @BeforeEach
    void start() throws Exception {
        SippFixture.requirePcap();
        platform = new LoopbackPlatform(SIP, 33800, Map.of(), 50);
        RecordingPolicy recordAll = session -> Decision.record("test");
        platform.policies.bindPolicy(recordAll, Map.of("service.ranking", 0, "service.id", 1L, "component.name", "test-policy"));
        platform.srs.bindSrsAdapter(new SrsAdapter() {
            @Override
            public List<SrsTarget> targets(org.siprec.api.model.CommunicationSession session) {
                return srsUris.stream().map(SrsTarget::new).toList();
            }

            @Override
            public boolean healthy() {
                return true;
            }

            @Override
            public void report(SrsTarget target, SrsOutcome outcome) {
                reports.add(target.uri() + " " + outcome.kind());
            }
        }, Map.of("service.id", 2L));
        platform.reporter.bindRecordingStore(records::add);
        label1 = new Sink(SRS2_PORT1);
        label2 = new Sink(SRS2_PORT2);
    }

    @AfterEach
    void stop() {
        sipp.close();
        label1.close();
        label2.close();
        platform.close();
    }

    @Test
    void anSrsAnsweringPlainRtpIsRefusedAndTheNextGetsSrtpCopiesThatDecryptToTheCallersAudio() throws Exception {
        Process srs1 = sipp.sipp("srtp-srs1-plain", "-sf", SippFixture.scenario("srs_plain_answer.xml"), "-key", "port1", "34410",
                "-key", "port2", "34412", "-i", "127.0.0.1", "-p", "26896", "-m", "1");
        Process srs2 = sipp.sipp("srtp-srs2", "-sf", SippFixture.scenario("srs_srtp.xml"), "-key", "port1",
                Integer.toString(SRS2_PORT1), "-key", "port2", Integer.toString(SRS2_PORT2), "-i", "127.0.0.1", "-p", "26897", "-m", "1");
        Process callee = sipp.sipp("srtp-uas", "-sf", SippFixture.scenario("uas.xml"), "-i", "127.0.0.1", "-p", "26870",
                "-mi", "127.0.0.1", "-mp", "34430", "-m", "1");
        Process caller = sipp.sipp("srtp-uac", "-sf", SippFixture.scenario("uac_rtp.xml"), "-key", "dest", "127.0.0.1:26870",
                "-key", "pcap", SippFixture.PCAP, "-s", "callee", "-d", "2000", "-i", "127.0.0.1", "-p", "26880",
                "-mi", "127.0.0.1", "-mp", "34420", "-m", "1", "127.0.0.1:" + SIP);
        assertEquals(0, SippFixture.waitFor(caller), "the caller's call succeeded: " + SippFixture.errors("srtp-uac"));
        assertEquals(0, SippFixture.waitFor(callee), "the callee's call succeeded: " + SippFixture.errors("srtp-uas"));
        assertEquals(0, SippFixture.waitFor(srs1), "SRS 1 answered plain RTP and got a BYE: " + SippFixture.errors("srtp-srs1-plain"));
        assertEquals(0, SippFixture.waitFor(srs2), "SRS 2 got an RTP/SAVP offer with a=crypto and a Request-URI without srtp: "
                + SippFixture.errors("srtp-srs2"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals("completed", records.get(0).outcome());
        assertEquals(java.util.Optional.of(SRS2), records.get(0).srsUri());
        assertEquals(List.of(SRS1 + " REFUSED", SRS2 + " ACCEPTED", SRS2 + " ENDED"), reports);

        String invite = SippFixture.messages("srtp-srs2");
        Matcher m = CRYPTO.matcher(invite);
        List<SdesCrypto> offered = new ArrayList<>();
        while (m.find() && offered.size() < 2) {
            offered.add(SdesCrypto.parse(m.group(1)));
        }
        assertEquals(2, offered.size(), "one key per stream: " + invite);
        assertFalse(offered.get(0).key().equals(offered.get(1).key()), "a key of its own for each stream");

        byte[] pcap = Files.readAllBytes(Path.of(SippFixture.PCAP));
        List<byte[]> captured = label1.packets.isEmpty() ? label2.packets : label1.packets;
        SrtpStream receiver = new SrtpStream(offered.get(label1.packets.isEmpty() ? 1 : 0));
        assertTrue(captured.size() >= 20, "the caller's copies reached SRS 2: " + captured.size());
        for (byte[] wire : captured) {
            byte[] cipherPayload = Arrays.copyOfRange(wire, 12, wire.length - 10);
            assertTrue(indexOf(pcap, cipherPayload) < 0, "a payload on the wire is in the caller's pcap: sent in clear");
            ByteBuffer b = ByteBuffer.wrap(wire.clone());
            assertEquals(SrtpStream.Verdict.OK, receiver.unprotect(b), "authenticates under the offered key");
            byte[] plain = Arrays.copyOfRange(b.array(), 12, b.limit());
            assertTrue(indexOf(pcap, plain) >= 0, "decrypts to a G.711 payload the caller sent");
        }
    }

    /** {@code srtp=offer}: an SRS that answers RTP/AVP is kept and gets plain copies (the caller's payloads as sent). */
    @Test
    void underOfferAnSrsAnsweringPlainRtpRecordsWithPlainCopies() throws Exception {
        String offerOnly = "sip:srs@127.0.0.1:26897;srtp=offer";
        srsUris = List.of(offerOnly);
        Process srs = sipp.sipp("srtp-offer-plain", "-sf", SippFixture.scenario("srs_plain_answer.xml"), "-key", "port1",
                Integer.toString(SRS2_PORT1), "-key", "port2", Integer.toString(SRS2_PORT2), "-i", "127.0.0.1", "-p", "26897", "-m", "1");
        Process callee = sipp.sipp("srtp-offer-uas", "-sf", SippFixture.scenario("uas.xml"), "-i", "127.0.0.1", "-p", "26870",
                "-mi", "127.0.0.1", "-mp", "34430", "-m", "1");
        Process caller = sipp.sipp("srtp-offer-uac", "-sf", SippFixture.scenario("uac_rtp.xml"), "-key", "dest", "127.0.0.1:26870",
                "-key", "pcap", SippFixture.PCAP, "-s", "callee", "-d", "2000", "-i", "127.0.0.1", "-p", "26880",
                "-mi", "127.0.0.1", "-mp", "34420", "-m", "1", "127.0.0.1:" + SIP);
        assertEquals(0, SippFixture.waitFor(caller), "the caller's call succeeded: " + SippFixture.errors("srtp-offer-uac"));
        assertEquals(0, SippFixture.waitFor(callee), "the callee's call succeeded: " + SippFixture.errors("srtp-offer-uas"));
        assertEquals(0, SippFixture.waitFor(srs), "the SRS was offered RTP/SAVP, answered RTP/AVP, got the BYE at the end: "
                + SippFixture.errors("srtp-offer-plain"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals("completed", records.get(0).outcome());
        assertEquals(List.of(offerOnly + " ACCEPTED", offerOnly + " ENDED"), reports);
        byte[] pcap = Files.readAllBytes(Path.of(SippFixture.PCAP));
        List<byte[]> captured = label1.packets.isEmpty() ? label2.packets : label1.packets;
        assertTrue(captured.size() >= 20, "the caller's copies reached the SRS: " + captured.size());
        for (byte[] wire : captured) {
            assertTrue(indexOf(pcap, Arrays.copyOfRange(wire, 12, wire.length)) >= 0, "a plain copy: the payload as sent");
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** An SRS's RTP port: a real UDP socket on 127.0.0.1 keeping every datagram it receives. */
    private static final class Sink implements AutoCloseable {
        final List<byte[]> packets = new CopyOnWriteArrayList<>();
        private final DatagramSocket socket;

        Sink(int port) throws IOException {
            socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", port));
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[2048];
                while (!socket.isClosed()) {
                    try {
                        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                        socket.receive(p);
                        packets.add(Arrays.copyOf(p.getData(), p.getLength()));
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "srtp-sink-" + port);
            reader.setDaemon(true);
            reader.start();
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
