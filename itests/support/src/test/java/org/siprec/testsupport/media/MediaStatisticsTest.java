package org.siprec.testsupport.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The media bench's counting, without sockets: packet format, percentiles, loss and duplicates. */
class MediaStatisticsTest {

    @Test
    void percentilesAreTheBucketHoldingTheRankCappedAtTheMaximum() {
        DelayHistogram h = new DelayHistogram();
        for (int i = 1; i <= 1000; i++) {
            h.record(i * 1_000L); // 1 µs .. 1 ms
        }
        assertEquals(1000, h.count());
        assertEquals(510_000, h.percentileNanos(50)); // rank 500 = 500 µs, in bucket [500, 510) µs: its upper edge
        assertEquals(1_000_000, h.percentileNanos(99)); // 990 µs, bucket [990, 1000) µs
        assertEquals(1_000_000, h.percentileNanos(99.9));
        assertEquals(1_000_000, h.maxNanos());
        h.record(5_000_000_000L); // beyond the last bucket: still the exact maximum
        assertEquals(5_000_000_000L, h.maxNanos());
        assertEquals(0, new DelayHistogram().percentileNanos(99));
    }

    @Test
    void aDuplicateIsNotCountedAsReceivedTwice() {
        SinkStats s = new SinkStats("srs");
        s.received(0, RtpProbe.CALLER_TO_CALLEE, 0, 100);
        s.received(0, RtpProbe.CALLER_TO_CALLEE, 1, 100);
        s.received(0, RtpProbe.CALLER_TO_CALLEE, 1, 100);
        s.received(0, RtpProbe.CALLEE_TO_CALLER, 1, 100); // same seq, other direction: another stream
        assertEquals(3, s.received());
        assertEquals(1, s.duplicates());
        assertEquals(2, s.streams());
    }

    @Test
    void lossIsCountedAgainstWhatWasSentInTheDirectionsASinkReceives() {
        SinkStats callee = new SinkStats("callee");
        SinkStats caller = new SinkStats("caller");
        SinkStats srs = new SinkStats("srs");
        for (int seq = 0; seq < 90; seq++) {
            callee.received(0, RtpProbe.CALLER_TO_CALLEE, seq, 1);
            srs.received(0, RtpProbe.CALLER_TO_CALLEE, seq, 1);
            srs.received(0, RtpProbe.CALLEE_TO_CALLER, seq, 1);
        }
        for (int seq = 0; seq < 100; seq++) {
            caller.received(0, RtpProbe.CALLEE_TO_CALLER, seq, 1);
        }
        MediaBench.Result r = new MediaBench.Result(1, 1, 1, 100, 100, callee, caller, srs, 0, 0, true);
        assertEquals(10.0, r.lossPct(callee), 1e-9);
        assertEquals(0.0, r.lossPct(caller), 1e-9);
        assertEquals(10.0, r.lossPct(srs), 1e-9); // 180 of 200 copies
        assertEquals(false, r.meetsTarget());
    }

    @Test
    void aProbeReadsBackWhatWasWrittenAndAnythingElseIsForeign() {
        ByteBuffer buf = ByteBuffer.allocate(RtpProbe.SIZE);
        RtpProbe.write(buf, 7, RtpProbe.CALLEE_TO_CALLER, 70_000, 123_456_789L);
        assertEquals(172, buf.remaining());
        assertEquals(0x80, buf.get(0) & 0xFF);
        assertEquals(new RtpProbe.Probe(7, 1, 70_000, 123_456_789L), RtpProbe.read(buf));
        assertNull(RtpProbe.read(ByteBuffer.allocate(RtpProbe.SIZE))); // right size, no magic (e.g. someone else's RTP)
        assertNull(RtpProbe.read(ByteBuffer.allocate(80))); // e.g. RTCP
    }
}
