package org.siprec.api.model;

import java.util.Locale;
import java.util.Optional;

/**
 * A party's wish about being recorded, as its SDP says with {@code a=recordpref} (RFC 7866 section 6.3). The policy
 * engine treats {@link #OFF} as a reason not to record unless a decision is mandatory; the other values are
 * information for policies.
 */
public enum RecordingPreference {
    /** {@code a=recordpref:on}: the party asks to be recorded. */
    ON("on"),
    /** {@code a=recordpref:off}: the party asks not to be recorded. */
    OFF("off"),
    /** {@code a=recordpref:pause}: the party asks that a running recording be paused. */
    PAUSE("pause"),
    /** {@code a=recordpref:nopreference}, or no {@code a=recordpref} at all. */
    NOPREFERENCE("nopreference");

    private final String token;

    RecordingPreference(String token) {
        this.token = token;
    }

    /** The value as written in SDP. */
    public String token() {
        return token;
    }

    /** The preference an {@code a=recordpref} value names (case-insensitive), or empty for an unknown value. */
    public static Optional<RecordingPreference> fromToken(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String t = token.strip().toLowerCase(Locale.ROOT);
        for (RecordingPreference p : values()) {
            if (p.token.equals(t)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
