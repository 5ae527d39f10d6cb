package org.siprec.src.overload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.siprec.testsupport.Configs;

/** Which new calls the gate refuses, and why; the clock is the test's where time matters. */
class OverloadGateTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private OverloadGate gate(Map<String, Object> config) {
        return new OverloadGate(Configs.of(OverloadConfig.class, config), now::get);
    }

    @Test
    void byDefaultOnlyTheAdaptiveLimitIsOnAndAnIdleNodeAdmitsEverything() {
        OverloadGate g = gate(Map.of());
        for (int i = 0; i < 10_000; i++) {
            assertEquals(Optional.empty(), g.admit(i));
        }
        assertEquals(Map.of("overload", 0L, "rate", 0L, "calls", 0L), g.shedCounts());
    }

    @Test
    void theRateLimitAdmitsOneSecondsWorthThenRefillsWithTime() {
        OverloadGate g = gate(Map.of("cps.max", 10));
        for (int i = 0; i < 10; i++) {
            assertEquals(Optional.empty(), g.admit(0), "call " + i + " of the first second's burst");
        }
        assertEquals(Optional.of(ShedReason.RATE), g.admit(0));
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(100)); // one token
        assertEquals(Optional.empty(), g.admit(0));
        assertEquals(Optional.of(ShedReason.RATE), g.admit(0));
        assertEquals(2L, g.shedCounts().get("rate"));
    }

    @Test
    void theCallLimitCountsCallsInProgressAndSpendsNoRate() {
        OverloadGate g = gate(Map.of("calls.max", 3, "cps.max", 1));
        assertEquals(Optional.of(ShedReason.CALLS), g.admit(3));
        assertEquals(Optional.of(ShedReason.CALLS), g.admit(4));
        assertEquals(Optional.empty(), g.admit(2), "the refused calls did not spend the one token");
        assertEquals(2L, g.shedCounts().get("calls"));
    }

    @Test
    void workWaitingInTheCallThreadsRefusesNewCallsUntilItRunsAgain() throws Exception {
        OverloadGate g = new OverloadGate(Configs.of(OverloadConfig.class, Map.of("queue.delay.max.ms", 50)));
        ExecutorService callThreads = Executors.newSingleThreadExecutor();
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch release = new CountDownLatch(1);
        try {
            g.watch(callThreads, timers);
            Thread.sleep(100);
            assertEquals(Optional.empty(), g.admit(0), "idle call threads");
            // the only call thread is held: the next probe waits behind it, like work on a CPU-starved node
            callThreads.execute(() -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Optional<ShedReason> refused = awaitRefusal(g, 2_000);
            assertEquals(Optional.of(ShedReason.OVERLOAD), refused);
            // the gate compares nanoseconds; whole milliseconds truncate, so a 50.4 ms wait that refused reads 50
            assertTrue(g.queueDelayMillis() >= 50, g.queueDelayMillis() + " ms");
            release.countDown();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            Optional<ShedReason> after = g.admit(0);
            while (after.isPresent() && System.nanoTime() < until) {
                Thread.sleep(10);
                after = g.admit(0);
            }
            assertEquals(Optional.empty(), after, "admitted again once the call threads caught up");
            assertTrue(g.shedCounts().get("overload") >= 1);
        } finally {
            release.countDown();
            g.unwatch();
            callThreads.shutdownNow();
            timers.shutdownNow();
        }
    }

    private static Optional<ShedReason> awaitRefusal(OverloadGate g, long ms) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (System.nanoTime() < until) {
            Optional<ShedReason> r = g.admit(0);
            if (r.isPresent()) {
                return r;
            }
            Thread.sleep(5);
        }
        return Optional.empty();
    }

    @Test
    void outOfRangeValuesAreLoggedAndReplacedByDefaults() {
        OverloadGate g = gate(Map.of("cps.max", -5, "calls.max", -1, "queue.delay.max.ms", 999_999));
        assertEquals(Optional.empty(), g.admit(1_000_000), "no limits: -5 and -1 fall back to 0 (off)");
    }
}
