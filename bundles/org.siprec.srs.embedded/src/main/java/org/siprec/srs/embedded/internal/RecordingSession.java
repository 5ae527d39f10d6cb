package org.siprec.srs.embedded.internal;

import org.siprec.sip.SerialExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.Dialog;
import org.siprec.metadata.MetadataId;
import org.siprec.metadata.NameId;
import org.siprec.metadata.Participant;
import org.siprec.metadata.RecordingMetadata;
import org.siprec.metadata.Session;
import org.siprec.metadata.Stream;
import org.siprec.sip.sdp.SdpMedia;
import org.siprec.media.rtp.G711;
import org.siprec.media.rtp.PortPool;
import org.siprec.media.rtp.PortPool.PortPair;
import org.siprec.media.rtp.PortsExhaustedException;
import org.siprec.media.rtp.RtpPacket;
import org.siprec.media.rtp.SelectorLoop;
import org.siprec.media.srtp.SrtpStream;
import org.siprec.srs.embedded.internal.SdpOffer.Kind;
import org.siprec.srs.embedded.internal.SdpOffer.Plan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recording session (RS): its streams and receive ports, the WAV file (one channel per participant), raw dumps
 * of streams in other codecs, the metadata snapshots, and its index entry. SIP events of the session run in order on
 * {@link #events}; RTP arrives on the media selector loop's thread; {@link #tick(long)} runs on the flush timer.
 */
final class RecordingSession {
    static final int RATE = 8000;
    /** How long the WAV writer waits for late packets before it writes a position (silence if nothing came). */
    static final int JITTER_FRAMES = RATE / 2;
    /** A stream whose RTP time strays further than this from its arrival time is re-anchored (new SSRC, jump). */
    static final int REANCHOR_FRAMES = RATE * 2;
    private static final Logger LOG = LoggerFactory.getLogger(RecordingSession.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    enum State { NEW, RECORDING, CLOSED }

    final String id;
    final String callId;
    final InetSocketAddress source;
    final SerialExecutor events;
    private final Path root;
    private final String folder;
    private final SelectorLoop media;

    // SIP state, touched on 'events' only
    Dialog dialog;
    String localTag;
    String lastAnswer;
    long sdpVersion;
    final long sdpSessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);

    // shared with the shell and the flush timer
    private volatile State state = State.NEW;
    private volatile Instant start;
    private volatile Instant stop;
    private volatile long originNanos;
    private volatile String endReason;
    /** A write failed: the files may lack audio (state {@code failed}). */
    private volatile boolean writeFailed;
    /** Closed after recording something, i.e. it has an index entry to write. */
    private volatile boolean recorded;
    /** Its entry is in the index (or could not be written there): the catalog no longer lists it from memory. */
    private volatile boolean archived;

    private final Object lock = new Object(); // guards the fields below across events / timer / shell
    private RecordingMetadata metadata;
    private final List<String> metadataFiles = new ArrayList<>();
    private final List<MediaStream> current = new ArrayList<>();
    private final List<MediaStream> all = new ArrayList<>();
    private volatile WavRecorder wav;
    private final List<Channel> channels = new ArrayList<>();
    /** The paused intervals: {start, end}, end null while paused. */
    private final List<Instant[]> pauses = new ArrayList<>();
    /**
     * The SRC paused the recording (a re-offer with every stream inactive: {@code a=inactive}, port 0 or
     * {@code c=0.0.0.0}): packets are dropped, so the WAV gets silence for the interval.
     */
    private volatile boolean paused;

    /** A WAV channel: the participants whose streams are recorded in it (empty: unknown, by stream order). */
    record Channel(int index, String key, List<MetadataId> participants, List<String> labels) {
    }

    RecordingSession(String callId, InetSocketAddress source, SerialExecutor events, Path root, SelectorLoop media) {
        Instant now = Instant.now();
        this.id = ID_TIME.format(now) + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFL | 0x100000000L).substring(1);
        this.callId = callId;
        this.source = source;
        this.events = events;
        this.root = root;
        this.folder = DAY.format(now);
        this.media = media;
    }

    State state() {
        return state;
    }

    /** The recordings folder the entry's paths are relative to. */
    Path root() {
        return root;
    }

    Instant start() {
        return start;
    }

    /** Called once the entry returned by {@link #close} was appended to the index (or that failed). */
    void archived() {
        archived = true;
    }

    /** Whether the catalog lists this session from memory: recording, or ended and not yet in the index. */
    boolean listedFromMemory() {
        State s = state;
        return s == State.RECORDING || (s == State.CLOSED && recorded && !archived);
    }

    /** Stores a metadata document (initial or update) as received and merges it into the current snapshot. */
    void addMetadata(byte[] raw, RecordingMetadata parsed) throws IOException {
        synchronized (lock) {
            Path dir = root.resolve(folder);
            Files.createDirectories(dir);
            String name = id + "-metadata-" + (metadataFiles.size() + 1) + ".xml";
            // whole or not at all: a crash mid-write leaves a temporary file, never a truncated document
            Path temp = dir.resolve(name + ".part");
            Files.write(temp, raw);
            try {
                Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
            metadataFiles.add(folder + "/" + name);
            metadata = metadata == null ? parsed : metadata.apply(parsed);
        }
    }

    RecordingMetadata metadata() {
        synchronized (lock) {
            return metadata;
        }
    }

    /**
     * Applies an offer (initial or re-offer): keeps streams whose label and codec are unchanged, opens new ones,
     * closes those no longer offered or now rejected. Returns the local port of each plan (0 when rejected).
     *
     * @throws PortsExhaustedException when no receive port is left (nothing changed then; the message names the range)
     */
    int[] applyOffer(List<Plan> plans, PortPool pool) throws IOException, PortsExhaustedException {
        synchronized (lock) {
            int[] ports = new int[plans.size()];
            List<MediaStream> next = new ArrayList<>();
            List<PortPair> fresh = new ArrayList<>();
            for (int i = 0; i < plans.size(); i++) {
                Plan p = plans.get(i);
                MediaStream keep = i < current.size() ? current.get(i) : null;
                if (p.kind() == Kind.REJECTED) {
                    next.add(null);
                    continue;
                }
                if (keep != null && keep.plan.kind() == p.kind() && keep.label.equals(p.offered().label())
                        && keep.plan.pt().equals(p.pt()) && keep.plan.codec().equals(p.codec())
                        && Objects.equals(keep.plan.received(), p.received())) { // a new SRTP key: a new stream
                    keep.plan = p;
                    next.add(keep);
                    ports[i] = keep.ports.rtpPort();
                    continue;
                }
                PortPair pair;
                try {
                    pair = pool.allocate();
                } catch (PortsExhaustedException e) {
                    fresh.forEach(pool::release);
                    throw e;
                }
                fresh.add(pair);
                next.add(new MediaStream(p, pair, pool));
                ports[i] = pair.rtpPort();
            }
            if (originNanos == 0) {
                originNanos = System.nanoTime();
                start = Instant.now();
                state = State.RECORDING;
            }
            pausedBy(plans);
            // close streams that are gone or replaced
            for (MediaStream old : current) {
                if (old != null && !next.contains(old)) {
                    old.close();
                }
            }
            current.clear();
            current.addAll(next);
            openFiles();
            for (MediaStream s : next) {
                if (s != null && !s.registered) {
                    s.registered = true;
                    all.add(s);
                    media.register(s.ports.rtp(), s);
                    media.register(s.ports.rtcp(), (packet, from) -> { }); // RTCP read and ignored
                }
            }
            return ports;
        }
    }

    /**
     * Whether an offer pauses the recording (RFC 7866 section 7.1.2: the SRC sets every stream inactive; the older
     * forms port 0 and {@code c=0.0.0.0} count too): notes the start or the end of a pause. Called under lock.
     */
    private void pausedBy(List<Plan> plans) {
        boolean allInactive = !plans.isEmpty() && plans.stream().allMatch(RecordingSession::inactive);
        if (allInactive == paused) {
            return;
        }
        Instant now = Instant.now();
        if (allInactive) {
            paused = true;
            pauses.add(new Instant[] {now, null});
            LOG.info("Recording {}: paused by the SRC (every stream inactive); silence is recorded until it resumes", id);
        } else {
            pauses.get(pauses.size() - 1)[1] = now;
            for (MediaStream s : current) {
                if (s != null) {
                    s.reanchor = true; // the SRC's RTP clock may have gone on or not: place the next packet by arrival
                }
            }
            paused = false;
            LOG.info("Recording {}: resumed by the SRC", id);
        }
    }

    private static boolean inactive(Plan p) {
        SdpMedia m = p.offered().media();
        return p.kind() == Kind.REJECTED || "inactive".equals(m.direction()) || "0.0.0.0".equals(m.address());
    }

    /** The paused intervals so far, oldest first. */
    List<IndexEntry.PauseEntry> pauses() {
        synchronized (lock) {
            List<IndexEntry.PauseEntry> result = new ArrayList<>();
            for (Instant[] p : pauses) {
                result.add(new IndexEntry.PauseEntry(p[0].toString(), p[1] == null ? null : p[1].toString()));
            }
            return result;
        }
    }

    /** Creates the WAV (on the first G.711 stream) and raw dumps; assigns channels. Called under lock. */
    private void openFiles() throws IOException {
        Path dir = root.resolve(folder);
        Files.createDirectories(dir);
        List<MediaStream> pcm = new ArrayList<>();
        for (MediaStream s : current) {
            if (s != null && s.plan.kind() == Kind.PCM && s.channel < 0) {
                pcm.add(s);
            }
        }
        if (wav == null && !pcm.isEmpty()) {
            channels.addAll(layout(pcm, metadata));
            wav = new WavRecorder(dir.resolve(id + ".wav"), channels.size(), RATE);
        }
        for (MediaStream s : pcm) {
            s.channel = channelFor(s);
            Channel c = channels.get(s.channel);
            if (!c.labels().contains(s.label)) {
                c.labels().add(s.label);
            }
        }
        for (MediaStream s : current) {
            if (s != null && s.plan.kind() == Kind.RAW && s.dump == null) {
                String name = id + "-stream-" + safe(s.label) + "-" + all.size() + ".rtpdump";
                s.dump = new RawRtpDump(dir.resolve(name), "label=" + safe(s.label) + " codec=" + safe(s.plan.codec())
                        + " pt=" + s.plan.pt() + " clock=" + Math.max(0, s.plan.offered().clockRate(s.plan.pt()))
                        + " start=" + start);
                s.file = folder + "/" + name;
            }
        }
    }

    private static String safe(String s) {
        return s == null ? "-" : s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * One channel per participant that sends a recorded stream (metadata participantstreamassoc/send, by the
     * stream's label), in the metadata's participant order; streams that the metadata does not attribute get a
     * channel each, in stream order after those.
     */
    static List<Channel> layout(List<MediaStream> pcm, RecordingMetadata md) {
        Map<String, Channel> byKey = new LinkedHashMap<>();
        Map<String, Integer> order = new LinkedHashMap<>();
        int unmapped = 0;
        for (MediaStream s : pcm) {
            List<MetadataId> senders = senders(md, s.label);
            String key = key(senders, s.label);
            if (!byKey.containsKey(key)) {
                byKey.put(key, new Channel(0, key, senders, new ArrayList<>()));
                int rank = senders.isEmpty() ? 100_000 + unmapped++ : participantIndex(md, senders);
                order.put(key, rank);
            }
        }
        List<String> keys = new ArrayList<>(byKey.keySet());
        keys.sort(Comparator.comparingInt(order::get));
        List<Channel> result = new ArrayList<>();
        for (String k : keys) {
            Channel c = byKey.get(k);
            result.add(new Channel(result.size(), k, c.participants(), c.labels()));
        }
        return result;
    }

    private int channelFor(MediaStream s) {
        String key = key(senders(metadata, s.label), s.label);
        for (Channel c : channels) {
            if (c.key().equals(key)) {
                return c.index();
            }
        }
        int fallback = Math.min(Math.max(0, current.indexOf(s)), channels.size() - 1);
        LOG.info("Recording {}: stream '{}' added later has no channel of its own; recorded in channel {}", id, s.label, fallback);
        return fallback;
    }

    private static List<MetadataId> senders(RecordingMetadata md, String label) {
        if (md == null) {
            return List.of();
        }
        Optional<Stream> stream = md.streamByLabel(label);
        if (stream.isEmpty()) {
            return List.of();
        }
        List<MetadataId> ids = new ArrayList<>();
        for (Participant p : md.sendersOf(stream.get().id())) {
            ids.add(p.id());
        }
        return ids;
    }

    private static String key(List<MetadataId> senders, String label) {
        if (senders.isEmpty()) {
            return "label:" + label;
        }
        List<String> ids = new ArrayList<>();
        senders.forEach(id -> ids.add(id.value()));
        ids.sort(null);
        return "participants:" + String.join(",", ids);
    }

    private static int participantIndex(RecordingMetadata md, List<MetadataId> senders) {
        int best = Integer.MAX_VALUE;
        for (MetadataId id : senders) {
            for (int i = 0; i < md.participants().size(); i++) {
                if (md.participants().get(i).id().equals(id)) {
                    best = Math.min(best, i);
                }
            }
        }
        return best;
    }

    long framesAt(long nanos) {
        return (nanos - originNanos) * RATE / 1_000_000_000L;
    }

    /** Flush timer: writes WAV frames older than the jitter window (silence where nothing came) and raw packets. */
    void tick(long nowNanos) {
        WavRecorder w;
        List<MediaStream> streams;
        synchronized (lock) {
            if (state != State.RECORDING) {
                return;
            }
            w = wav;
            streams = new ArrayList<>(all);
        }
        try {
            if (w != null) {
                w.flush(framesAt(nowNanos) - JITTER_FRAMES);
            }
            for (MediaStream s : streams) {
                if (s.dump != null) {
                    s.dump.flush();
                }
            }
        } catch (IOException e) {
            if (!writeFailed) {
                LOG.warn("Recording {}: cannot write: {}", id, e.toString());
            }
            writeFailed = true;
        }
    }

    /**
     * Ends the recording: files completed and closed, ports released. Returns the index entry, or null if already
     * closed or nothing was recorded (refused before any stream was set up).
     */
    IndexEntry close(String reason) {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return null;
            }
            boolean recorded = state == State.RECORDING;
            long stopNanos = System.nanoTime();
            stop = Instant.now();
            endReason = reason;
            state = State.CLOSED;
            if (paused) {
                pauses.get(pauses.size() - 1)[1] = stop; // ended while paused: the pause lasted to the end
            }
            for (MediaStream s : all) {
                s.close();
            }
            if (wav != null) {
                try {
                    wav.close(framesAt(stopNanos));
                } catch (IOException e) {
                    writeFailed = true;
                    LOG.warn("Recording {}: cannot complete {}: {}", id, wav.path(), e.toString());
                }
            }
            for (MediaStream s : all) {
                if (s.dump != null) {
                    try {
                        s.dump.close();
                    } catch (IOException e) {
                        writeFailed = true;
                        LOG.warn("Recording {}: cannot complete {}: {}", id, s.dump.path(), e.toString());
                    }
                }
            }
            this.recorded = recorded;
            return recorded ? entry() : null;
        }
    }

    /** The index entry: finished (after close) or in progress. */
    IndexEntry entry() {
        synchronized (lock) {
            List<String> sessionIds = new ArrayList<>();
            List<IndexEntry.Party> participants = new ArrayList<>();
            if (metadata != null) {
                for (Session s : metadata.sessions()) {
                    sessionIds.addAll(s.sipSessionIds());
                }
                for (Participant p : metadata.participants()) {
                    participants.add(new IndexEntry.Party(p.id().value(), p.aor(),
                            p.nameIds().stream().map(NameId::name).filter(n -> n != null).findFirst().orElse(null)));
                }
            }
            Instant end = stop == null ? Instant.now() : stop;
            String wavFile = wav == null ? null : folder + "/" + wav.path().getFileName();
            List<IndexEntry.Channel> chans = new ArrayList<>();
            for (Channel c : channels) {
                List<String> aors = new ArrayList<>();
                for (MetadataId pid : c.participants()) {
                    aors.add(metadata == null ? pid.value() : metadata.participant(pid).map(Participant::aor).orElse(pid.value()));
                }
                chans.add(new IndexEntry.Channel(c.index(), aors, new ArrayList<>(c.labels())));
            }
            List<String> codecs = new ArrayList<>();
            List<IndexEntry.StreamEntry> streams = new ArrayList<>();
            boolean raw = false;
            for (MediaStream s : all) {
                if (!codecs.contains(s.plan.codec())) {
                    codecs.add(s.plan.codec());
                }
                boolean isRaw = s.plan.kind() == Kind.RAW;
                streams.add(new IndexEntry.StreamEntry(s.label, s.plan.codec(), s.plan.pt(), s.ports.rtpPort(), isRaw,
                        isRaw ? null : s.channel, isRaw ? s.file : wavFile, s.packets, senderAors(s.label)));
                raw |= isRaw;
            }
            String st = state != State.CLOSED ? IndexEntry.RECORDING : writeFailed ? IndexEntry.FAILED : IndexEntry.COMPLETED;
            return new IndexEntry(id, st, callId, sessionIds,
                    source == null ? null : source.getAddress().getHostAddress() + ":" + source.getPort(), participants,
                    start == null ? null : start.toString(), stop == null ? null : stop.toString(),
                    start == null ? 0.0 : Duration.between(start, end).toMillis() / 1000.0, endReason, wavFile, RATE, chans,
                    new ArrayList<>(metadataFiles), codecs, raw, streams, wav == null ? null : wav.droppedSamples(),
                    pauses());
        }
    }

    private List<String> senderAors(String label) {
        List<String> result = new ArrayList<>();
        for (MetadataId id : senders(metadata, label)) {
            result.add(metadata.participant(id).map(Participant::aor).orElse(id.value()));
        }
        return result;
    }

    /** One received stream: its ports, where its samples go, and its RTP time anchor. */
    final class MediaStream implements SelectorLoop.PacketHandler {
        final String label;
        final PortPair ports;
        private final PortPool pool;
        volatile Plan plan;
        volatile int channel = -1;
        volatile RawRtpDump dump;
        String file;
        boolean registered;
        volatile long packets;
        /** Set on resume: the next packet is placed by its arrival time. */
        volatile boolean reanchor;
        private boolean closed;
        // media loop thread only
        private final RtpPacket rtp = new RtpPacket();
        /** The SRC's SRTP key for this stream, {@code null} for plain RTP; fixed for the stream's life. */
        private final SrtpStream srtp;
        /** SRTP packets dropped because their tag did not match (wrong key, tampered) or they were replayed. */
        volatile long srtpDropped;
        private boolean anchored;
        private long ssrc;
        private long anchorFrame;
        private long anchorTimestamp;
        private final short[] pcm = new short[2048];

        MediaStream(Plan plan, PortPair ports, PortPool pool) {
            this.plan = plan;
            this.label = plan.offered().label();
            this.ports = ports;
            this.pool = pool;
            this.srtp = plan.srtp() ? new SrtpStream(plan.received()) : null;
        }

        /** SRTP in place; false (packet dropped, counted, logged once per stream) when it does not authenticate. */
        private boolean decrypted(ByteBuffer packet) {
            if (RtpPacket.check(packet) != RtpPacket.Verdict.RTP) {
                return false; // SRTCP multiplexed on the RTP port, or garbage
            }
            SrtpStream.Verdict verdict = srtp.unprotect(packet);
            if (verdict == SrtpStream.Verdict.OK) {
                return true;
            }
            if (srtpDropped++ == 0) {
                LOG.warn("Recording {}: stream {}: SRTP packet dropped ({}); further drops are only counted",
                        id, label, verdict);
            }
            return false;
        }

        void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            // through the loop, so the sockets are really closed before the ports go back to the pool
            media.close(ports.rtp(), ports.rtcp());
            pool.release(ports);
        }

        @Override
        public void packet(ByteBuffer packet, InetSocketAddress from) {
            long arrivalNanos = System.nanoTime();
            if (srtp != null && !decrypted(packet)) {
                return;
            }
            if (rtp.parse(packet) != RtpPacket.Verdict.RTP) {
                return; // RTCP on the RTP port (rtcp-mux, RFC 5761) or not RTP at all
            }
            packets++;
            if (paused) {
                return; // an SRC that sends while it said inactive: the paused interval stays silent
            }
            Plan p = plan;
            if (p.kind() == Kind.RAW) {
                RawRtpDump d = dump;
                if (d != null) {
                    d.add((arrivalNanos - originNanos) / 1000, packet);
                }
                return;
            }
            int n = rtp.payloadLength();
            if (n <= 0 || n > pcm.length) {
                return;
            }
            int pt = rtp.payloadType();
            G711 law;
            if (Integer.toString(pt).equals(p.pt())) {
                law = p.alaw() ? G711.A_LAW : G711.MU_LAW;
            } else {
                Optional<G711> staticLaw = G711.forPayloadType(pt);
                if (staticLaw.isEmpty()) {
                    return; // telephone-event, comfort noise (silence anyway), ...
                }
                law = staticLaw.get();
            }
            long timestamp = rtp.timestamp();
            long packetSsrc = rtp.ssrc();
            long arrivalFrame = framesAt(arrivalNanos);
            long position = 0;
            if (reanchor) {
                reanchor = false;
                anchored = false;
            }
            if (anchored && packetSsrc == ssrc) {
                int delta = (int) (timestamp - anchorTimestamp); // wraps correctly
                position = anchorFrame + delta;
                if (Math.abs(position - arrivalFrame) > REANCHOR_FRAMES) {
                    anchored = false;
                }
            } else {
                anchored = false;
            }
            if (!anchored) {
                anchored = true;
                ssrc = packetSsrc;
                anchorFrame = arrivalFrame;
                anchorTimestamp = timestamp;
                position = arrivalFrame;
            }
            law.decode(packet, rtp.payloadOffset(), n, pcm, 0);
            WavRecorder w = wav;
            int c = channel;
            if (w != null && c >= 0) {
                w.put(c, position, pcm, n);
            }
        }
    }
}
