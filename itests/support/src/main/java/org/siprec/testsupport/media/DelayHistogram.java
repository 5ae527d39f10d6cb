package org.siprec.testsupport.media;

/**
 * Added delay (receive time minus send time) of many packets in 10 µs buckets up to 1 s, so that a run of
 * 200,000 packets/s keeps a fixed footprint; percentiles are therefore exact to 10 µs, and the maximum is exact.
 * One writer thread (the sink's receiver), read after the run.
 */
public final class DelayHistogram {
    static final long BUCKET_NANOS = 10_000;
    private static final int BUCKETS = 100_000; // 1 s; later packets land in the last bucket (and in max)
    private final long[] counts = new long[BUCKETS];
    private long total;
    private long maxNanos;

    public void record(long delayNanos) {
        long d = Math.max(0, delayNanos);
        counts[(int) Math.min(BUCKETS - 1, d / BUCKET_NANOS)]++;
        total++;
        maxNanos = Math.max(maxNanos, d);
    }

    public long count() {
        return total;
    }

    public long maxNanos() {
        return maxNanos;
    }

    /** The upper edge of the bucket holding the p-th percentile (0 < p <= 100), capped at the maximum; 0 if empty. */
    public long percentileNanos(double p) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(p / 100.0 * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(maxNanos, (i + 1) * BUCKET_NANOS);
            }
        }
        return maxNanos;
    }
}
