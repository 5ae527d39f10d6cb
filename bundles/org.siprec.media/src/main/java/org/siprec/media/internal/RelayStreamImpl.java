package org.siprec.media.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.siprec.api.media.ForkStream;
import org.siprec.api.media.MediaException;
import org.siprec.api.media.Playback;
import org.siprec.api.media.PlaybackListener;
import org.siprec.api.media.RelayStream;
import org.siprec.api.media.TelephoneEventListener;
import org.siprec.media.rtp.G711;
import org.siprec.media.rtp.PortPool;
import org.siprec.media.rtp.PortPool.PortPair;
import org.siprec.media.rtp.PortsExhaustedException;
import org.siprec.media.rtp.RtpPacket;
import org.siprec.media.rtp.SelectorLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One anchored stream: per side an RTP/RTCP channel pair, all four registered on one {@link SelectorLoop}, which is
 * the only thread that reads them, sends from them, latches and counts.
 *
 * <p>Latching ({@link Latching}, fixed when the stream opens): a side's remote starts as the address announced in
 * SDP ({@link #remote(Side, InetSocketAddress)}, RTCP at port + 1). Each packet is first checked against the side's
 * accepted source: in {@link Latching#OFF} only the announced address (RTCP: its port + 1); in {@link Latching#ONCE}
 * the announced address, or, while the latch is open, the first source that sends a well-formed RTP or RTCP packet
 * (RTCP: from the host RTP latched to, once it has), which closes the latch; in {@link Latching#FOLLOW} anybody, and the source becomes the remote. RTP and RTCP latch
 * separately; until RTCP latches it goes to the RTP remote's port + 1. A packet that is not accepted is dropped: not
 * relayed, not shown to the tap, not forked, only counted. Announcing the same address again keeps the latch;
 * announcing a different one re-opens it; {@code null} holds the side: nothing is sent to it, what it sends is still
 * judged as before.
 *
 * <p>Forking: {@link #fork(Side)} adds, per direction, a {@link ForkStreamImpl} with its own port pair from the same
 * pool, registered on the same loop. Each RTP packet accepted from that side is first relayed, then its SSRC is
 * rewritten in the selector's buffer and the same buffer is sent to the fork's target: no copy, no allocation.
 */
final class RelayStreamImpl implements RelayStream {
    private static final Logger LOG = LoggerFactory.getLogger(RelayStreamImpl.class);

    /**
     * Immutable snapshot of whom a side's packets come from and go to; replaced by compare-and-set, so reading it is
     * one volatile load. {@code rtp}/{@code rtcp} are where packets are sent and, once latched (and always with
     * latching off), the only sources accepted.
     */
    record Peer(InetSocketAddress announced, InetSocketAddress announcedRtcp, InetSocketAddress rtp,
            InetSocketAddress rtcp, boolean rtpLatched, boolean rtcpLatched, boolean held, long signalledNanos) {
        static final Peer NONE = new Peer(null, null, null, null, false, false, false, 0);

        static Peer announced(InetSocketAddress address, long now) {
            InetSocketAddress rtcp = plusOne(address);
            return new Peer(address, rtcp, address, rtcp, false, false, false, now);
        }

        Peer latchRtp(InetSocketAddress source) {
            return new Peer(announced, announcedRtcp, source, rtcpLatched ? rtcp : plusOne(source), true, rtcpLatched,
                    held, signalledNanos);
        }

        Peer latchRtcp(InetSocketAddress source) {
            return new Peer(announced, announcedRtcp, rtp, source, rtpLatched, true, held, signalledNanos);
        }

        Peer held(boolean value) {
            return new Peer(announced, announcedRtcp, rtp, rtcp, rtpLatched, rtcpLatched, value, signalledNanos);
        }

        /** Whether the latch window, opened when the address was signalled, is still open at {@code now}. */
        boolean windowOpen(long now, long windowNanos) {
            return announced != null && now - signalledNanos <= windowNanos;
        }

        private static InetSocketAddress plusOne(InetSocketAddress address) {
            return new InetSocketAddress(address.getAddress(), address.getPort() + 1);
        }
    }

    /** Per-side state; index 0 = A, 1 = B. */
    private static final class SideState {
        final PortPair ports;
        final AtomicReference<Peer> peer = new AtomicReference<>(Peer.NONE);
        final LongAdder rtpReceived = new LongAdder();
        final LongAdder rtpSent = new LongAdder();
        final LongAdder rtcpReceived = new LongAdder();
        final LongAdder rtcpSent = new LongAdder();
        final LongAdder dropped = new LongAdder();
        final LongAdder rejected = new LongAdder();
        /** Selector thread only: the gaps in this side's RTP sequence numbers, for the relay's lost count. */
        final DirectionCounters.SequenceTracker sequence = new DirectionCounters.SequenceTracker();
        /** Selector thread only: the first rejected packet of a side is logged, the others only counted. */
        boolean rejectionLogged;
        /** The recording copy of what this side sends, once {@link #fork(Side)} was called; written under the lock. */
        volatile ForkStreamImpl fork;
        /**
         * The further copies ({@link #fork(Side, int)} with copy 1, 2, ...: other recordings of the call), index copy - 1;
         * replaced, never mutated, under the lock, so the selector thread reads a consistent array without locking.
         */
        volatile ForkStreamImpl[] copies = new ForkStreamImpl[0];
        /** The prompt playing toward this side, if any; set by {@link #play}, cleared when it ends. */
        final AtomicReference<PlaybackImpl> playback = new AtomicReference<>();
        /** Selector thread only: the RTP timestamp of the last telephone-event reported, so retransmitted ends count once. */
        long lastEventTimestamp = -1;
        int lastEvent = -1;

        SideState(PortPair ports) {
            this.ports = ports;
        }
    }

    private final String name;
    private final SelectorLoop loop;
    private final PortPool pool;
    private final Ssrcs ssrcs;
    private final Latching latching;
    private final long latchWindowNanos;
    private final LongAdder relayRejected;
    private final DirectionCounters counters;
    private final SideState[] sides;
    /** Guarded by {@code this}: {@link #fork(Side)} and {@link #close()} must not interleave. */
    private boolean closed;
    private volatile RelayTap tap;
    private volatile boolean bridged = true;
    /** RFC 4733 events: the payload type and who hears them; {@code null} for none. */
    private volatile EventWatch events;

    private record EventWatch(int payloadType, TelephoneEventListener listener) {
    }

    /**
     * @param relayRejected the relay-wide count of rejected packets, added to along with this stream's own
     * @param counters the relay-wide RTP counts per direction, added to along with this stream's own
     */
    RelayStreamImpl(String name, SelectorLoop loop, PortPool pool, Ssrcs ssrcs, Latching latching,
            int latchWindowMs, LongAdder relayRejected, DirectionCounters counters, PortPair a, PortPair b) {
        this.name = name;
        this.loop = loop;
        this.pool = pool;
        this.ssrcs = ssrcs;
        this.latching = latching;
        this.latchWindowNanos = TimeUnit.MILLISECONDS.toNanos(latchWindowMs);
        this.relayRejected = relayRejected;
        this.counters = counters;
        this.sides = new SideState[] {new SideState(a), new SideState(b)};
    }

    /** Registers the four channels with the loop; packets arriving before that wait in the socket buffers. */
    void start() {
        for (Side side : Side.values()) {
            PortPair ports = sides[side.ordinal()].ports;
            loop.register(ports.rtp(), new Endpoint(this, side, false));
            loop.register(ports.rtcp(), new Endpoint(this, side, true));
        }
    }

    @Override
    public int localPort(Side side) {
        return sides[side.ordinal()].ports.rtpPort();
    }

    /** The local address the ports are bound to, to be announced in SDP ({@code c=} line). */
    InetAddress localAddress() {
        return pool.address();
    }

    Latching latching() {
        return latching;
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
            if (rtp == null) {
                next = current.held(true);
            } else if (rtp.equals(current.announced())) {
                if (!current.held()) {
                    return; // same SDP again (session refresh): keep what has latched
                }
                next = current.held(false);
            } else {
                next = Peer.announced(rtp, System.nanoTime()); // new address: the latch window opens again
            }
        } while (!ref.compareAndSet(current, next));
        LOG.debug("{}: side {} remote announced {}", name, side, rtp);
    }

    @Override
    public InetSocketAddress remote(Side side) {
        Peer peer = sides[side.ordinal()].peer.get();
        return peer.held() ? null : peer.rtp();
    }

    /** The address RTCP is currently sent to for a side, or {@code null}. */
    InetSocketAddress remoteRtcp(Side side) {
        Peer peer = sides[side.ordinal()].peer.get();
        return peer.held() ? null : peer.rtcp();
    }

    /** Whether a side's RTP source is fixed (latched, or the announced address has spoken). */
    boolean rtpLatched(Side side) {
        return sides[side.ordinal()].peer.get().rtpLatched();
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

    /** Packets (RTP and RTCP) accepted from a side that could not be relayed to the other side. */
    long packetsDropped(Side side) {
        return sides[side.ordinal()].dropped.sum();
    }

    /**
     * Packets (RTP and RTCP) that arrived on a side's ports from a source the side does not accept (see
     * {@link Latching}): dropped unrelayed and unforked.
     */
    long packetsRejected(Side side) {
        return sides[side.ordinal()].rejected.sum();
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
            PortPair ports;
            try {
                ports = pool.allocate();
            } catch (PortsExhaustedException e) {
                throw new MediaException(e.getMessage(), e);
            }
            fork = new ForkStreamImpl(name + "/fork-" + from, from, ports, pool.address(), ssrcs.allocate(),
                    counters);
            loop.register(ports.rtp(), new Endpoint(this, from, false, fork));
            loop.register(ports.rtcp(), new Endpoint(this, from, true, fork));
            side.fork = fork;
            LOG.debug("{}: fork of side {} on port {} with SSRC {}", name, from, ports.rtpPort(), fork.ssrc());
        }
        return fork;
    }

    /**
     * Copy 0 is {@link #fork(Side)}; any other copy is a fork of its own (one per further recording of the call),
     * allocated once like the first.
     */
    @Override
    public synchronized ForkStream fork(Side from, int copy) throws MediaException {
        Objects.requireNonNull(from, "from");
        if (copy < 0) {
            throw new MediaException("no copy " + copy);
        }
        if (copy == 0) {
            return fork(from);
        }
        if (closed) {
            throw new MediaException("media stream " + name + " is closed");
        }
        SideState side = sides[from.ordinal()];
        ForkStreamImpl[] copies = side.copies;
        if (copy <= copies.length && copies[copy - 1] != null) {
            return copies[copy - 1];
        }
        PortPair ports;
        try {
            ports = pool.allocate();
        } catch (PortsExhaustedException e) {
            throw new MediaException(e.getMessage(), e);
        }
        ForkStreamImpl fork = new ForkStreamImpl(name + "/fork-" + from + "-" + copy, from, ports, pool.address(), ssrcs.allocate(),
                counters);
        loop.register(ports.rtp(), new Endpoint(this, from, false, fork));
        loop.register(ports.rtcp(), new Endpoint(this, from, true, fork));
        ForkStreamImpl[] next = java.util.Arrays.copyOf(copies, Math.max(copies.length, copy));
        next[copy - 1] = fork;
        side.copies = next;
        LOG.debug("{}: copy {} of side {} on port {} with SSRC {}", name, copy, from, ports.rtpPort(), fork.ssrc());
        return fork;
    }

    @Override
    public Playback play(Side to, int payloadType, short[] pcm, PlaybackListener listener) throws MediaException {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(pcm, "pcm");
        G711 codec = G711.forPayloadType(payloadType).orElseThrow(() -> new MediaException(
                "cannot play a prompt with payload type " + payloadType + ": only G.711 (0 PCMU, 8 PCMA)"));
        SideState side = sides[to.ordinal()];
        PlaybackImpl playback;
        synchronized (this) {
            if (closed) {
                throw new MediaException("media stream " + name + " is closed");
            }
            playback = new PlaybackImpl(this, to, side.ports.rtp(), codec, pcm, ssrcs, listener);
            if (!side.playback.compareAndSet(null, playback)) {
                ssrcs.release((int) playback.ssrc());
                throw new MediaException("a prompt already plays toward side " + to + " of " + name);
            }
        }
        LOG.debug("{}: playing {} ms of prompt toward side {} as {} with SSRC {}", name, pcm.length / 8, to,
                codec.encodingName(), playback.ssrc());
        playback.start(loop);
        return playback;
    }

    /** Called by a playback when it ends: the side hears the other side again (if bridged). */
    void playbackEnded(PlaybackImpl playback) {
        sides[playback.side().ordinal()].playback.compareAndSet(playback, null);
    }

    /** The prompt playing toward a side, or {@code null}. */
    PlaybackImpl playback(Side side) {
        return sides[side.ordinal()].playback.get();
    }

    @Override
    public void bridged(boolean bridged) {
        this.bridged = bridged;
        LOG.debug("{}: {}", name, bridged ? "bridged" : "not bridged");
    }

    @Override
    public boolean bridged() {
        return bridged;
    }

    /** The fork of a side, or {@code null} if none was asked for. */
    ForkStreamImpl existingFork(Side from) {
        return sides[from.ordinal()].fork;
    }

    /** Sets or clears (null) the tap that sees every accepted packet; see {@link RelayTap}. */
    void tap(RelayTap tap) {
        this.tap = tap;
    }

    /** The loop that owns this stream: a fork registers its own channels here to stay single-threaded. */
    SelectorLoop loop() {
        return loop;
    }

    /**
     * Hot path, selector thread only: accept (and latch) or reject the source, relay to the other side's remote out
     * of the other side's port, show the packet to the tap, then (RTP port only) hand the same buffer to the side's
     * fork, which rewrites the SSRC in place. The relay and the tap always see the packet as received.
     */
    void received(Endpoint endpoint, ByteBuffer packet, InetSocketAddress source) {
        int length = packet.limit();
        SideState from = sides[endpoint.side.ordinal()];
        SideState to = sides[endpoint.side.other().ordinal()];
        boolean rtcp = endpoint.rtcp;
        if (!accept(from, rtcp, source, packet)) {
            reject(from, endpoint, source);
            return;
        }
        (rtcp ? from.rtcpReceived : from.rtpReceived).increment();
        // the per-direction counts are of media only: well-formed RTP on the RTP port (not RTCP multiplexed there)
        boolean media = !rtcp && RtpPacket.check(packet) == RtpPacket.Verdict.RTP;
        if (media) {
            counters.received(endpoint.side);
            int skipped = from.sequence.skipped(packet);
            if (skipped > 0) {
                counters.lost(endpoint.side, skipped);
            }
        }

        if (!bridged) {
            return; // the parties are kept apart (a prompt plays): counted as received, not relayed, not forked
        }
        EventWatch watch = events;
        if (watch != null && !rtcp) {
            telephoneEvent(watch, endpoint.side, from, packet, length);
        }
        Peer target = to.peer.get();
        InetSocketAddress address = target.held() ? null : rtcp ? target.rtcp() : target.rtp();
        if (!rtcp && to.playback.get() != null) {
            // the prompt, not the other party, is what this side hears now
        } else if (address == null) {
            dropped(from, endpoint.side, media); // the other side has no remote yet, or is held
        } else {
            DatagramChannel out = rtcp ? to.ports.rtcp() : to.ports.rtp();
            try {
                if (out.send(packet, address) > 0) {
                    (rtcp ? to.rtcpSent : to.rtpSent).increment();
                    if (media) {
                        counters.sent(endpoint.side);
                    }
                } else {
                    dropped(from, endpoint.side, media); // socket send buffer full
                }
            } catch (IOException e) {
                dropped(from, endpoint.side, media);
                LOG.debug("{}: relaying {} to {} failed: {}", endpoint, rtcp ? "RTCP" : "RTP", address, e.toString());
            }
        }

        RelayTap t = tap;
        if (t != null) {
            packet.limit(length).position(0);
            t.packet(endpoint.side, rtcp, packet);
        }

        if (!rtcp) {
            ForkStreamImpl fork = from.fork;
            if (fork != null) {
                packet.limit(length).position(0); // the relay's send consumed it; the tap may have moved it
                fork.send(packet);
            }
            for (ForkStreamImpl copy : from.copies) {
                if (copy != null) {
                    packet.limit(length).position(0);
                    copy.send(packet);
                }
            }
        }
    }

    private void dropped(SideState from, Side side, boolean media) {
        from.dropped.increment();
        if (media) {
            counters.dropped(side);
        }
    }

    @Override
    public void telephoneEvents(int payloadType, TelephoneEventListener listener) {
        events = listener == null ? null : new EventWatch(payloadType, listener);
    }

    /**
     * Selector thread, allocation-free: an RTP packet of the watched payload type whose RFC 4733 payload has the E
     * (end) bit is reported once per event (its retransmitted end packets share its RTP timestamp and code).
     */
    private void telephoneEvent(EventWatch watch, Side side, SideState from, ByteBuffer packet, int length) {
        if (length < RtpPacket.FIXED_HEADER_LENGTH + 4 || (packet.get(1) & 0x7F) != watch.payloadType()) {
            return;
        }
        int offset = RtpPacket.FIXED_HEADER_LENGTH + 4 * (packet.get(0) & 0x0F);
        if ((packet.get(0) & 0x10) != 0) { // header extension: its length in 32-bit words follows its profile id
            if (length < offset + 4) {
                return;
            }
            offset += 4 + 4 * (((packet.get(offset + 2) & 0xFF) << 8) | (packet.get(offset + 3) & 0xFF));
        }
        if (length < offset + 4 || (packet.get(offset + 1) & 0x80) == 0) {
            return; // not the end of the event yet
        }
        long timestamp = packet.getInt(4) & 0xFFFFFFFFL;
        int event = packet.get(offset) & 0xFF;
        if (timestamp == from.lastEventTimestamp && event == from.lastEvent) {
            return; // a retransmitted end packet
        }
        from.lastEventTimestamp = timestamp;
        from.lastEvent = event;
        try {
            watch.listener().telephoneEvent(side, event);
        } catch (RuntimeException e) {
            LOG.warn("{}: telephone-event listener failed: {}", name, e.toString());
        }
    }

    /**
     * Whether a packet from {@code source} on a side's RTP or RTCP port comes from whom the side accepts, latching as
     * the mode allows. The usual case (the known source) is one comparison and allocates nothing.
     */
    private boolean accept(SideState side, boolean rtcp, InetSocketAddress source, ByteBuffer packet) {
        Peer peer = side.peer.get();
        InetSocketAddress current = rtcp ? peer.rtcp() : peer.rtp();
        boolean latched = rtcp ? peer.rtcpLatched() : peer.rtpLatched();
        boolean known = source.equals(current);
        if (known && (latched || latching != Latching.ONCE)) {
            return true;
        }
        switch (latching) {
            case OFF:
                return false;
            case FOLLOW:
                if (!peer.held()) {
                    latch(side.peer, peer, rtcp, source);
                }
                return true;
            default: // ONCE
                if (known || source.equals(rtcp ? peer.announcedRtcp() : peer.announced())
                        || (!latched && latchable(peer, rtcp, source, packet, latchWindowNanos))) {
                    // the signalled address always wins: it is what signalling, which we trust, says
                    latch(side.peer, peer, rtcp, source);
                    return true;
                }
                return false;
        }
    }

    /**
     * Whether a packet may take an open latch: the side's address must have been signalled (nothing latches before
     * SDP names the side) and the window since then not have passed; the packet must be well-formed RTP or RTCP
     * (garbage takes nothing). RTCP, once RTP has latched, must come from the same host as the RTP (a NAT maps the
     * RTCP port elsewhere, not the address), so that a party that never sends RTCP does not leave its RTCP latch to
     * a stranger; because RTCP starts seconds after RTP (RFC 3550 section 6.2), RTCP from the host RTP latched to
     * may take its latch after the window too.
     */
    private static boolean latchable(Peer peer, boolean rtcp, InetSocketAddress source, ByteBuffer packet,
            long windowNanos) {
        if (peer.announced() == null) {
            return false;
        }
        if (rtcp && peer.rtpLatched()) {
            if (!source.getAddress().equals(peer.rtp().getAddress())) {
                return false;
            }
        } else if (!peer.windowOpen(System.nanoTime(), windowNanos)) {
            return false;
        }
        return RtpPacket.check(packet).wellFormed();
    }

    private void latch(AtomicReference<Peer> ref, Peer current, boolean rtcp, InetSocketAddress source) {
        Peer next = rtcp ? current.latchRtcp(source) : current.latchRtp(source);
        // losing the race against remote(side, addr) is fine: the next packet is judged by the new state
        if (ref.compareAndSet(current, next) && LOG.isDebugEnabled()) {
            LOG.debug("{}: latched {} to {} (was {})", this, rtcp ? "RTCP" : "RTP", source,
                    rtcp ? current.rtcp() : current.rtp());
        }
    }

    private void reject(SideState side, Endpoint endpoint, InetSocketAddress source) {
        side.rejected.increment();
        relayRejected.increment();
        if (!side.rejectionLogged) {
            side.rejectionLogged = true;
            Peer peer = side.peer.get();
            LOG.info("{}: dropping {} from {}, not the source side {} accepts ({}, latching={}); further packets from "
                    + "other sources are counted, not logged", name, endpoint.rtcp ? "RTCP" : "RTP", source,
                    endpoint.side, endpoint.rtcp ? peer.rtcp() : peer.rtp(), latching.key());
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
            closed = true; // no fork or playback can be added from now on
            for (SideState side : sides) {
                if (side.fork != null) {
                    forks.add(side.fork);
                }
                for (ForkStreamImpl copy : side.copies) {
                    if (copy != null) {
                        forks.add(copy);
                    }
                }
            }
        }
        for (SideState side : sides) {
            PlaybackImpl playback = side.playback.get();
            if (playback != null) {
                loop.executeAndWait(() -> playback.end(Playback.Outcome.STOPPED)); // before its channel closes
            }
        }
        List<DatagramChannel> channels = new ArrayList<>(4 + 2 * forks.size());
        for (SideState side : sides) {
            channels.add(side.ports.rtp());
            channels.add(side.ports.rtcp());
        }
        for (ForkStreamImpl fork : forks) {
            channels.add(fork.ports().rtp());
            channels.add(fork.ports().rtcp());
        }
        loop.close(channels.toArray(new DatagramChannel[0]));
        for (SideState side : sides) {
            pool.release(side.ports);
        }
        for (ForkStreamImpl fork : forks) {
            pool.release(fork.ports());
            ssrcs.release(fork.ssrcBits());
            LOG.debug("{}: closed, {} copies sent, {} dropped", fork, fork.packetsSent(), fork.packetsDropped());
        }
        long rejectedA = packetsRejected(Side.A);
        long rejectedB = packetsRejected(Side.B);
        if (rejectedA + rejectedB > 0) {
            LOG.info("{}: closed; {} packets from sources not accepted were dropped (side A {}, side B {})", name,
                    rejectedA + rejectedB, rejectedA, rejectedB);
        }
        LOG.debug("{}: closed (A rx {} tx {}, B rx {} tx {})", name, packetsReceived(Side.A), packetsSent(Side.A),
                packetsReceived(Side.B), packetsSent(Side.B));
    }

    @Override
    public String toString() {
        return name;
    }
}
