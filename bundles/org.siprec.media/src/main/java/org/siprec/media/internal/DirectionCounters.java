package org.siprec.media.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;
import org.siprec.api.media.MediaDirection;
import org.siprec.api.media.PacketCounts;
import org.siprec.api.media.RelayStream.Side;

/**
 * The relay's RTP packet counts per {@link MediaDirection}, all streams together, for the metrics
 * ({@link RtpRelay#packetCounts(MediaDirection)}). The selector threads add to them (one {@link LongAdder} increment
 * per packet and count, no allocation); a scrape sums them. Counts never go down, so Prometheus' {@code rate()}
 * sees no false resets.
 */
final class DirectionCounters {
    /** RFC 3550 appendix A.1's MAX_DROPOUT: a larger jump forward is a restart of the sender, not a loss. */
    static final int MAX_DROPOUT = 3000;

    private final LongAdder[] received = {new LongAdder(), new LongAdder()};
    private final LongAdder[] sent = {new LongAdder(), new LongAdder()};
    private final LongAdder[] dropped = {new LongAdder(), new LongAdder()};
    private final LongAdder[] lost = {new LongAdder(), new LongAdder()};
    private final LongAdder srsReceived = new LongAdder();
    private final LongAdder srsSent = new LongAdder();
    private final LongAdder srsDropped = new LongAdder();

    /** An RTP packet accepted from {@code from}. */
    void received(Side from) {
        received[from.ordinal()].increment();
    }

    /** An RTP packet from {@code from} relayed to the other side. */
    void sent(Side from) {
        sent[from.ordinal()].increment();
    }

    /** An RTP packet from {@code from} accepted and not relayed. */
    void dropped(Side from) {
        dropped[from.ordinal()].increment();
    }

    /** {@code count} packets from {@code from} that never arrived. */
    void lost(Side from, int count) {
        lost[from.ordinal()].add(count);
    }

    /** A copy handed to a fork that has a target and is not paused; then {@link #srsSent} or {@link #srsDropped}. */
    void srsReceived() {
        srsReceived.increment();
    }

    void srsSent() {
        srsSent.increment();
    }

    void srsDropped() {
        srsDropped.increment();
    }

    PacketCounts counts(MediaDirection direction) {
        if (direction == MediaDirection.SRS) {
            return new PacketCounts(srsReceived.sum(), srsSent.sum(), srsDropped.sum(), 0);
        }
        int i = direction == MediaDirection.CALLER ? Side.A.ordinal() : Side.B.ordinal();
        return new PacketCounts(received[i].sum(), sent[i].sum(), dropped[i].sum(), lost[i].sum());
    }

    /**
     * The sequence-number tracking of one side of one stream, selector thread only: the packets a sender skipped are
     * counted as lost when a later one arrives. A new SSRC (another sender, a re-INVITE to another phone) starts
     * afresh; a packet older than the newest seen (reordered, duplicated) changes nothing, so a reordered packet is
     * counted lost when the gap it leaves is seen, even though it arrives afterwards.
     */
    static final class SequenceTracker {
        private boolean started;
        private int ssrc;
        private int highest;

        /**
         * @param packet a well-formed RTP packet at position 0
         * @return packets skipped before this one (0 for the first, a duplicate, a reordered one or a restart)
         */
        int skipped(ByteBuffer packet) {
            int source = packet.getInt(8);
            int sequence = ((packet.get(2) & 0xFF) << 8) | (packet.get(3) & 0xFF);
            if (!started || source != ssrc) {
                started = true;
                ssrc = source;
                highest = sequence;
                return 0;
            }
            int delta = (sequence - highest) & 0xFFFF;
            if (delta == 0 || delta >= 0x8000) {
                return 0; // a duplicate, or older than the newest seen
            }
            highest = sequence;
            return delta <= MAX_DROPOUT ? delta - 1 : 0;
        }
    }
}
