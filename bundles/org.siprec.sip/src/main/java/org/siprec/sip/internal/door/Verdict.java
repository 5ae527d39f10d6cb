package org.siprec.sip.internal.door;

import java.util.List;

/**
 * The door's decision on one request that must not go on: a status to answer statelessly with its reason phrase,
 * or a silent drop ({@link #DROP}); {@code counter} names the door counter it adds to; {@code unsupported} the
 * option tags a 420 lists.
 */
record Verdict(int status, String reason, String counter, List<String> unsupported) {
    static final int DROP = -1;

    Verdict(int status, String reason, String counter) {
        this(status, reason, counter, List.of());
    }

    static Verdict reject(int status, String reason) {
        return new Verdict(status, reason, "rejected." + status);
    }

    static Verdict drop(String counter, String why) {
        return new Verdict(DROP, why, counter);
    }

    boolean dropped() {
        return status == DROP;
    }
}
