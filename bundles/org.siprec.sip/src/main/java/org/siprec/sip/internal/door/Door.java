package org.siprec.sip.internal.door;

import java.net.InetAddress;
import java.util.function.Predicate;

/**
 * What the door's parts share for one endpoint: its settings, counters, rate limiter and how to tell a trusted
 * source. Replaced as a whole when the configuration changes (the counters carry over).
 */
public record Door(DoorSettings settings, DoorCounters counters, SourceRateLimiter limiter, Predicate<InetAddress> trusted) {

    public static Door create(DoorSettings settings, DoorCounters counters, Predicate<InetAddress> trusted) {
        return new Door(settings, counters, new SourceRateLimiter(settings, counters, System.nanoTime()), trusted);
    }
}
