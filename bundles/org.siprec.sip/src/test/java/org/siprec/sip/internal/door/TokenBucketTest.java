package org.siprec.sip.internal.door;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long S = 1_000_000_000L;

    @Test
    void aBurstIsCutToTheBucketSizeAndRefillsAtTheRate() {
        TokenBucket b = new TokenBucket(10, 5, 0);
        int taken = 0;
        for (int i = 0; i < 20; i++) {
            taken += b.tryTake(0) ? 1 : 0;
        }
        assertEquals(5, taken);
        assertFalse(b.tryTake(S / 20), "half a token after 50 ms");
        assertTrue(b.tryTake(S / 10), "one token after 100 ms at 10/s");
        assertFalse(b.tryTake(S / 10));
        assertFalse(b.full(S / 5));
        assertTrue(b.full(10 * S), "refilled, never beyond the burst");
        taken = 0;
        for (int i = 0; i < 20; i++) {
            taken += b.tryTake(10 * S) ? 1 : 0;
        }
        assertEquals(5, taken);
    }

    @Test
    void sourcesHaveTheirOwnBucketPerClassAndTheTableIsBounded() throws Exception {
        DoorSettings settings = new DoorSettings(65507, 65536, 128, 100, 10, 1, 2, 16, java.util.Set.of());
        DoorCounters counters = new DoorCounters();
        SourceRateLimiter limiter = new SourceRateLimiter(settings, counters, 0);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        assertTrue(limiter.admit(a, false, 0));
        assertTrue(limiter.admit(a, false, 0));
        assertFalse(limiter.admit(a, false, 0), "untrusted burst 2");
        assertTrue(limiter.admit(b, true, 0), "another source has its own bucket");
        for (int i = 0; i < 9; i++) {
            assertTrue(limiter.admit(b, true, 0));
        }
        assertFalse(limiter.admit(b, true, 0), "trusted burst 10");
        SourceRateLimiter.Summary s = limiter.summary();
        assertEquals(2, s.dropped());
        assertEquals(2, s.sources());
        assertEquals(0, limiter.summary().dropped(), "the summary resets the interval");
        // 16 sources at most: the 17th and later share one overflow bucket of their class
        for (int i = 3; i < 40; i++) {
            limiter.admit(InetAddress.getByName("192.0.2." + i), false, 0);
        }
        assertEquals(16, limiter.tracked());
        assertTrue(counters.get(DoorCounters.SOURCES_OVERFLOW) > 0);
        // once their buckets refilled, idle sources are forgotten
        limiter.sweep(100 * S);
        assertEquals(0, limiter.tracked());
    }

    @Test
    void logTextEscapesControlCharactersAndCapsTheLength() {
        assertEquals("a\\r\\nb\\x00c\\x1b", LogText.safe("a\r\nb\u0000c\u001b"));
        String capped = LogText.safe("x".repeat(1000), 10);
        assertTrue(capped.startsWith("xxxxxxxxxx...(1000 chars)"), capped);
    }
}
