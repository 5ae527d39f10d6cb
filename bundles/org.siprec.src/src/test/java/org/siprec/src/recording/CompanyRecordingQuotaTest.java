package org.siprec.src.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The per-company quota of recordings in progress: limits, parsing, release (once) and concurrency. */
class CompanyRecordingQuotaTest {

    @Test
    void aCompanyAtItsLimitIsRefusedUntilARecordingEnds() {
        CompanyRecordingQuota q = CompanyRecordingQuota.of(0, "acme:2, beta:1");
        Optional<CompanyRecordingQuota.Slot> a1 = q.acquire("acme");
        Optional<CompanyRecordingQuota.Slot> a2 = q.acquire("acme");
        assertTrue(a1.isPresent() && a2.isPresent());
        assertTrue(q.acquire("acme").isEmpty(), "the third concurrent recording of acme");
        assertTrue(q.acquire("beta").isPresent(), "another company has its own count");
        assertEquals(2, q.inProgress("acme"));

        a1.get().release();
        a1.get().release(); // a second release (another end path) gives nothing back twice
        assertEquals(1, q.inProgress("acme"));
        assertTrue(q.acquire("acme").isPresent());
        assertTrue(q.acquire("acme").isEmpty());
    }

    @Test
    void theDefaultLimitsCompaniesWithoutOverrideAndZeroIsUnlimited() {
        CompanyRecordingQuota q = CompanyRecordingQuota.of(1, "big:0");
        assertTrue(q.acquire("small").isPresent());
        assertTrue(q.acquire("small").isEmpty());
        for (int i = 0; i < 100; i++) {
            assertTrue(q.acquire("big").isPresent(), "0 is unlimited");
        }
        assertTrue(CompanyRecordingQuota.unlimited().acquire("x").isPresent());
    }

    @Test
    void aReconfigurationKeepsTheRecordingsInProgress() {
        CompanyRecordingQuota before = CompanyRecordingQuota.of(0, "acme:5");
        CompanyRecordingQuota.Slot s = before.acquire("acme").orElseThrow();
        before.acquire("acme").orElseThrow();
        CompanyRecordingQuota after = CompanyRecordingQuota.of(0, "acme:2").keepingCountsOf(before);
        assertEquals(2, after.inProgress("acme"));
        assertTrue(after.acquire("acme").isEmpty(), "the new limit counts the recordings already running");
        s.release(); // a slot taken under the old limits is given back to the same count
        assertTrue(after.acquire("acme").isPresent());
    }

    @Test
    void badValuesNameTheKey() {
        for (String bad : List.of("acme", "acme:", ":5", "acme:ten", "acme:-1", "acme:1,acme:2")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CompanyRecordingQuota.of(0, bad), bad);
            assertTrue(e.getMessage().startsWith("company.max.recordings"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CompanyRecordingQuota.of(-1, ""))
                .getMessage().startsWith("company.max.recordings.default"));
    }

    @Test
    void concurrentCallsNeverExceedTheLimitAndAllReleasesComeBack() throws Exception {
        CompanyRecordingQuota q = CompanyRecordingQuota.of(0, "acme:3");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger maxSeen = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(2000);
        try {
            for (int i = 0; i < 2000; i++) {
                pool.execute(() -> {
                    try {
                        q.acquire("acme").ifPresent(slot -> {
                            admitted.incrementAndGet();
                            maxSeen.accumulateAndGet(q.inProgress("acme"), Math::max);
                            slot.release();
                            slot.release();
                        });
                    } finally {
                        done.countDown();
                    }
                });
            }
            assertTrue(done.await(30, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertTrue(maxSeen.get() <= 3, "in progress at most the limit: " + maxSeen.get());
        assertTrue(admitted.get() > 0);
        assertEquals(0, q.inProgress("acme"), "every slot released once");
        List<CompanyRecordingQuota.Slot> slots = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            slots.add(q.acquire("acme").orElseThrow());
        }
        assertFalse(q.acquire("acme").isPresent());
    }
}
