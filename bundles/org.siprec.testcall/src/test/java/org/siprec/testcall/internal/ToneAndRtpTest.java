package org.siprec.testcall.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.siprec.media.rtp.G711;

/** The tone as PCMU (the shared G.711), the tone's frequency, and the RTP packets on a real socket. */
class ToneAndRtpTest {

    @Test
    void toneFramesArePcmuOfTheTone() {
        ToneGenerator tone = new ToneGenerator(440, 0.3);
        ToneGenerator twin = new ToneGenerator(440, 0.3);
        ByteBuffer frame = ByteBuffer.allocate(200);
        for (int f = 0; f < 10; f++) {
            frame.clear();
            tone.nextMuLaw(frame);
            assertEquals(160, frame.position(), "20 ms at 8 kHz, one byte a sample");
            short[] pcm = twin.nextPcm();
            for (int i = 0; i < 160; i++) {
                int back = G711.MU_LAW.decode(frame.get(i));
                // within the quantisation step of µ-law's segment (about 1/16 of the value, at least 8)
                assertTrue(Math.abs(back - pcm[i]) <= Math.max(8, Math.abs(pcm[i]) / 15), pcm[i] + " came back as " + back);
            }
        }
    }

    @Test
    void toneHasItsFrequencyAndLevel() {
        ToneGenerator tone = new ToneGenerator(440, 0.3);
        short[] second = new short[8000];
        for (int f = 0; f < 50; f++) {
            System.arraycopy(tone.nextPcm(), 0, second, f * 160, 160);
        }
        int crossings = 0;
        int peak = 0;
        for (int i = 1; i < second.length; i++) {
            if (second[i - 1] < 0 && second[i] >= 0) {
                crossings++;
            }
            peak = Math.max(peak, Math.abs(second[i]));
        }
        assertTrue(Math.abs(crossings - 440) <= 1, "upward zero crossings in 1 s: " + crossings);
        assertTrue(Math.abs(peak - 0.3 * Short.MAX_VALUE) < 50, "peak " + peak);
    }

    @Test
    void rtpPacketsArePcmuWithRunningSequenceAndTimestamp() throws Exception {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try (DatagramSocket far = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                RtpStream rtp = new RtpStream("127.0.0.1", new ToneGenerator(660, 0.3))) {
            far.setSoTimeout(2000);
            CountDownLatch done = new CountDownLatch(1);
            long started = System.nanoTime();
            executor.execute(() -> rtp.start(executor, new InetSocketAddress("127.0.0.1", far.getLocalPort()), 25, done::countDown));
            List<byte[]> packets = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                far.receive(p);
                byte[] data = new byte[p.getLength()];
                System.arraycopy(p.getData(), 0, data, 0, p.getLength());
                packets.add(data);
                // answer like a relay would: the stream counts what it receives
                far.send(new DatagramPacket(data, data.length, p.getSocketAddress()));
            }
            assertTrue(done.await(2, TimeUnit.SECONDS));
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(elapsedMs >= 24 * 20 - 20, "25 packets paced at 20 ms, took " + elapsedMs + " ms");
            assertEquals(25, rtp.sent());
            assertEquals(0.5, rtp.secondsSent(), 1e-9);
            for (int i = 0; i < packets.size(); i++) {
                byte[] p = packets.get(i);
                assertEquals(12 + 160, p.length);
                assertEquals(0x80, p[0] & 0xFF, "V=2");
                assertEquals(0, p[1] & 0x7F, "PT 0 (PCMU)");
                assertEquals(i == 0, (p[1] & 0x80) != 0, "marker on the first packet only");
                assertEquals(rtp.ssrc(), readInt(p, 8));
                if (i > 0) {
                    byte[] prev = packets.get(i - 1);
                    assertEquals((readShort(prev, 2) + 1) & 0xFFFF, readShort(p, 2), "sequence");
                    assertEquals((readInt(prev, 4) + 160L) & 0xFFFFFFFFL, readInt(p, 4) & 0xFFFFFFFFL, "timestamp");
                }
            }
            executor.submit(rtp::stop).get(); // drains what came back
            assertTrue(rtp.received() >= 20, "received " + rtp.received());
        } finally {
            executor.shutdownNow();
        }
    }

    private static int readShort(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
