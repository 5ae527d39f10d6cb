package org.siprec.src.recording;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * SRSs (host:port) that refused a TCP connection recently. A recording session too large for UDP goes over TCP
 * (RFC 3261 18.1.1); to an SRS that refused TCP it goes over UDP at once for a while, so that each call does not pay
 * (and log) a failed connect.
 */
final class TcpRefusals {
    static final long REMEMBER_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final Map<String, Long> since = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    TcpRefusals(LongSupplier nanoClock) {
        this.clock = nanoClock;
    }

    boolean refused(String hostPort) {
        Long at = since.get(hostPort);
        if (at == null) {
            return false;
        }
        if (clock.getAsLong() - at > REMEMBER_NANOS) {
            since.remove(hostPort, at);
            return false;
        }
        return true;
    }

    void refusedBy(String hostPort) {
        since.put(hostPort, clock.getAsLong());
    }
}
