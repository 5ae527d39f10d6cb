package org.siprec.ops.metrics;

import java.util.ArrayList;
import java.util.List;
import org.siprec.api.ops.MetricsSample;

/**
 * The last {@code capacity} samples in a fixed array: adding to a full ring overwrites the oldest, so the memory a
 * history takes is bounded by its configuration whatever the uptime. Thread-safe (the sampler thread adds, HTTP
 * threads read).
 */
final class SampleRing {
    private final MetricsSample[] slots;
    /** Index of the next slot to write. */
    private int next;
    private int size;

    SampleRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        slots = new MetricsSample[capacity];
    }

    synchronized void add(MetricsSample sample) {
        slots[next] = sample;
        next = (next + 1) % slots.length;
        size = Math.min(size + 1, slots.length);
    }

    /** The samples held, oldest first. */
    synchronized List<MetricsSample> toList() {
        List<MetricsSample> list = new ArrayList<>(size + 1);
        int oldest = (next - size + slots.length) % slots.length;
        for (int i = 0; i < size; i++) {
            list.add(slots[(oldest + i) % slots.length]);
        }
        return list;
    }

    int capacity() {
        return slots.length;
    }
}
