package org.siprec.sip.internal.door;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the door refused or dropped, by reason; read by operators ({@code siprec:status}). */
public final class DoorCounters {
    public static final String OVER_RATE_UNTRUSTED = "over-rate.untrusted.dropped";
    public static final String OVER_RATE_TRUSTED = "over-rate.trusted.503";
    /** A malformed or nonconforming request from a source the application does not admit: its refusal, not why. */
    public static final String UNTRUSTED_REFUSED = "untrusted.refused";
    public static final String SOURCES_OVERFLOW = "rate.sources.overflow";
    public static final String TOO_LARGE_DROPPED = "too-large.dropped";
    public static final String TOO_MANY_HEADERS = "too-many-headers.400";
    public static final String NO_VIA_DROPPED = "no-via.dropped";
    public static final String ACK_DROPPED = "bad-ack.dropped";
    /** An unparseable request without the headers a response needs (or carrying control characters in them). */
    public static final String UNANSWERABLE_DROPPED = "unanswerable.dropped";

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    void increment(String name) {
        counters.computeIfAbsent(name, n -> new LongAdder()).increment();
    }

    /** Counts one stateless answer of the door, e.g. {@code rejected.400}. */
    void rejected(int status) {
        increment("rejected." + status);
    }

    long get(String name) {
        LongAdder a = counters.get(name);
        return a == null ? 0 : a.sum();
    }

    /** A sorted copy of every counter that moved. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    /** The sum of every counter (what the door did in total). */
    long total() {
        long t = 0;
        for (LongAdder a : counters.values()) {
            t += a.sum();
        }
        return t;
    }
}
