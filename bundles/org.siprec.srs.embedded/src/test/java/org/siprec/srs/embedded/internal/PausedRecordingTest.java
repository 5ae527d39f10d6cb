package org.siprec.srs.embedded.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.siprec.api.catalog.CatalogEntry;
import org.siprec.api.catalog.RecordingState;
import org.siprec.media.rtp.G711;
import org.siprec.sip.internal.ExtraSipEndpoint;
import org.siprec.sip.internal.SipEndpointConfig;
import org.siprec.testsupport.Configs;

/**
 * A recording paused by its SRC (a re-INVITE with every stream {@code a=inactive}, RFC 7866 section 7.1.2) and
 * resumed ({@code a=sendonly}), over real UDP sockets to the embedded SRS (SIP 35940, media 35950-35999): the WAV
 * keeps its timeline (as long as the session), has silence over the paused interval (± 100 ms) and the tone before
 * and after it, and the catalog and {@code index.jsonl} record the pause's start and end.
 */
class PausedRecordingTest {
    static final int SIP = 35940;
    /** Allowed error of the silent interval's edges, as issue 8 asks. */
    static final long TOLERANCE_MS = 100;
    private static ExtraSipEndpoint endpoint;
    private static EmbeddedSrs srs;
    private static Path recordings;

    @BeforeAll
    static void start() throws Exception {
        recordings = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "pause-recordings-");
        endpoint = new ExtraSipEndpoint();
        endpoint.activate(Configs.of(SipEndpointConfig.class, Map.of("endpoint.name", "srs", "udp.port", SIP,
                "tcp.port", SIP, "thread.pool.size", 4)));
        srs = new EmbeddedSrs(endpoint, Configs.of(SrsConfig.class, Map.of("recordings.dir", recordings.toString(),
                "port.min", 35950, "port.max", 35999)));
        endpoint.attach(srs);
    }

    @AfterAll
    static void stop() {
        srs.deactivate();
        endpoint.deactivate();
    }

    /**
     * @param sendsWhilePaused false: the SRC stops its copies during the pause (as this platform's SRC does; RTP
     *                         timestamps go on, since they are the caller's); true: an SRC that keeps sending although
     *                         it said inactive, whose packets must not be recorded either
     */
    @ParameterizedTest(name = "SRC sends while paused: {0}")
    @ValueSource(booleans = {false, true})
    void thePausedIntervalIsSilentInTheWavAndRecordedInTheIndex(boolean sendsWhilePaused) throws Exception {
        RsInviteForm form = RsInviteForm.load("rfc7866-basic.sip");
        String callId = "pause-" + sendsWhilePaused + "-" + System.nanoTime();
        try (RawSrc src = new RawSrc(SIP)) {
            String invite = form.message(SIP, src.port(), callId);
            String ok = src.request(invite.getBytes(StandardCharsets.UTF_8));
            assertEquals(200, RawSrc.status(ok), ok);
            src.ack(invite, ok);
            Tone tone = new Tone(RawSrc.answeredPorts(ok).get(0));
            tone.start();
            try {
                await().pollDelay(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(2)).until(() -> tone.sent >= 45);
                tone.muted = !sendsWhilePaused;
                String paused = src.inDialogRequest("INVITE", invite, ok, "multipart/mixed;boundary=rs-boundary",
                        reOffer("a=inactive", PAUSE_START));
                assertEquals(200, RawSrc.status(paused), paused);
                src.ack(invite, paused);
                assertTrue(paused.split("(?m)^(?=m=)")[1].contains("a=inactive"), "the SRS answers inactive: " + paused);
                long pausedAt = tone.sent;
                await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> tone.sent >= pausedAt + 70);
                String resumed = src.inDialogRequest("INVITE", invite, ok, "multipart/mixed;boundary=rs-boundary",
                        reOffer("a=sendonly", null));
                assertEquals(200, RawSrc.status(resumed), resumed);
                src.ack(invite, resumed);
                tone.muted = false;
                long resumedAt = tone.sent;
                await().pollDelay(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(2)).until(() -> tone.sent >= resumedAt + 45);
            } finally {
                tone.stop();
            }
            assertEquals(200, RawSrc.status(src.inDialogRequest("BYE", invite, ok, null, "")));
        }
        CatalogEntry entry = await().atMost(Duration.ofSeconds(5)).until(
                () -> srs.byCallId(callId).stream().findFirst().orElse(null),
                e -> e != null && e.state() != RecordingState.RECORDING);
        assertEquals(1, entry.pauses().size(), "one pause in the catalog: " + entry.pauses());
        CatalogEntry.Pause pause = entry.pauses().get(0);
        assertNotNull(pause.end(), "the pause ended");
        long pauseStartMs = Duration.between(entry.start(), pause.start()).toMillis();
        long pauseEndMs = Duration.between(entry.start(), pause.end()).toMillis();
        assertEquals(1500, pauseEndMs - pauseStartMs, 300, "the pause lasted about 1.5 s: " + pause);

        String index = Files.readString(recordings.resolve(RecordingIndex.FILE));
        String line = index.lines().filter(l -> l.contains(callId)).findFirst().orElseThrow();
        String pauses = line.substring(line.indexOf("\"pauses\":["));
        assertTrue(pauses.contains("\"start\":\"" + pause.start() + "\"") && pauses.contains("\"end\":\"" + pause.end() + "\""),
                "index.jsonl has the pause: " + line);

        short[] channel0 = channel(entry.wav(), 0);
        long wavMs = channel0.length / 8;
        assertEquals(entry.duration().toMillis(), wavMs, 500, "the WAV lasts as long as the session: its timeline stays true");
        // 20 ms blocks: tone (RMS ~5600) or silence (0)
        long silentFrom = -1;
        long silentTo = -1;
        for (int block = 0; block * 160 + 160 <= channel0.length; block++) {
            boolean silent = rms(channel0, block * 160, 160) < 100;
            long at = block * 20L;
            if (at > 600 && silent && silentFrom < 0) {
                silentFrom = at;
            }
            if (silentFrom >= 0 && silentTo < 0 && !silent) {
                silentTo = at;
            }
        }
        assertTrue(silentFrom > 0 && silentTo > silentFrom, "a silent interval between tone: " + silentFrom + ".." + silentTo);
        assertEquals(pauseStartMs, silentFrom, TOLERANCE_MS, "silence starts with the pause");
        assertEquals(pauseEndMs, silentTo, TOLERANCE_MS, "the tone is back when the pause ends");
        assertTrue(rms(channel0, (int) (silentTo * 8), 8 * 500) > 1000, "tone after the pause");
    }

    private static final String PAUSE_START = """
            <?xml version="1.0" encoding="UTF-8"?>
            <recording xmlns="urn:ietf:params:xml:ns:recording:1">
              <datamode>partial</datamode>
              <x0:pause xmlns:x0="urn:x-siprec-platform:xml:ns:pause:1" start="2026-12-03T07:25:53.186Z"></x0:pause>
            </recording>
            """;

    private static String reOffer(String direction, String metadata) {
        String sdp = "v=0\no=src 2890844526 2890844527 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\n"
                + "m=audio 40000 RTP/AVP 8\na=rtpmap:8 PCMA/8000\na=label:1\n" + direction + "\n"
                + "m=audio 40002 RTP/AVP 8\na=rtpmap:8 PCMA/8000\na=label:2\n" + direction + "\n";
        String body = "--rs-boundary\nContent-Type: application/sdp\n\n" + sdp
                + (metadata == null ? "" : "--rs-boundary\nContent-Type: application/rs-metadata+xml\n"
                        + "Content-Disposition: recording-session\n\n" + metadata)
                + "--rs-boundary--\n";
        return body.replace("\n", "\r\n");
    }

    private static short[] channel(Path wav, int channel) throws Exception {
        byte[] bytes = Files.readAllBytes(wav);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(bytes))) {
            int channels = in.getFormat().getChannels();
            byte[] pcm = in.readAllBytes();
            short[] result = new short[pcm.length / (2 * channels)];
            for (int f = 0; f < result.length; f++) {
                int o = (f * channels + channel) * 2;
                result[f] = (short) ((pcm[o] & 0xFF) | (pcm[o + 1] << 8));
            }
            return result;
        }
    }

    private static double rms(short[] samples, int from, int length) {
        double sum = 0;
        int n = 0;
        for (int i = from; i < Math.min(samples.length, from + length); i++) {
            sum += (double) samples[i] * samples[i];
            n++;
        }
        return n == 0 ? 0 : Math.sqrt(sum / n);
    }

    /**
     * A 400 Hz A-law tone to one SRS port, a packet every 20 ms with timestamps that follow the clock (also while
     * muted, as a relayed caller's would), like an SRC forking a live call.
     */
    private static final class Tone implements Runnable {
        private final int port;
        private final Thread thread = new Thread(this, "tone");
        volatile boolean muted;
        volatile boolean running = true;
        volatile long sent;

        Tone(int port) {
            this.port = port;
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(2000);
        }

        @Override
        public void run() {
            try (DatagramSocket media = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                long origin = System.nanoTime();
                for (int i = 0; running; i++) {
                    long due = origin + i * 20_000_000L;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    sent = i;
                    if (muted) {
                        continue;
                    }
                    byte[] p = new byte[12 + 160];
                    p[0] = (byte) 0x80;
                    p[1] = 8;
                    p[2] = (byte) (i >> 8);
                    p[3] = (byte) i;
                    int ts = i * 160;
                    p[4] = (byte) (ts >> 24);
                    p[5] = (byte) (ts >> 16);
                    p[6] = (byte) (ts >> 8);
                    p[7] = (byte) ts;
                    p[8] = 0x12;
                    p[9] = 0x34;
                    p[10] = 0x56;
                    p[11] = 0x78;
                    for (int k = 0; k < 160; k++) {
                        p[12 + k] = G711.A_LAW.encode((short) (8000 * Math.sin(2 * Math.PI * 400 * (i * 160 + k) / 8000.0)));
                    }
                    media.send(new DatagramPacket(p, p.length, InetAddress.getLoopbackAddress(), port));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
