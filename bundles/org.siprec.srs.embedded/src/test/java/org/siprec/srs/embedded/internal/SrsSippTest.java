package org.siprec.srs.embedded.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.siprec.sip.internal.ExtraSipEndpoint;
import org.siprec.sip.internal.SipEndpointConfig;

/**
 * The embedded SRS outside OSGi on real sockets: an {@code srs} SIP endpoint on port 35090 and the SRS, driven by
 * SIPp as a third-party SRC with the scenarios in {@code itests/src/test/resources/sipp/srs/}.
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
    void recordsAThirdPartyRecordingSessionToStereoWav() throws Exception {
        int free = srs.freePortPairs();
        Process sipp = sipp("uac_rs_pcma.xml", 35080, 35300, "-d", "8000", "-key", "pcap", PCAP);
        assertEquals(0, waitFor(sipp), "200 with recvonly SDP, labels and +sip.srs; BYE answered (see target/sipp-*.err)");
        Map<String, Object> entry = await().atMost(Duration.ofSeconds(5)).until(() -> entryFor("sip:alice@atlanta.example.com"),
                e -> e != null);
        assertEquals("completed", entry.get("state"));
        assertEquals("BYE", entry.get("endReason"));
        assertEquals(free, srs.freePortPairs(), "ports released");
        assertEquals(0, srs.liveSessions());

        // metadata stored beside the WAV, participants in the index
        List<?> metadata = (List<?>) entry.get("metadata");
        assertEquals(1, metadata.size());
        String xml = Files.readString(recordings.resolve(metadata.get(0).toString()), StandardCharsets.UTF_8);
        assertTrue(xml.contains("sip:bob@biloxi.example.com"));
        assertTrue(entry.get("participants").toString().contains("Bob"));
        assertEquals(List.of("ab30317f1a784dc48ff824d0d3715d86;remote=47755a9de7794ba387653f2099600ef2"), entry.get("sipSessionIds"));
        assertEquals(List.of("PCMA"), entry.get("codecs"));
        assertEquals(false, entry.get("rawStreams"));

        // stream 1 (Alice's, the one SIPp plays to) -> its channel; stream 2 (Bob's) -> the other one
        int aliceChannel = channelOf(entry, "1");
        int bobChannel = channelOf(entry, "2");
        assertEquals(0, aliceChannel, "channels in the metadata's participant order");
        assertEquals(1, bobChannel);

        Path wav = recordings.resolve(entry.get("wav").toString());
        double seconds;
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat f = in.getFormat();
            assertEquals(2, f.getChannels());
            assertEquals(8000f, f.getSampleRate());
            assertEquals(16, f.getSampleSizeInBits());
            seconds = in.getFrameLength() / 8000.0;
        }
        double indexed = ((Number) entry.get("durationSeconds")).doubleValue();
        assertEquals(indexed, seconds, 0.5, "WAV covers the recording session, start to stop");
        assertEquals(8.0, seconds, 1.0, "about the scenario's pause");

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
    void refusesAnInviteThatIsNotARecordingSession() throws Exception {
        assertEquals(0, waitFor(sipp("uac_not_siprec.xml", 35082, 35340)), "488 with Warning 'not a SIPREC recording session'");
    }

    @Test
    void refusesMetadataWithAnExternalEntity() throws Exception {
        int before = index().size();
        assertEquals(0, waitFor(sipp("uac_rs_xxe.xml", 35081, 35320)), "400 with a Warning about the metadata");
        assertEquals(before, index().size(), "nothing recorded");
        assertEquals(0, srs.liveSessions());
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
        G711.decode(true, bytes, 0, bytes.length, out);
        return out;
    }

    private static int channelOf(Map<String, Object> entry, String label) {
        for (Object o : (List<?>) entry.get("streams")) {
            Map<?, ?> s = (Map<?, ?>) o;
            if (label.equals(s.get("label"))) {
                return ((Number) s.get("channel")).intValue();
            }
        }
        throw new AssertionError("no stream " + label);
    }

    private static List<Map<String, Object>> index() {
        return new RecordingIndex(recordings).readAll();
    }

    private static Map<String, Object> entryFor(String aor) {
        for (Map<String, Object> e : index()) {
            if (e.get("participants").toString().contains(aor)) {
                return e;
            }
        }
        return null;
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
