package org.siprec.sip.internal.door;

import java.net.InetAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket per source IP address, in two classes (trusted, untrusted) with their own rate and burst. The
 * table is bounded: a source whose bucket has refilled is forgotten (it behaves like a new one), and when
 * {@code maxSources} are tracked anyway, further new sources of a class share one overflow bucket of that class
 * (so a spoofed-address flood cannot grow the table nor escape the limit).
 */
final class SourceRateLimiter {
    private static final long SWEEP_GAP_NANOS = 1_000_000_000L;

    private static final class Source {
        final TokenBucket bucket;
        final AtomicLong dropped = new AtomicLong();

        Source(TokenBucket bucket) {
            this.bucket = bucket;
        }
    }

    /** What the limiter did over one summary interval. */
    record Summary(long dropped, int sources, InetAddress top, long topCount) {
    }

    private final DoorSettings settings;
    private final Map<InetAddress, Source> sources = new ConcurrentHashMap<>();
    private final Source trustedOverflow;
    private final Source untrustedOverflow;
    private final DoorCounters counters;
    private final AtomicLong lastSweep = new AtomicLong();

    SourceRateLimiter(DoorSettings settings, DoorCounters counters, long nowNanos) {
        this.settings = settings;
        this.counters = counters;
        this.trustedOverflow = new Source(bucket(true, nowNanos));
        this.untrustedOverflow = new Source(bucket(false, nowNanos));
        lastSweep.set(nowNanos);
    }

    private TokenBucket bucket(boolean trusted, long now) {
        return trusted ? new TokenBucket(settings.trustedRate(), settings.trustedBurst(), now)
                : new TokenBucket(settings.untrustedRate(), settings.untrustedBurst(), now);
    }

    /** Whether one more request from this address is within its class's rate; counts it per source if not. */
    boolean admit(InetAddress address, boolean trusted, long nowNanos) {
        Source s = sources.get(address);
        if (s == null) {
            if (sources.size() >= settings.maxSources()) {
                sweep(nowNanos);
            }
            if (sources.size() >= settings.maxSources()) {
                counters.increment(DoorCounters.SOURCES_OVERFLOW);
                s = trusted ? trustedOverflow : untrustedOverflow;
            } else {
                s = sources.computeIfAbsent(address, a -> new Source(bucket(trusted, nowNanos)));
            }
        }
        if (s.bucket.tryTake(nowNanos)) {
            return true;
        }
        s.dropped.incrementAndGet();
        return false;
    }

    /** Forgets the sources whose bucket is full again (at most once a second). */
    void sweep(long nowNanos) {
        long last = lastSweep.get();
        if (nowNanos - last < SWEEP_GAP_NANOS || !lastSweep.compareAndSet(last, nowNanos)) {
            return;
        }
        for (Iterator<Source> it = sources.values().iterator(); it.hasNext();) {
            Source s = it.next();
            if (s.dropped.get() == 0 && s.bucket.full(nowNanos)) {
                it.remove();
            }
        }
    }

    int tracked() {
        return sources.size();
    }

    /** The drops since the last summary, by source; resets the per-source drop counts. */
    Summary summary() {
        long total = 0;
        int count = 0;
        InetAddress top = null;
        long topCount = 0;
        for (Map.Entry<InetAddress, Source> e : sources.entrySet()) {
            long d = e.getValue().dropped.getAndSet(0);
            if (d > 0) {
                total += d;
                count++;
                if (d > topCount) {
                    topCount = d;
                    top = e.getKey();
                }
            }
        }
        for (Source overflow : new Source[] {trustedOverflow, untrustedOverflow}) {
            long d = overflow.dropped.getAndSet(0);
            if (d > 0) {
                total += d;
                count++;
            }
        }
        return new Summary(total, count, top, topCount);
    }
}
