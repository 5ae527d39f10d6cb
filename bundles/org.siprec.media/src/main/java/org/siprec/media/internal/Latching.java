package org.siprec.media.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which sources a relay side accepts packets from and sends to (config key {@code latching}). Whatever the mode,
 * packets from a source that is not accepted are dropped: not relayed, not forked to a recorder, counted.
 */
enum Latching {
    /** Only the address signalled in SDP: RTP from and to it, RTCP from and to its port + 1. No NAT traversal. */
    OFF,
    /**
     * The signalled address, or the first source that sends well-formed RTP or RTCP within {@code latch.window.ms}
     * of the address being signalled (NAT), and no other one afterwards; once the window has passed nothing latches.
     * The signalled address itself is always accepted. A new address in SDP opens a new window.
     */
    ONCE,
    /**
     * Whoever sent last: every packet's source becomes the side's remote. Works when an endpoint re-binds mid-call,
     * but anyone who can reach a relay port can take over that side's media (eavesdrop and inject).
     */
    FOLLOW;

    static final Latching DEFAULT = OFF;

    /** The config value: {@code off}, {@code once}, {@code follow}. */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a config value, case-insensitive, blanks trimmed.
     *
     * @throws IllegalArgumentException naming the valid values when the value is none of them
     */
    static Latching parse(String value) {
        String text = value == null ? "" : value.trim();
        for (Latching mode : values()) {
            if (mode.key().equalsIgnoreCase(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("latching=" + value + " is not one of "
                + Arrays.stream(values()).map(Latching::key).collect(Collectors.joining(", ")));
    }
}
