package org.siprec.srs.embedded.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.siprec.api.catalog.CatalogEntry;
import org.siprec.api.catalog.RecordingState;
import org.siprec.sip.internal.ExtraSipEndpoint;
import org.siprec.sip.internal.SipEndpointConfig;
import org.siprec.testsupport.Configs;

/**
 * The embedded SRS outside OSGi on real sockets: an {@code srs} SIP endpoint on port 35090 and the SRS, driven by
 * SIPp as a third-party SRC with the scenarios in {@code itests/src/test/resources/sipp/srs/}; what it recorded is
 * checked through its {@code RecordingCatalog}, the files and {@code index.jsonl}.
 */
class SrsSippTest {
    private static final int SIP = 35090;
    private static final Path SCENARIOS = Path.of("../../itests/src/test/resources/sipp/srs").toAbsolutePath().normalize();
    private static final String PCAP = "/usr/share/sip-tester/g711a.pcap";
    private static ExtraSipEndpoint endpoint;
    private static EmbeddedSrs srs;
    private static Path recordings;

    @BeforeAll
    static void start() throws Exception {
        recordings = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "recordings-");
        endpoint = new ExtraSipEndpoint();
        endpoint.activate(Configs.of(SipEndpointConfig.class, Map.of("endpoint.name", "srs", "udp.port", SIP,
                "tcp.port", SIP, "thread.pool.size", 4)));
        srs = new EmbeddedSrs(endpoint, Configs.of(SrsConfig.class, Map.of("recordings.dir", recordings.toString(),
                "port.min", 35100, "port.max", 35199)));
        endpoint.attach(srs);
    }

    @AfterAll
    static void stop() {
        srs.deactivate();
        endpoint.deactivate();
    }

    @Test
    void recordsAThirdPartyRecordingSessionToStereoWavListedInTheCatalog() throws Exception {
        int free = srs.freePortPairs();
        String callId = "srs-catalog-1"; // -cid_str below, call number 1
        Process sipp = sipp("uac_rs_pcma.xml", 35080, 35300, "-d", "8000", "-key", "pcap", PCAP, "-cid_str", "srs-catalog-%u");

        // while it records: listed from memory, found by the recording session's Call-ID
        CatalogEntry live = await().atMost(Duration.ofSeconds(5)).until(() -> srs.byCallId(callId), l -> !l.isEmpty()).get(0);
        assertEquals(RecordingState.RECORDING, live.state());
        assertNull(live.stop());
        assertNull(live.endReason());
        assertEquals(live.id(), srs.recent(1).get(0).id(), "the live recording comes first");
        assertEquals(Optional.of(live.id()), srs.find(live.id()).map(CatalogEntry::id));

        assertEquals(0, waitFor(sipp), "200 with recvonly SDP, labels and +sip.srs; BYE answered (see target/sipp-*.err)");
        CatalogEntry entry = await().atMost(Duration.ofSeconds(5)).until(() -> srs.find(live.id()).orElseThrow(),
                e -> e.state() != RecordingState.RECORDING);
        assertEquals(RecordingState.COMPLETED, entry.state());
        assertEquals("BYE", entry.endReason());
        assertEquals(callId, entry.callId());
        assertEquals(live.start(), entry.start());
        assertNotNull(entry.stop());
        assertEquals("127.0.0.1:35080", entry.src());
        assertEquals(free, srs.freePortPairs(), "ports released");
        assertEquals(0, srs.liveSessions());

        // the same entry by id, by Call-ID and by the recorded call's Session-ID (any case, hyphens, parameters)
        assertEquals(Optional.of(entry), srs.find(entry.id()));
        assertEquals(List.of(entry), srs.byCallId(callId));
        assertEquals(List.of(entry), srs.bySessionId("AB30317F-1A78-4DC4-8FF8-24D0D3715D86;remote=x"));
        assertEquals(List.of(), srs.bySessionId("47755a9de7794ba387653f2099600ef2"), "the remote UUID is not the Session-ID");
        assertEquals(List.of(), srs.byCallId("no-such-call"));
        assertEquals(List.of("ab30317f1a784dc48ff824d0d3715d86;remote=47755a9de7794ba387653f2099600ef2"), entry.sessionIds());
        assertEquals(List.of(new CatalogEntry.Party("sip:alice@atlanta.example.com", "Alice"),
                new CatalogEntry.Party("sip:bob@biloxi.example.com", "Bob")), entry.participants());
        assertEquals(List.of("PCMA"), entry.codecs());
        assertTrue(entry.streams().stream().noneMatch(CatalogEntry.MediaStream::raw));

        // metadata stored beside the WAV, as received
        assertEquals(1, entry.metadata().size());
        String xml = Files.readString(entry.metadata().get(0), StandardCharsets.UTF_8);
        assertTrue(xml.contains("sip:bob@biloxi.example.com"));
        assertEquals(recordings.resolve(entry.wav().getParent().getFileName()).resolve(entry.id() + ".wav"), entry.wav());

        // stream 1 (Alice's, the one SIPp plays to) -> its channel; stream 2 (Bob's) -> the other one
        int aliceChannel = stream(entry, "1").channel();
        int bobChannel = stream(entry, "2").channel();
        assertEquals(0, aliceChannel, "channels in the metadata's participant order");
        assertEquals(1, bobChannel);
        assertEquals(List.of("sip:alice@atlanta.example.com"), stream(entry, "1").senders());
        assertEquals(8, stream(entry, "1").payloadType());
        assertEquals(pcapPackets(Path.of(PCAP)), stream(entry, "1").packets(), "every packet SIPp played");
        assertEquals(entry.wav(), stream(entry, "1").file());
        assertEquals(new CatalogEntry.Channel(0, List.of("sip:alice@atlanta.example.com"), List.of("1")), entry.channels().get(0));

        Path wav = entry.wav();
        double seconds;
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat f = in.getFormat();
            assertEquals(2, f.getChannels());
            assertEquals(8000f, f.getSampleRate());
            assertEquals(16, f.getSampleSizeInBits());
            seconds = in.getFrameLength() / 8000.0;
        }
        assertEquals(entry.duration().toMillis() / 1000.0, seconds, 0.5, "WAV covers the recording session, start to stop");
        assertEquals(8.0, seconds, 1.0, "about the scenario's pause");

        // what index.jsonl says (operators read it) is what the catalog says
        String line = Files.readAllLines(recordings.resolve(RecordingIndex.FILE)).stream().filter(l -> l.contains(entry.id()))
                .findFirst().orElseThrow();
        assertTrue(line.startsWith("{\"id\":\"" + entry.id() + "\",\"state\":\"completed\",\"callId\":\"" + callId + "\""), line);
        assertEquals(entry, RecordingIndex.parse(line).toCatalogEntry(recordings));

        short[][] ch = WavRecorderTest.channels(wav, 2);
        int first = -1;
        int last = -1;
        for (int i = 0; i < ch[aliceChannel].length; i++) {
            if (Math.abs(ch[aliceChannel][i]) > 64) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        assertTrue(first >= 0, "audio in the channel that received RTP");
        short[] played = pcapAudio(Path.of(PCAP));
        int playedFirst = -1;
        int playedLast = -1;
        for (int i = 0; i < played.length; i++) {
            if (Math.abs(played[i]) > 64) {
                if (playedFirst < 0) {
                    playedFirst = i;
                }
                playedLast = i;
            }
        }
        assertEquals((playedLast - playedFirst) / 8000.0, (last - first) / 8000.0, 0.5, "the played audio's length");
        for (int k = 0; k <= playedLast - playedFirst; k++) {
            assertEquals(played[playedFirst + k], ch[aliceChannel][first + k], "sample " + k + " as played, in time order");
        }
        assertEquals(0, WavRecorderTest.energy(ch[bobChannel], 0, ch[bobChannel].length), "silence where nothing arrived");
    }

    @Test
    void recordsTheBroadWorksDraftDialectAndCountsItsDefectsForTheSrc() throws Exception {
        String callId = "srs-broadworks-1";
        Process sipp = sipp("uac_rs_broadworks.xml", 35084, 35380, "-d", "8000", "-key", "pcap", PCAP, "-cid_str", "srs-broadworks-%u");
        assertEquals(0, waitFor(sipp), "200 with recvonly SDP and +sip.srs; BYE answered (see target/sipp-*.err)");
        CatalogEntry entry = await().atMost(Duration.ofSeconds(5)).until(() -> srs.byCallId(callId).get(0),
                e -> e.state() != RecordingState.RECORDING);
        assertEquals(RecordingState.COMPLETED, entry.state());
        assertEquals(List.of(new CatalogEntry.Party("sip:+15551230001@as.broadworks.example.net", "Agent One"),
                new CatalogEntry.Party("tel:+15559870002", null)), entry.participants());
        assertEquals(List.of("sip:+15551230001@as.broadworks.example.net"), stream(entry, "1").senders());
        assertEquals(List.of("tel:+15559870002"), stream(entry, "2").senders());
        assertEquals(pcapPackets(Path.of(PCAP)), stream(entry, "1").packets(), "every packet SIPp played");
        Map<String, Long> defects = srs.toleratedDefects("127.0.0.1");
        for (String d : List.of("Contact ;src instead of +sip.src", "no Require: siprec",
                "pre-RFC metadata <recording_metadata> (draft-ietf-siprec-metadata)")) {
            assertTrue(defects.getOrDefault(d, 0L) > 0, d + " counted in " + defects);
        }
    }

    @Test
    void refusesAnInviteThatIsNotARecordingSession() throws Exception {
        assertEquals(0, waitFor(sipp("uac_not_siprec.xml", 35082, 35340)), "488 with Warning 'not a SIPREC recording session'");
    }

    @Test
    void refusesMetadataWithAnExternalEntity() throws Exception {
        int before = srs.recent(Integer.MAX_VALUE).size();
        assertEquals(0, waitFor(sipp("uac_rs_xxe.xml", 35081, 35320)), "400 with a Warning about the metadata");
        assertEquals(before, srs.recent(Integer.MAX_VALUE).size(), "nothing recorded");
        assertEquals(0, srs.liveSessions());
    }

    /** How many packets a pcap holds. */
    static long pcapPackets(Path pcap) throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(pcap)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.position(24);
        long n = 0;
        while (b.remaining() >= 16) {
            b.position(b.position() + 8);
            int captured = b.getInt();
            b.getInt();
            b.position(b.position() + captured);
            n++;
        }
        return n;
    }

    /** The A-law payloads of a pcap of Ethernet/IPv4/UDP/RTP packets (no CSRC), decoded, in file order. */
    static short[] pcapAudio(Path pcap) throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(pcap)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.position(24);
        java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
        while (b.remaining() >= 16) {
            b.position(b.position() + 8);
            int captured = b.getInt();
            b.getInt();
            int start = b.position();
            int rtp = start + 14 + 20 + 8;
            payload.write(b.array(), rtp + 12, captured - (rtp + 12 - start));
            b.position(start + captured);
        }
        byte[] bytes = payload.toByteArray();
        short[] out = new short[bytes.length];
        org.siprec.media.rtp.G711.A_LAW.decode(bytes, 0, bytes.length, out, 0);
        return out;
    }

    private static CatalogEntry.MediaStream stream(CatalogEntry entry, String label) {
        return entry.streams().stream().filter(s -> label.equals(s.label())).findFirst()
                .orElseThrow(() -> new AssertionError("no stream " + label + " in " + entry));
    }

    @Test
    void aByeIntoARecordingSessionFromAnAddressOtherThanItsSrcGets403AndTheRecordingGoesOn() throws Exception {
        String callId = "srs-hostile-1";
        Process sipp = sipp("uac_rs_pcma.xml", 35083, 35360, "-d", "4000", "-key", "pcap", PCAP, "-cid_str", "srs-hostile-%u");
        String srcTag = sipp.pid() + "SIPpTag001"; // the scenario's From tag for call 1
        String srsTag = await().atMost(Duration.ofSeconds(5)).until(() -> localTag(callId), t -> t != null);

        // 127.0.0.2 is not the SRC that set the recording session up (127.0.0.1)
        String response = sendFrom("127.0.0.2", "BYE sip:srs@127.0.0.1:" + SIP + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.2:PORT;branch=z9hG4bK" + System.nanoTime() + "\r\n"
                + "From: <sip:src@127.0.0.1>;tag=" + srcTag + "\r\n"
                + "To: <sip:srs@127.0.0.1>;tag=" + srsTag + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 100 BYE\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n");
        assertTrue(response.startsWith("SIP/2.0 403"), "BYE from another address: " + response);
        assertEquals(RecordingState.RECORDING, srs.byCallId(callId).get(0).state(), "still recording");

        assertEquals(0, waitFor(sipp), "the SRC's own BYE (CSeq 2) was answered 200 (see target/sipp-*.err)");
        CatalogEntry entry = await().atMost(Duration.ofSeconds(5)).until(() -> srs.byCallId(callId).get(0),
                e -> e.state() != RecordingState.RECORDING);
        assertEquals(RecordingState.COMPLETED, entry.state());
        assertEquals("BYE", entry.endReason());
    }

    /** The SRS's tag in the recording session with this Call-ID, once answered. */
    private static String localTag(String callId) throws Exception {
        java.lang.reflect.Field field = EmbeddedSrs.class.getDeclaredField("sessions");
        field.setAccessible(true);
        RecordingSession session = ((Map<?, RecordingSession>) field.get(srs)).get(callId);
        return session == null ? null : session.localTag;
    }

    /** Sends one request over UDP from {@code from} (any 127/8 address) and returns the first final response. */
    private static String sendFrom(String from, String request) throws Exception {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0, java.net.InetAddress.getByName(from))) {
            socket.setSoTimeout(5000);
            byte[] data = request.replace("PORT", Integer.toString(socket.getLocalPort())).getBytes(StandardCharsets.UTF_8);
            socket.send(new java.net.DatagramPacket(data, data.length, java.net.InetAddress.getLoopbackAddress(), SIP));
            while (true) {
                java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[8192], 8192);
                try {
                    socket.receive(p);
                } catch (java.net.SocketTimeoutException e) {
                    return "no final response";
                }
                String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                if (!text.startsWith("SIP/2.0 1")) {
                    return text;
                }
            }
        }
    }

    private static Process sipp(String scenario, int port, int mediaPort, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sipp"));
        cmd.addAll(List.of(extra)); // -key must come before -sf
        cmd.addAll(List.of("-sf", SCENARIOS.resolve(scenario).toString(), "-i", "127.0.0.1", "-p", Integer.toString(port),
                "-mi", "127.0.0.1", "-mp", Integer.toString(mediaPort), "-m", "1", "-nostdin", "-timeout", "30s",
                "-trace_err", "-error_file", new File("target/sipp-" + scenario + ".err").getAbsolutePath(),
                "127.0.0.1:" + SIP));
        assertNotNull(SCENARIOS.resolve(scenario).toFile().isFile() ? scenario : null, "scenario " + scenario);
        return new ProcessBuilder(cmd).directory(SCENARIOS.toFile()).redirectErrorStream(true)
                .redirectOutput(new File("target/sipp-" + scenario + ".out").getAbsoluteFile()).start();
    }

    private static int waitFor(Process p) throws Exception {
        if (!p.waitFor(40, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
