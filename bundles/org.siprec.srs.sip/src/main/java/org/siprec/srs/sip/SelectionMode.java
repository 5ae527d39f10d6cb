package org.siprec.srs.sip;

import java.util.Locale;

/** How an SRS group picks the SRS that gets a new recording session (the others remain fall-backs, in order). */
enum SelectionMode {
    /** Always the first usable SRS in configuration order; the rest only when it fails. */
    HUNT("hunt"),
    /** Each new recording session to the next usable SRS in turn. */
    ROUND_ROBIN("round-robin"),
    /** Round-robin in proportion to each SRS's weight. */
    WEIGHTED("weighted"),
    /** The usable SRS with the fewest recording sessions in progress (ties taken in turn). */
    LEAST_BUSY("least-busy");

    final String key;

    SelectionMode(String key) {
        this.key = key;
    }

    /** @throws IllegalArgumentException naming selection.mode, the bad value and the allowed ones */
    static SelectionMode parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (SelectionMode m : values()) {
            if (m.key.equals(v)) {
                return m;
            }
        }
        throw new IllegalArgumentException("selection.mode: '" + value + "' is not a selection mode (hunt, round-robin, weighted, least-busy)");
    }
}
