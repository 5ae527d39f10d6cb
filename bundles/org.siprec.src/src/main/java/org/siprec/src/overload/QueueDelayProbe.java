package org.siprec.src.overload;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How long work waits in an executor before it runs, measured by sending it a no-op now and then: the cheapest
 * honest sign that a node has more calls than CPU (the wait includes the time the OS keeps a ready thread off the
 * CPU), and one that costs nothing per call. While a probe is still waiting, its age counts, so a stalled executor
 * is seen at once rather than when the probe finally runs.
 */
final class QueueDelayProbe {
    static final long NONE = Long.MIN_VALUE;

    private final LongSupplier clock;
    private volatile long lastDelayNanos;
    private volatile long outstandingSince = NONE;
    private ScheduledFuture<?> schedule;

    QueueDelayProbe(LongSupplier clock) {
        this.clock = clock;
    }

    /** Probes {@code work} every {@code periodMillis} on {@code timers} until {@link #stop()}. */
    synchronized void start(Executor work, ScheduledExecutorService timers, long periodMillis) {
        stop();
        schedule = timers.scheduleWithFixedDelay(() -> probe(work), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (schedule != null) {
            schedule.cancel(false);
            schedule = null;
        }
        outstandingSince = NONE;
        lastDelayNanos = 0;
    }

    /** Sends one probe unless the last one has not run yet. */
    void probe(Executor work) {
        if (outstandingSince != NONE) {
            return;
        }
        long sent = clock.getAsLong();
        outstandingSince = sent;
        try {
            work.execute(() -> {
                lastDelayNanos = clock.getAsLong() - sent;
                outstandingSince = NONE;
            });
        } catch (RejectedExecutionException e) {
            outstandingSince = NONE; // the executor is shutting down: nothing to measure
        }
    }

    /** The wait work meets now: the last probe's, or longer if a probe has been waiting longer than that. */
    long delayNanos() {
        long since = outstandingSince;
        long last = lastDelayNanos;
        return since == NONE ? last : Math.max(last, clock.getAsLong() - since);
    }
}
