package org.siprec.src.overload;

import java.util.Locale;

/** Why a new call was refused before anything was committed to it. */
public enum ShedReason {
    /** The call threads are behind: work waits longer than {@code queue.delay.max.ms}. */
    OVERLOAD,
    /** More new calls per second than {@code cps.max}. */
    RATE,
    /** As many calls in progress as {@code calls.max}. */
    CALLS;

    /** The label in counters and metrics: {@code overload}, {@code rate}, {@code calls}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
