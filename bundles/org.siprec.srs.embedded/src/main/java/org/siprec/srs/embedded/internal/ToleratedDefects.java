package org.siprec.srs.embedded.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the SRS tolerates in what SRCs send (pre-RFC metadata, {@code ;src} for {@code +sip.src}, a missing
 * {@code Require: siprec}, ...): counted per SRC and kind, and logged once per SRC and kind, because a deployed SRC
 * repeats the same defect in every recording session and a log line per message would bury everything else.
 * An SRC is its IP address (its source port changes from message to message over UDP and TCP).
 */
final class ToleratedDefects {
    /** Bounds the memory a flood of spoofed source addresses could take; later SRCs are counted under "other". */
    static final int MAX_SRCS = 1024;
    static final String OTHER = "other";
    /** Kinds may quote the peer (a namespace): bounded per SRC too; later kinds are counted under "other defects". */
    static final int MAX_KINDS = 32;
    static final String OTHER_KINDS = "other defects";
    private static final Logger LOG = LoggerFactory.getLogger(ToleratedDefects.class);
    private final Map<String, Map<String, LongAdder>> bySrc = new ConcurrentHashMap<>();

    /** Counts one occurrence; the first one of this kind from this SRC is logged. */
    void note(String src, String defect) {
        String key = bySrc.containsKey(src) || bySrc.size() < MAX_SRCS ? src : OTHER;
        boolean[] first = {false};
        Map<String, LongAdder> counts = bySrc.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
        String kind = counts.containsKey(defect) || counts.size() < MAX_KINDS ? defect : OTHER_KINDS;
        counts.computeIfAbsent(kind, d -> {
            first[0] = true;
            return new LongAdder();
        }).increment();
        if (first[0]) {
            LOG.warn("SRC {} sends {}: tolerated (logged once per SRC, counted)", key, kind);
        }
    }

    /** The counts of one SRC by kind of defect, sorted by kind; empty when it sent none. */
    Map<String, Long> of(String src) {
        Map<String, Long> result = new TreeMap<>();
        Map<String, LongAdder> counts = bySrc.get(src);
        if (counts != null) {
            counts.forEach((k, v) -> result.put(k, v.sum()));
        }
        return result;
    }
}
