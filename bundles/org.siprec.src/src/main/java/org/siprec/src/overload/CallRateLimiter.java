package org.siprec.src.overload;

import java.util.function.LongSupplier;

/** A token bucket of new calls: {@code perSecond} a second, a burst of one second's worth. */
final class CallRateLimiter {
    private static final long SECOND = 1_000_000_000L;

    private final LongSupplier clock;
    private final int perSecond;
    private double tokens;
    private long last;

    CallRateLimiter(int perSecond, LongSupplier clock) {
        this.perSecond = perSecond;
        this.clock = clock;
        this.tokens = perSecond;
        this.last = clock.getAsLong();
    }

    synchronized boolean tryTake() {
        long now = clock.getAsLong();
        tokens = Math.min(perSecond, tokens + (now - last) * (double) perSecond / SECOND);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
