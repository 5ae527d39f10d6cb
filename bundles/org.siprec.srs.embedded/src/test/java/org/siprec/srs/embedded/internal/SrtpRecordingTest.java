package org.siprec.srs.embedded.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.siprec.api.catalog.CatalogEntry;
import org.siprec.api.catalog.RecordingState;
import org.siprec.media.rtp.G711;
import org.siprec.media.srtp.SdesCrypto;
import org.siprec.media.srtp.SrtpMasterKey;
import org.siprec.media.srtp.SrtpProfile;
import org.siprec.media.srtp.SrtpStream;
import org.siprec.sip.internal.ExtraSipEndpoint;
import org.siprec.sip.internal.SipEndpointConfig;
import org.siprec.testsupport.Configs;

/**
 * The embedded SRS taking SRTP (RTP/SAVP with SDES keys, RFC 4568) over real UDP sockets (SIP 36240, media
 * 36250-36299): it answers each stream with its own crypto line, decrypts what arrives with the SRC's key, drops
 * packets that do not authenticate, and the WAV holds exactly the samples of the plaintext sent; an RTP/SAVP offer
 * without a key it can use is refused.
 */
class SrtpRecordingTest {
    static final int SIP = 36240;
    private static final Pattern CRYPTO = Pattern.compile("a=crypto:(\\S+ \\S+ \\S+)");
    private static ExtraSipEndpoint endpoint;
    private static EmbeddedSrs srs;

    @BeforeAll
    static void start() throws Exception {
        Path recordings = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "srtp-recordings-");
        endpoint = new ExtraSipEndpoint();
        endpoint.activate(Configs.of(SipEndpointConfig.class, Map.of("endpoint.name", "srs", "udp.port", SIP,
                "tcp.port", SIP, "thread.pool.size", 4)));
        srs = new EmbeddedSrs(endpoint, Configs.of(SrsConfig.class, Map.of("recordings.dir", recordings.toString(),
                "port.min", 36250, "port.max", 36299)));
        endpoint.attach(srs);
    }

    @AfterAll
    static void stop() {
        srs.deactivate();
        endpoint.deactivate();
    }

    @Test
    void srtpStreamsAreDecryptedAndTheWavHoldsWhatWasSent() throws Exception {
        SecureRandom random = new SecureRandom();
        SdesCrypto first = new SdesCrypto(1, SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpMasterKey.random(random));
        SdesCrypto second = new SdesCrypto(1, SrtpProfile.AES_CM_128_HMAC_SHA1_32, SrtpMasterKey.random(random));
        String callId = "srtp-" + System.nanoTime();
        byte[] sentPayload = new byte[25 * 160];
        try (RawSrc src = new RawSrc(SIP)) {
            String invite = srtpInvite(callId, src.port(), "a=crypto:" + first.value(), "a=crypto:" + second.value());
            String ok = src.request(invite.getBytes(StandardCharsets.UTF_8));
            assertEquals(200, RawSrc.status(ok), ok);
            src.ack(invite, ok);
            String[] media = ok.split("(?m)^(?=m=)");
            assertTrue(media[1].startsWith("m=audio ") && media[1].contains(" RTP/SAVP 8"), "answered as SRTP: " + ok);
            SdesCrypto answered = answerCrypto(media[1]);
            assertEquals(1, answered.tag(), "the answer names the offer's tag");
            assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_80, answered.profile());
            assertNotEquals(first.key(), answered.key(), "the SRS's own key, not the SRC's");
            assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_32, answerCrypto(media[2]).profile());

            List<Integer> ports = RawSrc.answeredPorts(ok);
            SrtpStream sender = new SrtpStream(first);
            SrtpStream impostor = new SrtpStream(SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpMasterKey.random(random));
            try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                for (int i = 0; i < 25; i++) {
                    byte[] rtp = tonePacket(i);
                    System.arraycopy(rtp, 12, sentPayload, i * 160, 160);
                    ByteBuffer wire = ByteBuffer.allocate(256).put(rtp).flip();
                    sender.protect(wire);
                    assertFalse(Arrays.equals(Arrays.copyOfRange(rtp, 12, 172), Arrays.copyOfRange(wire.array(), 12, 172)),
                            "the payload on the wire is not the plaintext");
                    send(socket, wire, ports.get(0));
                    if (i % 5 == 2) { // a packet under another key, same sequence numbers: dropped, not recorded
                        ByteBuffer forged = ByteBuffer.allocate(256).put(silencePacket(i + 1)).flip();
                        impostor.protect(forged);
                        send(socket, forged, ports.get(0));
                    }
                    Thread.sleep(20); // paced like live media: the SRS places packets by RTP time anchored on arrival
                }
            }
            assertEquals(200, RawSrc.status(src.inDialogRequest("BYE", invite, ok, null, "")));
        }
        CatalogEntry entry = await().atMost(Duration.ofSeconds(5)).until(
                () -> srs.byCallId(callId).stream().findFirst().orElse(null),
                e -> e != null && e.state() != RecordingState.RECORDING);
        assertEquals(RecordingState.COMPLETED, entry.state());
        assertEquals(25, entry.streams().stream().mapToLong(CatalogEntry.MediaStream::packets).sum(),
                "the 25 authentic packets counted, the 5 forged ones dropped");
        short[] recorded = nonSilentChannel(entry.wav());
        assertNotNull(recorded, "a channel with the tone");
        int from = 0;
        while (recorded[from] == 0) {
            from++;
        }
        short[] expected = new short[sentPayload.length];
        G711.A_LAW.decode(sentPayload, 0, sentPayload.length, expected, 0);
        int lead = 0;
        while (expected[lead] == 0) {
            lead++; // the tone starts at sin(0) = 0
        }
        assertArrayEquals(Arrays.copyOfRange(expected, lead, expected.length),
                Arrays.copyOfRange(recorded, from, from + expected.length - lead),
                "the WAV holds exactly the decoded plaintext, no forged packet and no ciphertext in it");
    }

    @Test
    void anSrtpOfferWithoutAUsableKeyIsRefused() throws Exception {
        try (RawSrc src = new RawSrc(SIP)) {
            int free = srs.freePortPairs();
            String invite = srtpInvite("srtp-nokey-" + System.nanoTime(), src.port(), "",
                    "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAAA");
            String response = src.request(invite.getBytes(StandardCharsets.UTF_8));
            assertEquals(488, RawSrc.status(response), response);
            assertTrue(RawSrc.header(response, "Warning").contains("RTP/SAVP with a supported a=crypto"), response);
            assertEquals(free, srs.freePortPairs(), "no port kept");
        }
    }

    private static SdesCrypto answerCrypto(String mediaSection) {
        Matcher m = CRYPTO.matcher(mediaSection);
        assertTrue(m.find(), "a crypto line in " + mediaSection);
        return SdesCrypto.parse(m.group(1));
    }

    /** The reference RS INVITE of the corpus with both streams offered as RTP/SAVP and the given crypto lines. */
    private static String srtpInvite(String callId, int srcPort, String crypto1, String crypto2) throws Exception {
        RsInviteForm basic = RsInviteForm.load("rfc7866-basic.sip");
        String template = basic.template()
                .replace("m=audio 40000 RTP/AVP 8\na=rtpmap:8 PCMA/8000\na=label:1\n",
                        "m=audio 40000 RTP/SAVP 8\na=rtpmap:8 PCMA/8000\na=label:1\n" + (crypto1.isEmpty() ? "" : crypto1 + "\n"))
                .replace("m=audio 40002 RTP/AVP 8\na=rtpmap:8 PCMA/8000\na=label:2\n",
                        "m=audio 40002 RTP/SAVP 8\na=rtpmap:8 PCMA/8000\na=label:2\n" + crypto2 + "\n");
        assertEquals(2, template.split("RTP/SAVP", -1).length - 1, "both m= lines rewritten");
        RsInviteForm srtp = new RsInviteForm("srtp", 200, basic.participants(), basic.channels(), List.of(), null, null, template);
        return srtp.message(SIP, srcPort, callId);
    }

    private static void send(DatagramSocket socket, ByteBuffer packet, int port) throws Exception {
        socket.send(new DatagramPacket(packet.array(), packet.position(), packet.remaining(),
                InetAddress.getLoopbackAddress(), port));
    }

    /** RTP (A-law, SSRC 5eed0001) carrying a 400 Hz tone whose samples differ from packet to packet. */
    private static byte[] tonePacket(int i) {
        byte[] p = header(i);
        for (int k = 0; k < 160; k++) {
            p[12 + k] = G711.A_LAW.encode((short) (8000 * Math.sin(2 * Math.PI * 400 * (i * 160 + k) / 8000.0)));
        }
        return p;
    }

    /** A packet that would write loud noise if it were ever decrypted with the wrong key and recorded. */
    private static byte[] silencePacket(int i) {
        byte[] p = header(i);
        Arrays.fill(p, 12, p.length, (byte) 0x2A);
        return p;
    }

    private static byte[] header(int i) {
        byte[] p = new byte[12 + 160];
        p[0] = (byte) 0x80;
        p[1] = 8;
        p[2] = (byte) (i >> 8);
        p[3] = (byte) i;
        ByteBuffer.wrap(p).putInt(4, i * 160).putInt(8, 0x5eed0001);
        return p;
    }

    private static short[] nonSilentChannel(Path wav) throws Exception {
        byte[] bytes = Files.readAllBytes(wav);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(bytes))) {
            int channels = in.getFormat().getChannels();
            byte[] pcm = in.readAllBytes();
            for (int c = 0; c < channels; c++) {
                short[] result = new short[pcm.length / (2 * channels)];
                boolean sound = false;
                for (int f = 0; f < result.length; f++) {
                    int o = (f * channels + c) * 2;
                    result[f] = (short) ((pcm[o] & 0xFF) | (pcm[o + 1] << 8));
                    sound |= result[f] != 0;
                }
                if (sound) {
                    return result;
                }
            }
            return null;
        }
    }
}
