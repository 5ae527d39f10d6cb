package org.siprec.testsupport.media;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * What one kind of sink (caller, callee or SRS) received: per stream (call and direction) the distinct sequence
 * numbers, so a duplicate is counted as such and not as a saved loss, and the added delay of every first copy.
 */
public final class SinkStats {
    private final String name;
    private final Map<Long, BitSet> streams = new HashMap<>();
    private final DelayHistogram delay = new DelayHistogram();
    private long duplicates;

    public SinkStats(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void received(int call, int direction, int seq, long delayNanos) {
        BitSet seen = streams.computeIfAbsent(((long) call << 1) | direction, k -> new BitSet());
        if (seen.get(seq)) {
            duplicates++;
            return;
        }
        seen.set(seq);
        delay.record(delayNanos);
    }

    /** Distinct packets received. */
    public long received() {
        return delay.count();
    }

    public long duplicates() {
        return duplicates;
    }

    public int streams() {
        return streams.size();
    }

    public DelayHistogram delay() {
        return delay;
    }
}
