package org.siprec.media.internal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.siprec.api.media.MediaDirection;
import org.siprec.api.media.MediaException;
import org.siprec.api.media.PacketCounts;
import org.siprec.api.media.MediaMirror;
import org.siprec.api.media.MirrorSession;
import org.siprec.media.rtp.PortPool;
import org.siprec.media.rtp.PortPool.PortPair;
import org.siprec.media.rtp.PortsExhaustedException;
import org.siprec.media.rtp.SelectorLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in RTP relay: a pool of UDP port pairs on {@code bind.address} and a few NIO selector threads that move
 * packets between the two sides of each stream (symmetric RTP, RTCP on port + 1), accepting on each side only the
 * sources its {@link Latching} mode allows.
 *
 * <p>Configuration changes are applied without touching live calls: a new {@code bind.address}, port range or
 * {@code latching} is used for streams opened afterwards (live streams keep their ports and give them back to the
 * range they came from); {@code selector.threads} is applied when the component is next activated.
 */
@Designate(ocd = MediaConfig.class)
@Component(service = MediaMirror.class, configurationPid = MediaConfig.PID,
        property = "mirror=builtin") // the SRC's media.target can name it: (mirror=builtin)
public final class RtpRelay implements MediaMirror {
    private static final Logger LOG = LoggerFactory.getLogger(RtpRelay.class);

    private final List<SelectorLoop> loops;
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final Set<MirrorSessionImpl> sessions = ConcurrentHashMap.newKeySet();
    private final Ssrcs ssrcs = new Ssrcs();
    private final LongAdder rejected = new LongAdder();
    private final DirectionCounters counters = new DirectionCounters();
    private volatile Settings settings;
    private volatile PortPool pool;
    private volatile boolean active;

    /**
     * Validates the configuration and starts the selector threads.
     *
     * @throws IllegalArgumentException when the configuration is invalid; the message names the key
     * @throws IllegalStateException when a selector cannot be opened
     */
    @Activate
    public RtpRelay(MediaConfig config) {
        Settings s = validate(config);
        SelectorLoop[] started = new SelectorLoop[s.selectorThreads()];
        try {
            for (int i = 0; i < started.length; i++) {
                started[i] = SelectorLoop.start("siprec-media-" + i);
            }
        } catch (IOException e) {
            for (SelectorLoop loop : started) {
                if (loop != null) {
                    loop.stop();
                }
            }
            throw new IllegalStateException("cannot open a selector for the media relay", e);
        }
        this.loops = List.of(started);
        this.settings = s;
        this.pool = new PortPool(s.bindAddress(), s.portMin(), s.portMax());
        this.active = true;
        LOG.info("Media relay started on {} ports {} with {} selector threads, latching={}{}",
                s.bindAddress().getHostAddress(), s.range(), loops.size(), s.latching().key(),
                s.latching() == Latching.ONCE ? " (window " + s.latchWindowMs() + " ms)" : "");
    }

    @Modified
    void modified(MediaConfig config) {
        Settings next = validate(config);
        Settings current = settings;
        if (next.selectorThreads() != loops.size()) {
            LOG.info("Media relay: selector.threads={} is applied when the component is next activated; {} running",
                    next.selectorThreads(), loops.size());
        }
        if (!next.bindAddress().equals(current.bindAddress()) || next.portMin() != current.portMin()
                || next.portMax() != current.portMax()) {
            // live streams keep their ports; ports of the old range still in use are skipped by the new pool
            this.pool = new PortPool(next.bindAddress(), next.portMin(), next.portMax());
            LOG.info("Media relay: new streams use {} ports {}; {} live sessions keep their ports",
                    next.bindAddress().getHostAddress(), next.range(), sessions.size());
        }
        if (next.latching() != current.latching() || next.latchWindowMs() != current.latchWindowMs()) {
            LOG.info("Media relay: new streams use latching={}; {} live sessions keep latching={}",
                    next.latching().key(), sessions.size(), current.latching().key());
        }
        this.settings = next;
    }

    /** Closes every open session and stops the selector threads. */
    @Deactivate
    public void deactivate() {
        active = false;
        for (MirrorSessionImpl session : List.copyOf(sessions)) {
            session.close();
        }
        for (SelectorLoop loop : loops) {
            loop.stop();
        }
        LOG.info("Media relay stopped");
    }

    private static Settings validate(MediaConfig config) {
        try {
            return Settings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}", e.getMessage());
            throw e;
        }
    }

    @Override
    public MirrorSession open(String callId) throws MediaException {
        if (!active) {
            throw new MediaException("media relay is stopped");
        }
        MirrorSessionImpl session = new MirrorSessionImpl(this, callId);
        sessions.add(session);
        return session;
    }

    /**
     * The current {@code bind.address}. After a live change of {@code bind.address} streams opened earlier stay on
     * the old address ({@link RelayStreamImpl#localAddress()}); the SPI has no per-stream address yet.
     */
    @Override
    public String address() {
        return settings.bindAddress().getHostAddress();
    }

    @Override
    public int openSessions() {
        return sessions.size();
    }

    @Override
    public int freePorts() {
        return pool.freePorts();
    }

    /**
     * Packets dropped since activation because they came from a source their stream side does not accept (see
     * {@link Latching}), all streams together. Not in the {@code MediaMirror} SPI yet.
     */
    @Override
    public long packetsRejected() {
        return rejected.sum();
    }

    /**
     * RTP packets per direction since activation, all streams together: {@link MediaDirection#CALLER} and
     * {@link MediaDirection#CALLEE} count what each party sent (received, relayed, dropped, lost by sequence gaps),
     * {@link MediaDirection#SRS} the copies to the SRSs. Only well-formed RTP on the RTP ports is counted; RTCP and
     * packets from sources not accepted ({@link #packetsRejected()}) are not.
     */
    @Override
    public Optional<PacketCounts> packetCounts(MediaDirection direction) {
        return Optional.of(counters.counts(direction));
    }

    /** Allocates the four ports of a stream and registers them with the least busy selector thread. */
    RelayStreamImpl newStream(String callId, int index) throws MediaException {
        if (!active) {
            throw new MediaException("media relay is stopped");
        }
        PortPool p = pool;
        PortPair a;
        PortPair b;
        try {
            a = p.allocate();
            try {
                b = p.allocate();
            } catch (PortsExhaustedException e) {
                p.release(a);
                throw e;
            }
        } catch (PortsExhaustedException e) {
            throw new MediaException(e.getMessage(), e);
        }
        RelayStreamImpl stream = new RelayStreamImpl(callId + "#" + index, pickLoop(), p, ssrcs,
                settings.latching(), settings.latchWindowMs(), rejected, counters, a, b);
        stream.start();
        return stream;
    }

    private SelectorLoop pickLoop() {
        // round robin start, then the loop with the fewest channels: long calls do not pile up on one thread
        int n = loops.size();
        int start = Math.floorMod(nextLoop.getAndIncrement(), n);
        SelectorLoop best = loops.get(start);
        for (int i = 1; i < n; i++) {
            SelectorLoop candidate = loops.get((start + i) % n);
            if (candidate.channels() < best.channels()) {
                best = candidate;
            }
        }
        return best;
    }

    void closed(MirrorSessionImpl session) {
        sessions.remove(session);
    }

    /** SSRCs of the live forks. */
    Ssrcs ssrcs() {
        return ssrcs;
    }

    Settings settings() {
        return settings;
    }
}
