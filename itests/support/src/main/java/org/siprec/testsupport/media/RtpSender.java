package org.siprec.testsupport.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The one sender thread: every 20 ms one packet per stream, the N calls' packets spread evenly over the 20 ms so
 * that the relay sees a steady rate and not 2N packets at once. Scheduled by absolute time (start + tick × 20 ms
 * + call offset), so a late wake-up does not shift the rest of the run; the payload's timestamp is taken just
 * before each send, so the sender's own lateness is reported apart ({@link #maxLateNanos()}) and never counted
 * as the path's delay.
 */
public final class RtpSender {
    static final long PTIME_NANOS = 20_000_000L;

    /** One direction of one call: the socket it is sent from (its SDP address) and where it goes (the relay). */
    public record Leg(int call, int direction, DatagramChannel from, InetSocketAddress to) {
    }

    private final List<Leg> legs;
    private long[] sent;
    private long maxLateNanos;
    private long sendErrors;

    public RtpSender(List<Leg> legs) {
        this.legs = legs;
    }

    /** Sends for {@code durationNanos}, on the calling thread. */
    public void run(long durationNanos) {
        sent = new long[legs.size()];
        ByteBuffer buf = ByteBuffer.allocateDirect(RtpProbe.SIZE);
        int calls = legs.stream().mapToInt(Leg::call).max().orElse(-1) + 1;
        long slot = calls == 0 ? PTIME_NANOS : PTIME_NANOS / calls;
        long start = System.nanoTime() + 1_000_000;
        int ticks = (int) (durationNanos / PTIME_NANOS);
        for (int tick = 0; tick < ticks; tick++) {
            for (int i = 0; i < legs.size(); i++) {
                Leg leg = legs.get(i);
                long due = start + tick * PTIME_NANOS + leg.call() * slot;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long now = System.nanoTime();
                maxLateNanos = Math.max(maxLateNanos, now - due);
                RtpProbe.write(buf, leg.call(), leg.direction(), tick, now);
                try {
                    if (leg.from().send(buf, leg.to()) > 0) {
                        sent[i]++;
                    } else {
                        sendErrors++; // socket send buffer full: not sent, so not expected anywhere
                    }
                } catch (IOException e) {
                    sendErrors++;
                }
            }
        }
    }

    /** Packets sent per direction ({@link RtpProbe#CALLER_TO_CALLEE}, {@link RtpProbe#CALLEE_TO_CALLER}). */
    public long sent(int direction) {
        long n = 0;
        for (int i = 0; i < legs.size(); i++) {
            if (legs.get(i).direction() == direction) {
                n += sent[i];
            }
        }
        return n;
    }

    public long maxLateNanos() {
        return maxLateNanos;
    }

    public long sendErrors() {
        return sendErrors;
    }
}
