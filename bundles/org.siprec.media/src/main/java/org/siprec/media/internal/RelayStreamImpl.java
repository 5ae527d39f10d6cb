package org.siprec.media.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.siprec.api.media.ForkStream;
import org.siprec.api.media.MediaException;
import org.siprec.api.media.RelayStream;
import org.siprec.media.internal.PortPool.BoundPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One anchored stream: per side an RTP/RTCP channel pair, all four registered on one {@link SelectorLoop}, which is
 * the only thread that reads them, sends from them, latches and counts.
 *
 * <p>Latching: a side's remote starts as the address announced in SDP ({@link #remote(Side, InetSocketAddress)}, RTCP
 * at port + 1). Every packet received on a side's RTP port makes its source that side's RTP remote; every packet on
 * the RTCP port makes its source the RTCP remote. So the relay follows the most recent source (simple, works through
 * NAT and after an endpoint re-binds; the price is that anybody able to send to our port can redirect that side's
 * media, as with most symmetric-RTP relays). Until RTCP latches, RTCP goes to the RTP remote's port + 1. Announcing
 * the same address again keeps the latch; announcing a different one drops it; {@code null} holds the side: nothing
 * is sent to it and nothing latches until a new address is announced.
 *
 * <p>Forking: {@link #fork(Side)} adds, per direction, a {@link ForkStreamImpl} with its own port pair from the same
 * pool, registered on the same loop. Each RTP packet received from that side is first relayed, then its SSRC is
 * rewritten in the selector's buffer and the same buffer is sent to the fork's target: no copy, no allocation.
 */
final class RelayStreamImpl implements RelayStream {
    private static final Logger LOG = LoggerFactory.getLogger(RelayStreamImpl.class);

    /** Immutable snapshot of where a side's packets go; replaced by compare-and-set, so reading it is one volatile load. */
    record Peer(InetSocketAddress announced, InetSocketAddress rtp, InetSocketAddress rtcp, boolean rtcpLatched,
            boolean held) {
        static final Peer NONE = new Peer(null, null, null, false, false);
        static final Peer HELD = new Peer(null, null, null, false, true);

        static Peer announced(InetSocketAddress address) {
            return address == null ? HELD : new Peer(address, address, plusOne(address), false, false);
        }

        Peer latchRtp(InetSocketAddress source) {
            return new Peer(announced, source, rtcpLatched ? rtcp : plusOne(source), rtcpLatched, false);
        }

        Peer latchRtcp(InetSocketAddress source) {
            return new Peer(announced, rtp, source, true, false);
        }

        private static InetSocketAddress plusOne(InetSocketAddress address) {
            return new InetSocketAddress(address.getAddress(), address.getPort() + 1);
        }
    }

    /** Per-side state; index 0 = A, 1 = B. */
    private static final class SideState {
        final BoundPair ports;
        final AtomicReference<Peer> peer = new AtomicReference<>(Peer.NONE);
        final LongAdder rtpReceived = new LongAdder();
        final LongAdder rtpSent = new LongAdder();
        final LongAdder rtcpReceived = new LongAdder();
        final LongAdder rtcpSent = new LongAdder();
        final LongAdder dropped = new LongAdder();
        /** The recording copy of what this side sends, once {@link #fork(Side)} was called; written under the lock. */
        volatile ForkStreamImpl fork;

        SideState(BoundPair ports) {
            this.ports = ports;
        }
    }

    private final String name;
    private final SelectorLoop loop;
    private final PortPool pool;
    private final Ssrcs ssrcs;
    private final SideState[] sides;
    /** Guarded by {@code this}: {@link #fork(Side)} and {@link #close()} must not interleave. */
    private boolean closed;
    private volatile RelayTap tap;

    RelayStreamImpl(String name, SelectorLoop loop, PortPool pool, Ssrcs ssrcs, BoundPair a, BoundPair b) {
        this.name = name;
        this.loop = loop;
        this.pool = pool;
        this.ssrcs = ssrcs;
        this.sides = new SideState[] {new SideState(a), new SideState(b)};
    }

    /** Registers the four channels with the loop; packets arriving before that wait in the socket buffers. */
    void start() {
        loop.streams().incrementAndGet();
        for (Side side : Side.values()) {
            BoundPair ports = sides[side.ordinal()].ports;
            loop.register(ports.rtp(), new Endpoint(this, side, false));
            loop.register(ports.rtcp(), new Endpoint(this, side, true));
        }
    }

    @Override
    public int localPort(Side side) {
        return sides[side.ordinal()].ports.port();
    }

    /** The local address the ports are bound to, to be announced in SDP ({@code c=} line). */
    InetAddress localAddress() {
        return pool.bindAddress();
    }

    @Override
    public void remote(Side side, InetSocketAddress rtp) {
        if (rtp != null && (rtp.isUnresolved() || rtp.getPort() <= 0 || rtp.getPort() >= 65535)) {
            throw new IllegalArgumentException("not a usable RTP address: " + rtp);
        }
        AtomicReference<Peer> ref = sides[side.ordinal()].peer;
        Peer current;
        Peer next;
        do {
            current = ref.get();
            if (rtp != null && rtp.equals(current.announced())) {
                return; // same SDP again (session refresh): keep what has latched
            }
            next = Peer.announced(rtp);
        } while (!ref.compareAndSet(current, next));
        LOG.debug("{}: side {} remote announced {}", name, side, rtp);
    }

    @Override
    public InetSocketAddress remote(Side side) {
        return sides[side.ordinal()].peer.get().rtp();
    }

    /** The address RTCP is currently sent to for a side, or {@code null}. */
    InetSocketAddress remoteRtcp(Side side) {
        return sides[side.ordinal()].peer.get().rtcp();
    }

    @Override
    public long packetsReceived(Side side) {
        return sides[side.ordinal()].rtpReceived.sum();
    }

    @Override
    public long packetsSent(Side side) {
        return sides[side.ordinal()].rtpSent.sum();
    }

    long rtcpReceived(Side side) {
        return sides[side.ordinal()].rtcpReceived.sum();
    }

    long rtcpSent(Side side) {
        return sides[side.ordinal()].rtcpSent.sum();
    }

    /** Packets (RTP and RTCP) received from a side that could not be relayed to the other side. */
    long packetsDropped(Side side) {
        return sides[side.ordinal()].dropped.sum();
    }

    /**
     * Allocates (once) the fork of the RTP received from {@code from}: a port pair from the stream's pool (so it is on
     * the stream's address and goes back to the same pool), a fresh SSRC, both channels registered on the stream's
     * loop with their input discarded. Nothing is sent until {@link ForkStream#target(InetSocketAddress)} is set.
     */
    @Override
    public synchronized ForkStream fork(Side from) throws MediaException {
        Objects.requireNonNull(from, "from");
        if (closed) {
            throw new MediaException("media stream " + name + " is closed");
        }
        SideState side = sides[from.ordinal()];
        ForkStreamImpl fork = side.fork;
        if (fork == null) {
            BoundPair ports = pool.allocate();
            fork = new ForkStreamImpl(name + "/fork-" + from, from, ports, pool.bindAddress(), ssrcs.allocate());
            loop.register(ports.rtp(), new Endpoint(this, from, false, fork));
            loop.register(ports.rtcp(), new Endpoint(this, from, true, fork));
            side.fork = fork;
            LOG.debug("{}: fork of side {} on port {} with SSRC {}", name, from, ports.port(), fork.ssrc());
        }
        return fork;
    }

    /** The fork of a side, or {@code null} if none was asked for. */
    ForkStreamImpl existingFork(Side from) {
        return sides[from.ordinal()].fork;
    }

    /** Sets or clears (null) the tap that sees every packet; see {@link RelayTap}. */
    void tap(RelayTap tap) {
        this.tap = tap;
    }

    /** The loop that owns this stream: a fork registers its own channels here to stay single-threaded. */
    SelectorLoop loop() {
        return loop;
    }

    /**
     * Hot path, selector thread only: latch the source, relay to the other side's remote out of the other side's port,
     * show the packet to the tap, then (RTP only) hand the same buffer to the side's fork, which rewrites the SSRC in
     * place. The relay and the tap always see the packet as received.
     */
    void received(Endpoint endpoint, ByteBuffer packet, InetSocketAddress source) {
        int length = packet.limit();
        SideState from = sides[endpoint.side.ordinal()];
        SideState to = sides[endpoint.side.other().ordinal()];
        boolean rtcp = endpoint.rtcp;
        latch(from.peer, rtcp, source);
        (rtcp ? from.rtcpReceived : from.rtpReceived).increment();

        Peer target = to.peer.get();
        InetSocketAddress address = rtcp ? target.rtcp() : target.rtp();
        if (address == null) {
            from.dropped.increment(); // the other side has no remote yet, or is held
        } else {
            DatagramChannel out = rtcp ? to.ports.rtcp() : to.ports.rtp();
            try {
                if (out.send(packet, address) > 0) {
                    (rtcp ? to.rtcpSent : to.rtpSent).increment();
                } else {
                    from.dropped.increment(); // socket send buffer full
                }
            } catch (IOException e) {
                from.dropped.increment();
                LOG.debug("{}: relaying {} to {} failed: {}", endpoint, rtcp ? "RTCP" : "RTP", address, e.toString());
            }
        }

        RelayTap t = tap;
        if (t != null) {
            packet.rewind();
            t.packet(endpoint.side, rtcp, packet);
        }

        if (!rtcp) {
            ForkStreamImpl fork = from.fork;
            if (fork != null) {
                packet.limit(length).position(0); // the relay's send consumed it; the tap may have moved it
                fork.send(packet);
            }
        }
    }

    private void latch(AtomicReference<Peer> ref, boolean rtcp, InetSocketAddress source) {
        Peer current = ref.get();
        if (current.held() || source.equals(rtcp ? current.rtcp() : current.rtp())) {
            return; // the usual case: no change, no allocation
        }
        Peer next = rtcp ? current.latchRtcp(source) : current.latchRtp(source);
        // losing the race against remote(side, addr) is fine: the next packet latches again
        if (ref.compareAndSet(current, next) && LOG.isDebugEnabled()) {
            LOG.debug("{}: latched {} to {} (was {})", this, rtcp ? "RTCP" : "RTP", source,
                    rtcp ? current.rtcp() : current.rtp());
        }
    }

    /**
     * Closes the four channels and those of the forks on the selector thread, then returns all their ports to the pool
     * and the forks' SSRCs. Idempotent.
     */
    void close() {
        List<ForkStreamImpl> forks = new ArrayList<>(2);
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true; // no fork can be added from now on
            for (SideState side : sides) {
                if (side.fork != null) {
                    forks.add(side.fork);
                }
            }
        }
        loop.executeAndWait(() -> {
            List<DatagramChannel> channels = new ArrayList<>(4 + 2 * forks.size());
            for (SideState side : sides) {
                channels.add(side.ports.rtp());
                channels.add(side.ports.rtcp());
            }
            for (ForkStreamImpl fork : forks) {
                channels.add(fork.ports().rtp());
                channels.add(fork.ports().rtcp());
            }
            loop.closeChannels(channels.toArray(new DatagramChannel[0]));
            for (SideState side : sides) {
                pool.release(side.ports.port());
            }
            for (ForkStreamImpl fork : forks) {
                pool.release(fork.ports().port());
                ssrcs.release(fork.ssrcBits());
            }
            loop.streams().decrementAndGet();
        });
        for (ForkStreamImpl fork : forks) {
            LOG.debug("{}: closed, {} copies sent, {} dropped", fork, fork.packetsSent(), fork.packetsDropped());
        }
        LOG.debug("{}: closed (A rx {} tx {}, B rx {} tx {})", name, packetsReceived(Side.A), packetsSent(Side.A),
                packetsReceived(Side.B), packetsSent(Side.B));
    }

    @Override
    public String toString() {
        return name;
    }
}
