package org.siprec.media.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siprec.api.media.ForkStream;
import org.siprec.api.media.MediaException;
import org.siprec.api.media.MirrorSession;
import org.siprec.api.media.Playback;
import org.siprec.api.media.Playback.Outcome;
import org.siprec.api.media.RelayStream.Side;
import org.siprec.media.rtp.G711;
import org.siprec.media.rtp.RtpPacket;
import org.siprec.media.test.Udp;

/**
 * Playing a prompt toward one side of a stream, received on real UDP sockets on loopback: headers (marker, payload
 * type, sequence, timestamp, SSRC), G.711 payload, 20 ms pacing, the end event, and that the other party is not heard
 * meanwhile.
 */
class PlaybackTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private RtpRelay relay;
    private MirrorSession session;
    private RelayStreamImpl stream;
    private DatagramSocket caller;
    private DatagramSocket callee;
    private final List<DatagramSocket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        int base = Udp.freeRange(40);
        relay = new RtpRelay(TestConfig.range(base, base + 39));
        session = relay.open("call-1");
        stream = (RelayStreamImpl) session.stream(0);
        caller = socket();
        callee = socket();
        stream.remote(Side.A, Udp.address(caller));
        stream.remote(Side.B, Udp.address(callee));
    }

    @AfterEach
    void stop() {
        relay.deactivate();
        sockets.forEach(DatagramSocket::close);
    }

    private DatagramSocket socket() throws Exception {
        DatagramSocket socket = Udp.socket();
        sockets.add(socket);
        return socket;
    }

    /** A prompt of {@code samples} samples: a ramp, so that every packet's payload differs. */
    private static short[] prompt(int samples) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = (short) ((i * 97) % 20000 - 10000);
        }
        return pcm;
    }

    private void playsAndChecks(Side side, DatagramSocket hearer, G711 codec) throws Exception {
        short[] pcm = prompt(160 * 10 + 40); // 10 full packets and a last one padded with silence
        CompletableFuture<Outcome> end = new CompletableFuture<>();
        long before = System.nanoTime();
        Playback playback = stream.play(side, codec.payloadType(), pcm, (p, outcome) -> end.complete(outcome));
        assertEquals(side, playback.side());

        RtpPacket rtp = new RtpPacket();
        List<Long> arrivals = new ArrayList<>();
        int firstSeq = -1;
        long firstTs = -1;
        long ssrc = -1;
        for (int n = 0; n < 11; n++) {
            DatagramPacket received = Udp.receive(hearer);
            arrivals.add(System.nanoTime());
            assertEquals(stream.localPort(side), received.getPort(), "sent from the port announced to the side");
            byte[] data = Udp.data(received);
            assertEquals(RtpPacket.Verdict.RTP, rtp.parse(ByteBuffer.wrap(data)));
            assertEquals(12 + 160, data.length, "20 ms of G.711 per packet");
            assertEquals(codec.payloadType(), rtp.payloadType());
            assertEquals(n == 0, rtp.marker(), "marker bit on the first packet only");
            if (n == 0) {
                firstSeq = rtp.sequenceNumber();
                firstTs = rtp.timestamp();
                ssrc = rtp.ssrc();
                assertNotEquals(0, ssrc);
            } else {
                assertEquals((firstSeq + n) & 0xFFFF, rtp.sequenceNumber(), "sequence + 1 per packet");
                assertEquals((firstTs + 160L * n) & 0xFFFFFFFFL, rtp.timestamp(), "timestamp + 160 per packet");
                assertEquals(ssrc, rtp.ssrc(), "one SSRC for the prompt");
            }
            byte[] expected = new byte[160];
            short[] frame = Arrays.copyOfRange(pcm, n * 160, n * 160 + 160); // zero-padded past the end
            if (n * 160 + 160 > pcm.length) {
                frame = new short[160];
                System.arraycopy(pcm, n * 160, frame, 0, pcm.length - n * 160);
            }
            codec.encode(frame, 0, 160, expected, 0);
            assertArrayEquals(expected, Arrays.copyOfRange(data, 12, data.length), "packet " + n + " payload");
        }
        assertEquals(Outcome.COMPLETED, end.get(2, TimeUnit.SECONDS));
        assertTrue(playback.ended());
        assertEquals(11, playback.packetsSent());
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(arrivals.get(10) - arrivals.get(0));
        assertTrue(elapsedMs >= 190, "10 packet intervals of 20 ms took " + elapsedMs + " ms");
        // paced at 20 ms, not slower: the median interval, which one stall of a loaded machine does not move
        long[] intervals = new long[10];
        for (int i = 0; i < 10; i++) {
            intervals[i] = TimeUnit.NANOSECONDS.toMillis(arrivals.get(i + 1) - arrivals.get(i));
        }
        long[] sorted = intervals.clone();
        Arrays.sort(sorted);
        assertTrue(sorted[5] >= 10 && sorted[5] <= 30, "median interval " + sorted[5] + " ms of "
                + Arrays.toString(intervals));
        long totalMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
        assertTrue(totalMs >= 215, "ends after the last packet's 20 ms have passed, took " + totalMs + " ms");
        assertTrue(Udp.silent(hearer, 100), "nothing after the end");
        assertNull(stream.playback(side), "the side is free again");
    }

    @Test
    void playsMuLawTowardTheCallerWithCorrectHeadersAndPacing() throws Exception {
        playsAndChecks(Side.A, caller, G711.MU_LAW);
        assertTrue(Udp.silent(callee, 50), "the callee hears nothing of it");
    }

    @Test
    void playsALawTowardTheCallee() throws Exception {
        playsAndChecks(Side.B, callee, G711.A_LAW);
        assertTrue(Udp.silent(caller, 50), "the caller hears nothing of it");
    }

    @Test
    void thePromptsSsrcIsNotAForksAndIsReleasedAtTheEnd() throws Exception {
        ForkStream fork = stream.fork(Side.B);
        CompletableFuture<Outcome> end = new CompletableFuture<>();
        stream.play(Side.A, 0, prompt(320), (p, o) -> end.complete(o));
        RtpPacket rtp = new RtpPacket();
        rtp.parse(ByteBuffer.wrap(Udp.data(Udp.receive(caller))));
        assertNotEquals(fork.ssrc(), rtp.ssrc());
        assertEquals(2, relay.ssrcs().size(), "the prompt's SSRC is reserved like a fork's");
        end.get(2, TimeUnit.SECONDS);
        assertEquals(1, relay.ssrcs().size());
    }

    @Test
    void theOtherPartyIsNotHeardDuringThePromptAndIsAfterIt() throws Exception {
        CompletableFuture<Outcome> end = new CompletableFuture<>();
        stream.play(Side.A, 0, prompt(160 * 15), (p, o) -> end.complete(o)); // 300 ms
        Udp.send(callee, stream.localPort(Side.B), Udp.rtp(1));
        RtpPacket rtp = new RtpPacket();
        for (int i = 0; i < 15; i++) {
            rtp.parse(ByteBuffer.wrap(Udp.data(Udp.receive(caller))));
            assertEquals(0, rtp.payloadType(), "only prompt packets reach the caller while it plays");
        }
        end.get(2, TimeUnit.SECONDS);
        Udp.send(callee, stream.localPort(Side.B), Udp.rtp(2));
        assertArrayEquals(Udp.rtp(2), Udp.data(Udp.receive(caller)), "relayed again after the prompt");
    }

    @Test
    void stopEndsThePromptOnceWithStopped() throws Exception {
        List<Outcome> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
        Playback playback = stream.play(Side.A, 8, prompt(8000 * 5), (p, o) -> outcomes.add(o)); // 5 s
        Udp.receive(caller);
        playback.stop();
        playback.stop();
        await().atMost(WAIT).until(playback::ended);
        await().atMost(WAIT).until(() -> outcomes.size() == 1);
        assertEquals(List.of(Outcome.STOPPED), outcomes);
        // drain what was in flight, then silence
        while (!Udp.silent(caller, 100)) {
            // a packet sent before the stop took effect
        }
        assertTrue(playback.packetsSent() < 20);
        assertEquals(0, relay.ssrcs().size());
    }

    @Test
    void closingTheSessionStopsThePrompt() throws Exception {
        CompletableFuture<Outcome> end = new CompletableFuture<>();
        stream.play(Side.B, 0, prompt(8000 * 5), (p, o) -> end.complete(o));
        Udp.receive(callee);
        session.close();
        assertEquals(Outcome.STOPPED, end.get(2, TimeUnit.SECONDS));
        assertThrows(MediaException.class, () -> stream.play(Side.B, 0, prompt(160), null));
    }

    @Test
    void refusesNonG711AndASecondPromptTowardTheSameSide() throws Exception {
        MediaException notG711 = assertThrows(MediaException.class, () -> stream.play(Side.A, 18, prompt(160), null));
        assertTrue(notG711.getMessage().contains("payload type 18"), notG711.getMessage());
        Playback first = stream.play(Side.A, 0, prompt(8000), null);
        assertThrows(MediaException.class, () -> stream.play(Side.A, 0, prompt(160), null));
        Playback other = stream.play(Side.B, 0, prompt(160), null); // the other side is free
        first.stop();
        await().atMost(WAIT).until(() -> first.ended() && other.ended());
    }

    @Test
    void notBridgedRelaysAndForksNothingAndBridgedAgainDoes() throws Exception {
        DatagramSocket srs = socket();
        ForkStream fork = stream.fork(Side.A);
        fork.target(Udp.address(srs));
        assertTrue(stream.bridged());
        stream.bridged(false);
        assertFalse(stream.bridged());
        Udp.send(caller, stream.localPort(Side.A), Udp.rtp(1));
        Udp.send(callee, stream.localPort(Side.B), Udp.rtp(2));
        assertTrue(Udp.silent(callee, 200));
        assertTrue(Udp.silent(caller, 50));
        assertTrue(Udp.silent(srs, 50));
        await().atMost(WAIT).until(() -> stream.packetsReceived(Side.A) == 1 && stream.packetsReceived(Side.B) == 1);

        stream.bridged(true);
        Udp.send(caller, stream.localPort(Side.A), Udp.rtp(3));
        assertArrayEquals(Udp.rtp(3), Udp.data(Udp.receive(callee)));
        assertEquals(3, ByteBuffer.wrap(Udp.data(Udp.receive(srs))).getShort(2));
    }
}
