package org.siprec.testsupport.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The media bench's sender and sinks on real UDP sockets on 127.0.0.1, without the platform: every packet sent is
 * received exactly once, per direction, and its measured delay is a delay (positive, below the run's length).
 * Opens ports: run under the network lock. No assertion on how small the delay is (a shared machine).
 */
class MediaBenchLoopbackTest {

    @Test
    void everyPacketSentIsCountedOnceWhereItLands() throws Exception {
        MediaBench.Result r = MediaBench.loopback(5, 2);
        assertEquals(5 * 2 * 50, r.sentCallerToCallee(), "2 s at 50 packets/s, 5 calls");
        assertEquals(5 * 2 * 50, r.sentCalleeToCaller());
        assertEquals(0, r.sendErrors());
        assertEquals(r.sentCallerToCallee(), r.atCallee().received());
        assertEquals(r.sentCalleeToCaller(), r.atCaller().received());
        assertEquals(5, r.atCallee().streams());
        assertEquals(5, r.atCaller().streams());
        assertEquals(0, r.atCallee().duplicates() + r.atCaller().duplicates());
        assertEquals(0.0, r.lossPct(r.atCallee()));
        long max = Math.max(r.atCallee().delay().maxNanos(), r.atCaller().delay().maxNanos());
        assertTrue(max > 0 && max < 2_000_000_000L, "delay measured as receive minus send time: " + max + " ns");
        assertTrue(r.atCallee().delay().percentileNanos(50) <= r.atCallee().delay().percentileNanos(99));
    }
}
