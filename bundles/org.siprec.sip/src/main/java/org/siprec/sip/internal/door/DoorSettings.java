package org.siprec.sip.internal.door;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The door's limits and rates (validated; a bad value is refused with a message naming its configuration key).
 *
 * @param maxUdpBytes largest datagram accepted; a larger one is dropped and counted
 * @param maxTcpBytes largest message accepted on a connection; a larger one closes the connection (the RI's
 *                    {@code MAX_MESSAGE_SIZE})
 * @param maxHeaders  most header lines in a request; more is answered 400
 * @param supportedOptionTags option tags a {@code Require} may name (lower case); others draw 420
 */
public record DoorSettings(int maxUdpBytes, int maxTcpBytes, int maxHeaders, double trustedRate, int trustedBurst,
        double untrustedRate, int untrustedBurst, int maxSources, Set<String> supportedOptionTags) {

    public static final DoorSettings DEFAULTS = new DoorSettings(65507, 65536, 128, 2000, 4000, 20, 40, 10000, Set.of("100rel"));

    public DoorSettings {
        check("max.message.size.udp", maxUdpBytes, 512, 65507);
        check("max.message.size.tcp", maxTcpBytes, 512, 16 * 1024 * 1024);
        check("max.header.count", maxHeaders, 16, 10000);
        check("rate.trusted.burst", trustedBurst, 1, 10_000_000);
        check("rate.untrusted.burst", untrustedBurst, 1, 10_000_000);
        check("rate.max.sources", maxSources, 16, 10_000_000);
        if (!(trustedRate > 0) || !(untrustedRate > 0)) {
            throw new IllegalArgumentException("rate.trusted.per.second and rate.untrusted.per.second must be > 0");
        }
        supportedOptionTags = Set.copyOf(supportedOptionTags);
    }

    private static void check(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    /** Option tags from a comma- or space-separated list, lower case. */
    public static Set<String> optionTags(String list) {
        Set<String> tags = new TreeSet<>();
        if (list != null) {
            for (String t : list.split("[,\\s]+")) {
                if (!t.isBlank()) {
                    tags.add(t.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return tags;
    }
}
