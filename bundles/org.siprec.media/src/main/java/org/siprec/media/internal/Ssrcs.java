package org.siprec.media.internal;

import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SSRCs of the live forks of one relay. Each fork gets a random non-zero 32-bit SSRC (RFC 3550 section 8: chosen
 * randomly) that no other live fork of the relay has, so the streams of one recording session are always distinct
 * (RFC 7866 section 8.1.8) without relying on luck. Used only when a fork is created or closed, never per packet.
 */
final class Ssrcs {
    private final SecureRandom random = new SecureRandom();
    private final Set<Integer> inUse = ConcurrentHashMap.newKeySet();

    /** A fresh SSRC, reserved until {@link #release(int)}. */
    int allocate() {
        while (true) {
            int ssrc = random.nextInt();
            if (ssrc != 0 && inUse.add(ssrc)) {
                return ssrc;
            }
        }
    }

    void release(int ssrc) {
        inUse.remove(ssrc);
    }

    /** SSRCs currently reserved. */
    int size() {
        return inUse.size();
    }
}
