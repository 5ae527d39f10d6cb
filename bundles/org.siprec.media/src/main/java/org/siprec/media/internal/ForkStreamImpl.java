package org.siprec.media.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.atomic.LongAdder;
import org.siprec.api.media.ForkStream;
import org.siprec.api.media.RelayStream.Side;
import org.siprec.media.rtp.PortPool.PortPair;
import org.siprec.media.rtp.RtpPacket;
import org.siprec.media.srtp.SdesCrypto;
import org.siprec.media.srtp.SrtpMasterKey;
import org.siprec.media.srtp.SrtpProfile;
import org.siprec.media.srtp.SrtpStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording copy of one direction of a {@link RelayStreamImpl}: its own RTP/RTCP port pair from the pool,
 * registered on the stream's {@link SelectorLoop}, and its own SSRC. The stream calls {@link #send(ByteBuffer)} on
 * the selector thread with every packet accepted from side {@link #from()} on its RTP port, after relaying it; a
 * well-formed RTP packet leaves from this fork's RTP port with its SSRC replaced by {@link #ssrc()}, anything else
 * (RTCP multiplexed on the RTP port, garbage) is not forked. Whatever arrives on the fork's ports
 * (RTCP receiver reports from the SRS, stray packets) is read and discarded.
 *
 * <p>{@link #target(InetSocketAddress)} and {@link #paused(boolean)} are called from the SRC's call threads; they are
 * volatile fields read once per packet by the selector thread, which is the only thread that sends and counts.
 */
final class ForkStreamImpl implements ForkStream {
    private static final Logger LOG = LoggerFactory.getLogger(ForkStreamImpl.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Room for the largest RTP packet the loop reads plus the tag. */
    private static final int SRTP_BUFFER = 2048;

    /**
     * The SRTP state of the copies: published whole through a volatile field, then used by the selector thread only.
     * The packet is encrypted into the fork's own buffer, so the loop's buffer stays plaintext for any other reader.
     *
     * <p>The copies' sequence numbers are the fork's own, kept contiguous: the relayed source can jump (a transfer, a
     * new party with its own sequence space) while the fork keeps one SSRC, and a jump would make an SRTP receiver
     * guess the wrong rollover counter (RFC 3711 section 3.3.1: the packets fail authentication or count as replays)
     * and could make the sender reuse a packet index, i.e. keystream. Small steps (loss, reordering) are kept.
     */
    private static final class Srtp {
        /** Steps of the source's sequence number up to this (either way) are kept; larger ones count as one. */
        private static final int MAX_STEP = 1000;
        final SrtpStream stream;
        final ByteBuffer buffer;
        private boolean started;
        private int lastIn;
        private int lastOut;

        Srtp(SrtpStream stream, ByteBuffer buffer) {
            this.stream = stream;
            this.buffer = buffer;
        }

        /** The sequence number the copy of a packet with source sequence number {@code in} gets. */
        int sequence(int in) {
            if (!started) {
                started = true;
                lastIn = in;
                lastOut = in;
                return in;
            }
            int step = (short) (in - lastIn); // -32768..32767 across the wrap
            if (Math.abs(step) > MAX_STEP) {
                step = 1; // a new sequence space: go on from where the copies are
            }
            int out = (lastOut + step) & 0xFFFF;
            if (step > 0) {
                lastIn = in;
                lastOut = out;
            }
            return out;
        }
    }

    private final String name;
    private final Side from;
    private final PortPair ports;
    private final int ssrc;
    private final boolean ipv4;
    private volatile InetSocketAddress target;
    private volatile boolean paused;
    private volatile Srtp srtp;
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder discarded = new LongAdder();
    private final DirectionCounters counters;

    /** @param counters the relay-wide counts, whose {@link org.siprec.api.media.MediaDirection#SRS} this adds to */
    ForkStreamImpl(String name, Side from, PortPair ports, InetAddress bindAddress, int ssrc,
            DirectionCounters counters) {
        this.counters = counters;
        this.name = name;
        this.from = from;
        this.ports = ports;
        this.ssrc = ssrc;
        this.ipv4 = bindAddress instanceof Inet4Address;
    }

    Side from() {
        return from;
    }

    PortPair ports() {
        return ports;
    }

    @Override
    public int localPort() {
        return ports.rtpPort();
    }

    @Override
    public long ssrc() {
        return Integer.toUnsignedLong(ssrc);
    }

    /** The SSRC as written into the packets (for {@link Ssrcs#release(int)}). */
    int ssrcBits() {
        return ssrc;
    }

    @Override
    public void target(InetSocketAddress rtp) {
        if (rtp != null && (rtp.isUnresolved() || rtp.getPort() <= 0
                || (ipv4 && !(rtp.getAddress() instanceof Inet4Address)))) {
            // an IPv4 channel cannot reach an IPv6 SRS; an IPv6 (dual-stack) channel reaches both
            throw new IllegalArgumentException("not a usable RTP address for " + name + ": " + rtp);
        }
        target = rtp;
        LOG.debug("{}: target {}", name, rtp);
    }

    /** The current target, or {@code null}. */
    InetSocketAddress target() {
        return target;
    }

    @Override
    public void paused(boolean paused) {
        this.paused = paused;
        LOG.debug("{}: {}", name, paused ? "paused" : "resumed");
    }

    @Override
    public boolean paused() {
        return paused;
    }

    @Override
    public String srtpOffer() {
        SdesCrypto crypto = new SdesCrypto(1, SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpMasterKey.random(RANDOM));
        srtp = new Srtp(new SrtpStream(crypto), ByteBuffer.allocateDirect(SRTP_BUFFER));
        LOG.debug("{}: copies as SRTP under a new key", name);
        return crypto.value();
    }

    @Override
    public void plainRtp() {
        srtp = null;
    }

    @Override
    public boolean srtp() {
        return srtp != null;
    }

    @Override
    public long packetsSent() {
        return sent.sum();
    }

    /** Copies that could not be sent (socket send buffer full, I/O error). */
    long packetsDropped() {
        return dropped.sum();
    }

    /** Datagrams received on the fork's ports (RTCP from the SRS, anything else) and thrown away. */
    long packetsDiscarded() {
        return discarded.sum();
    }

    /**
     * Hot path, selector thread only: sends the RTP packet in {@code packet} (position 0, limit = length) to the
     * target with the SSRC rewritten <em>in place</em>; the caller must be done with the original bytes. Does nothing
     * without a target, while paused, or for a datagram that is not well-formed RTP. Allocates nothing.
     */
    void send(ByteBuffer packet) {
        InetSocketAddress to = target;
        if (to == null || paused || RtpPacket.check(packet) != RtpPacket.Verdict.RTP) {
            return;
        }
        counters.srsReceived();
        RtpPacket.writeSsrc(packet, ssrc);
        ByteBuffer out = packet;
        Srtp s = srtp;
        if (s != null) {
            if (packet.remaining() + s.stream.profile().tagLength() > SRTP_BUFFER) {
                dropped.increment(); // larger than any G.711 or usual audio packet: not worth a bigger buffer
                return;
            }
            int n = packet.remaining();
            out = s.buffer;
            out.clear();
            out.put(0, packet, packet.position(), n); // absolute: no view allocated per packet
            out.limit(n);
            out.putShort(2, (short) s.sequence(out.getShort(2) & 0xFFFF));
            s.stream.protect(out);
        }
        try {
            if (ports.rtp().send(out, to) > 0) {
                sent.increment();
                counters.srsSent();
            } else {
                dropped.increment(); // socket send buffer full
                counters.srsDropped();
            }
        } catch (IOException e) {
            dropped.increment();
            counters.srsDropped();
            LOG.debug("{}: sending a copy to {} failed: {}", name, to, e.toString());
        }
    }

    /** Selector thread: a datagram arrived on one of the fork's own ports; it is not used. */
    void discard() {
        discarded.increment();
    }

    @Override
    public String toString() {
        return name;
    }
}
