package org.siprec.srs.embedded.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.DialogState;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.siprec.api.catalog.CatalogEntry;
import org.siprec.api.catalog.RecordingArchive;
import org.siprec.api.catalog.RecordingCatalog;
import org.siprec.media.rtp.PortPool;
import org.siprec.media.rtp.PortsExhaustedException;
import org.siprec.media.rtp.SelectorLoop;
import org.siprec.metadata.MetadataException;
import org.siprec.metadata.MetadataReader;
import org.siprec.metadata.RecordingMetadata;
import org.siprec.sip.SipApplication;
import org.siprec.sip.SerialExecutor;
import org.siprec.sip.dialog.DialogHandler;
import org.siprec.sip.dialog.DialogRouter;
import org.siprec.sip.dialog.SipDispatcher;
import org.siprec.sip.SipEndpoint;
import org.siprec.sip.SipHeaders;
import org.siprec.sip.sdp.InvalidSdpException;
import org.siprec.srs.embedded.internal.SdpOffer.Kind;
import org.siprec.srs.embedded.internal.crypto.RecordingSealer;
import org.siprec.srs.embedded.internal.SdpOffer.Plan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded SIPREC Session Recording Server: a {@link SipApplication} on the {@code srs} SIP endpoint. Accepts
 * recording sessions (RFC 7866) from this platform's SRC and from third-party SRCs, answers each offered stream
 * {@code recvonly} on a port of its own range, records G.711 into one WAV per recording session (one channel per
 * participant), stores streams in other codecs as received, keeps every metadata document (RFC 7865) beside the WAV
 * and appends an entry to {@code index.jsonl} when the recording ends. Its recordings, live and finished, are
 * published as the {@link RecordingCatalog} service (see {@link SrsCatalog}), and handed to the
 * {@link RecordingArchive} services (the database catalogue) when each starts and ends ({@link ArchiveFeed}).
 */
@Component(service = {SipApplication.class, RecordingCatalog.class}, configurationPid = "org.siprec.srs.embedded",
        immediate = true, property = SipEndpoint.NAME_PROPERTY + "=" + EmbeddedSrs.ENDPOINT)
@Designate(ocd = SrsConfig.class)
public class EmbeddedSrs implements SipApplication, RecordingCatalog {
    static final String ENDPOINT = "srs";
    static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO, PRACK";
    static final String NOT_SIPREC = "not a SIPREC recording session";
    /**
     * 100rel (RFC 3262) is supported by never sending a provisional response other than 100 Trying (which is never
     * sent reliably, RFC 3262 section 3): an SRC that requires it gets its final response directly, no PRACK needed.
     */
    private static final Set<String> SUPPORTED_REQUIRES = Set.of("siprec", "100rel");
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSrs.class);

    private final SipEndpoint sip;
    private final DialogRouter router = new DialogRouter();
    private final SipDispatcher dispatcher;
    private final MetadataReader reader = new MetadataReader();
    private final ToleratedDefects defects = new ToleratedDefects();
    private final Map<String, RecordingSession> sessions = new ConcurrentHashMap<>();
    private final ExecutorService pool;
    private final ScheduledExecutorService timers;
    /** Socket receive buffer of the SRS's media ports: packets wait there while the loop decodes in bursts. */
    static final int RECEIVE_BUFFER = 256 * 1024;
    private final SelectorLoop media;
    private volatile SrsSettings settings;
    private volatile PortPool ports;
    private volatile RecordingIndex index;
    private volatile SrsCatalog catalog;
    private final ArchiveFeed archive = new ArchiveFeed();
    /** Encryption at rest: encrypts each recording's files when it ends (when enabled). */
    private final RecordingSealer sealer;

    /** Outside OSGi (tests): encryption at rest as the {@code encryption.*} keys of {@code config} say. */
    public EmbeddedSrs(SipEndpoint sip, SrsConfig config) throws IOException {
        this(sip, config, new RecordingSealer(config));
    }

    @Activate
    public EmbeddedSrs(@Reference(name = "sip", target = "(" + SipEndpoint.NAME_PROPERTY + "=" + ENDPOINT + ")") SipEndpoint sip,
            SrsConfig config, @Reference(name = "sealer") RecordingSealer sealer) throws IOException {
        this.sealer = sealer;
        SrsSettings s;
        try {
            s = SrsSettings.from(config);
            s.prepare();
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid configuration org.siprec.srs.embedded, the embedded SRS does not start: {}", e.getMessage());
            throw e;
        }
        this.sip = sip;
        // the SRS records whoever offers a recording session (this platform's SRC or a third-party one); requests
        // in a recording session's dialog only from the SRC that set it up (checked before the stack's dialog layer)
        this.dispatcher = new SipDispatcher(sip, router, new RecordingSessionScreen(), this::onInitialRequest);
        apply(s);
        this.pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), named("siprec-srs"));
        this.timers = Executors.newSingleThreadScheduledExecutor(named("siprec-srs-writer"));
        this.media = SelectorLoop.start("siprec-srs-rtp");
        timers.scheduleWithFixedDelay(this::tick, 500, 500, TimeUnit.MILLISECONDS);
        // recordings a crash left without an index line: indexed and handed to the archives (before any bind)
        archive.recover(s.recordingsDir(), index, java.time.Instant.now(), reader, sealer);
        LOG.info("Embedded SRS ready on SIP {}:{} (udp {}, tcp {}): media {} ports {}-{}, recordings in {}", sip.host(),
                sip.udpPort(), sip.udpPort(), sip.tcpPort(), s.mediaAddress().getHostAddress(), s.portMin(), s.portMax(),
                s.recordingsDir());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindArchive(RecordingArchive a) {
        archive.add(a);
    }

    void unbindArchive(RecordingArchive a) {
        archive.remove(a);
    }

    private void apply(SrsSettings s) {
        settings = s;
        ports = new PortPool(s.mediaAddress(), s.portMin(), s.portMax(), RECEIVE_BUFFER);
        index = new RecordingIndex(s.recordingsDir());
        catalog = new SrsCatalog(index, s.recordingsDir(), sessions::values);
    }

    @Modified
    void modified(SrsConfig config) {
        try {
            SrsSettings s = SrsSettings.from(config);
            s.prepare();
            apply(s);
            LOG.info("Embedded SRS reconfigured (new recordings): media {} ports {}-{}, recordings in {}",
                    s.mediaAddress().getHostAddress(), s.portMin(), s.portMax(), s.recordingsDir());
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid configuration org.siprec.srs.embedded ignored, keeping the current one: {}", e.getMessage());
        }
    }

    @Deactivate
    public void deactivate() {
        dispatcher.close();
        int n = 0;
        for (RecordingSession s : sessions.values()) {
            if (s.state() != RecordingSession.State.CLOSED) {
                n++;
                sendBye(s);
                finish(s, "shutdown");
            }
        }
        timers.shutdownNow();
        archive.stop(5); // the ends of the recordings closed above reach the catalogue
        pool.shutdown();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        media.stop();
        pool.shutdownNow();
        LOG.info("Embedded SRS stopped; {} recording(s) in progress closed", n);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private void tick() {
        long now = System.nanoTime();
        for (RecordingSession s : sessions.values()) {
            s.tick(now);
        }
    }

    // ------------------------------------------------------------------ SipApplication

    @Override
    public void processRequest(RequestEvent event) {
        dispatcher.processRequest(event);
    }

    /**
     * Admission: initial requests from anyone (any SRC may offer a recording session); requests with the Call-ID of
     * a recording session only from the address its INVITE came from; else 403 statelessly (ACK: dropped).
     */
    static int screen(Request request, java.net.InetSocketAddress source, DialogHandler owner) {
        if (owner == null || owner.accepts(SipHeaders.callId(request), source)) {
            return SipDispatcher.RequestScreen.ACCEPT;
        }
        if (Request.ACK.equals(request.getMethod())) {
            return SipDispatcher.RequestScreen.DROP;
        }
        LOG.info("{} into a recording session from {} (not its SRC) refused with 403", request.getMethod(), source);
        return Response.FORBIDDEN;
    }

    /**
     * The SRS's admission: {@link #screen}; every SRC that reaches it is a peer it serves (trusted for the door's rate
     * limit, so a platform's load of recording sessions is not cut to the untrusted rate); it supports {@code siprec}
     * (RFC 7866), so a {@code Require: siprec} is not answered 420.
     */
    private static final class RecordingSessionScreen implements SipDispatcher.RequestScreen {
        @Override
        public int screen(Request request, java.net.InetSocketAddress source, DialogHandler owner) {
            return EmbeddedSrs.screen(request, source, owner);
        }

        @Override
        public boolean trusted(java.net.InetAddress address) {
            return true;
        }

        @Override
        public java.util.Set<String> optionTags() {
            return java.util.Set.of("siprec");
        }

        /**
         * A new RS INVITE whose Contact the stack cannot parse is recorded anyway (issue 11: everything needed is
         * there; answers and the SRS's BYE go to the SRC's source address); counted as a defect by
         * {@link EmbeddedSrs#noteDefects}. In-dialog requests keep the stack's rule.
         */
        @Override
        public boolean acceptsUnparseableContact(Request request) {
            javax.sip.header.ToHeader to = (javax.sip.header.ToHeader) request.getHeader(javax.sip.header.ToHeader.NAME);
            return to != null && to.getTag() == null;
        }
    }

    /** Requests outside a dialog: a new recording session (INVITE), OPTIONS, or 405. */
    private void onInitialRequest(RequestEvent event, ServerTransaction tx, DialogHandler existing) {
        Request request = tx.getRequest();
        switch (request.getMethod()) {
            case Request.INVITE -> {
                String callId = SipHeaders.callId(request);
                if (existing != null || callId == null) {
                    respond(tx, existing != null ? Response.LOOP_DETECTED : Response.BAD_REQUEST,
                            existing != null ? "a recording session with this Call-ID exists" : "no Call-ID");
                    return;
                }
                RecordingSession s = new RecordingSession(callId, sip.source(event),
                        new SerialExecutor(pool), settings.recordingsDir(), media);
                SessionDialogs handler = new SessionDialogs(s);
                if (!router.register(callId, handler)) {
                    respond(tx, Response.LOOP_DETECTED, "a recording session with this Call-ID exists");
                    return;
                }
                sessions.put(callId, s);
                s.events.execute(() -> onInitialInvite(s, tx, settings, ports, index));
            }
            case Request.OPTIONS -> respond(tx, Response.OK, null);
            default -> respond(tx, Response.METHOD_NOT_ALLOWED, request.getMethod() + " does not open a recording session");
        }
    }

    /** A recording session as the owner of its dialog: its SIP events in order on its own executor. */
    private final class SessionDialogs implements DialogHandler {
        private final RecordingSession session;

        SessionDialogs(RecordingSession session) {
            this.session = session;
        }

        @Override
        public java.util.concurrent.Executor executor() {
            return session.events;
        }

        /** Only the SRC that set the recording session up (the transport source of its INVITE). */
        @Override
        public boolean accepts(String callId, java.net.InetSocketAddress source) {
            return session.source != null && session.source.getAddress().equals(source.getAddress());
        }

        @Override
        public void onRequest(ServerTransaction transaction) {
            onInDialog(session, transaction);
        }

        @Override
        public void onCancel(ServerTransaction cancel) {
            EmbeddedSrs.this.onCancel(session, cancel);
        }

        @Override
        public void onDialogTerminated(javax.sip.Dialog dialog) {
            if (session.state() != RecordingSession.State.CLOSED) {
                LOG.info("Recording {}: dialog ended without BYE", session.id);
                finish(session, "dialog terminated");
            }
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        // only responses to our own BYEs at shutdown: nothing to do
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        // a 2xx not acknowledged ends its dialog: see processDialogTerminated
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.info("SIP transport error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // nothing kept per transaction
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        dispatcher.processDialogTerminated(event);
    }

    // ------------------------------------------------------------------ recording session events

    private void onInitialInvite(RecordingSession s, ServerTransaction tx, SrsSettings cfg, PortPool pool, RecordingIndex idx) {
        Request invite = tx.getRequest();
        try {
            tx.sendResponse(response(Response.TRYING, invite));
            List<String> unsupported = unsupportedRequires(invite);
            if (!unsupported.isEmpty()) {
                Response r = response(Response.BAD_EXTENSION, invite);
                r.addHeader(sip.headerFactory().createUnsupportedHeader(String.join(", ", unsupported)));
                r.addHeader(warning("unsupported option tag in Require: " + String.join(", ", unsupported)));
                LOG.info("RS INVITE {} from {} refused with 420: Require {}", s.callId, s.source, unsupported);
                reject(s, tx, r);
                return;
            }
            RsBody body;
            try {
                body = RsBody.of(SipHeaders.contentType(invite), invite.getRawContent());
            } catch (IllegalArgumentException e) {
                LOG.info("RS INVITE {} refused with 400: {}", s.callId, e.getMessage());
                reject(s, tx, Response.BAD_REQUEST, e.getMessage());
                return;
            }
            if (!isRecordingSession(invite, body)) {
                LOG.info("INVITE {} from {} refused with 488: {}", s.callId, s.source, NOT_SIPREC);
                reject(s, tx, Response.NOT_ACCEPTABLE_HERE, NOT_SIPREC);
                return;
            }
            noteDefects(s, invite, body);
            if (body.sdp() == null) {
                LOG.info("RS INVITE {} refused with 488: no SDP offer", s.callId);
                reject(s, tx, Response.NOT_ACCEPTABLE_HERE, "recording session offer without SDP");
                return;
            }
            RecordingMetadata metadata = null;
            if (body.metadata() != null) {
                try {
                    metadata = reader.read(body.metadata(), deviation -> defects.note(src(s), deviation));
                } catch (MetadataException e) {
                    LOG.info("RS INVITE {} refused with 400: {}", s.callId, e.getMessage());
                    reject(s, tx, Response.BAD_REQUEST, "invalid recording metadata: " + e.getMessage());
                    return;
                }
            }
            List<Plan> plans;
            try {
                plans = plans(SdpOffer.parse(body.sdp()));
            } catch (InvalidSdpException e) {
                LOG.info("RS INVITE {} refused with 488: {}", s.callId, e.getMessage());
                reject(s, tx, Response.NOT_ACCEPTABLE_HERE, e.getMessage());
                return;
            }
            logRejectedStreams(s, plans);
            if (plans.stream().allMatch(p -> p.kind() == Kind.REJECTED)) {
                LOG.info("RS INVITE {} refused with 488: no stream that can be recorded", s.callId);
                reject(s, tx, Response.NOT_ACCEPTABLE_HERE,
                        "no offered stream can be recorded (RTP/AVP, or RTP/SAVP with a supported a=crypto, with a port needed)");
                return;
            }
            if (metadata != null) {
                s.addMetadata(body.metadata(), metadata);
            }
            int[] local;
            try {
                local = s.applyOffer(plans, pool);
            } catch (PortsExhaustedException e) {
                LOG.error("RS INVITE {} refused with 503: {}", s.callId, e.getMessage());
                reject(s, tx, Response.SERVICE_UNAVAILABLE, "no free receive port");
                return;
            }
            s.localTag = Long.toHexString(Double.doubleToLongBits(Math.random()) ^ System.nanoTime());
            s.dialog = sip.provider().getNewDialog(tx);
            String answer = SdpOffer.answer(cfg.mediaAddress().getHostAddress(), s.sdpSessionId, s.sdpVersion++, plans, local);
            s.lastAnswer = answer;
            tx.sendResponse(ok(s, invite, answer));
            archive.started(s, s.root());
            LOG.info("Recording {} started: Call-ID {} from {}, {} stream(s){}, {}", s.id, s.callId, s.source,
                    plans.stream().filter(p -> p.kind() != Kind.REJECTED).count(),
                    plans.stream().anyMatch(p -> p.kind() != Kind.REJECTED && p.srtp()) ? " (SRTP)" : "",
                    metadata == null ? "no metadata" : metadata.participants().size() + " participant(s)");
        } catch (IOException e) {
            LOG.error("Recording for {} cannot be stored: {}", s.callId, e.toString());
            reject(s, tx, Response.SERVER_INTERNAL_ERROR, "cannot store the recording");
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            // a defect of ours, never a normal answer to peer input: with the stack trace, and the SRC told what
            LOG.warn("RS INVITE {} from {} failed", s.callId, s.source, e);
            reject(s, tx, Response.SERVER_INTERNAL_ERROR, "internal error of the SRS: " + e.getClass().getSimpleName());
        }
    }

    /** Streams refused for a reason the SRC cannot see in the answer (SRTP without a usable key): logged. */
    private static void logRejectedStreams(RecordingSession s, List<Plan> plans) {
        for (Plan p : plans) {
            if (p.note() != null) {
                LOG.info("RS {}: stream {} rejected: {}", s.callId, p.offered().label(), p.note());
            }
        }
    }

    private static List<Plan> plans(List<SdpOffer.Offered> offered) {
        List<Plan> plans = new ArrayList<>();
        for (SdpOffer.Offered o : offered) {
            plans.add(SdpOffer.plan(o));
        }
        return plans;
    }

    private void onInDialog(RecordingSession s, ServerTransaction tx) {
        Request request = tx.getRequest();
        String method = request.getMethod();
        try {
            if (s.state() == RecordingSession.State.CLOSED && !Request.BYE.equals(method)) {
                respond(tx, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, "the recording session has ended");
                return;
            }
            switch (method) {
                case Request.BYE -> {
                    respond(tx, Response.OK, null);
                    finish(s, "BYE");
                }
                case Request.INVITE, Request.UPDATE -> onReOffer(s, tx);
                case Request.INFO, Request.OPTIONS, Request.PRACK, Request.MESSAGE, Request.NOTIFY -> respond(tx, Response.OK, null);
                default -> respond(tx, Response.METHOD_NOT_ALLOWED, method + " is not handled in a recording session");
            }
        } catch (RuntimeException e) {
            LOG.warn("Recording {}: {} failed", s.id, method, e);
            respond(tx, Response.SERVER_INTERNAL_ERROR, "internal error of the SRS: " + e.getClass().getSimpleName());
        }
    }

    /** re-INVITE / UPDATE: new SDP and/or a metadata update (stored and merged). */
    private void onReOffer(RecordingSession s, ServerTransaction tx) {
        Request request = tx.getRequest();
        RsBody body;
        try {
            body = RsBody.of(SipHeaders.contentType(request), request.getRawContent());
        } catch (IllegalArgumentException e) {
            respond(tx, Response.BAD_REQUEST, e.getMessage());
            return;
        }
        try {
            List<Plan> plans = null;
            if (body.sdp() != null) {
                try {
                    plans = plans(SdpOffer.parse(body.sdp()));
                } catch (InvalidSdpException e) {
                    respond(tx, Response.NOT_ACCEPTABLE_HERE, e.getMessage());
                    return;
                }
                logRejectedStreams(s, plans);
            }
            if (body.metadata() != null) {
                RecordingMetadata update;
                try {
                    update = reader.read(body.metadata(), deviation -> defects.note(src(s), deviation));
                } catch (MetadataException e) {
                    LOG.info("Recording {}: metadata update refused with 400: {}", s.id, e.getMessage());
                    respond(tx, Response.BAD_REQUEST, "invalid recording metadata: " + e.getMessage());
                    return;
                }
                s.addMetadata(body.metadata(), update);
                LOG.debug("Recording {}: metadata update stored", s.id);
            }
            String answer = null;
            if (plans != null) {
                int[] local;
                try {
                    local = s.applyOffer(plans, ports);
                } catch (PortsExhaustedException e) {
                    respond(tx, Response.SERVICE_UNAVAILABLE, "no free receive port");
                    return;
                }
                answer = SdpOffer.answer(settings.mediaAddress().getHostAddress(), s.sdpSessionId, s.sdpVersion++, plans, local);
                s.lastAnswer = answer;
            } else if (Request.INVITE.equals(request.getMethod())) {
                answer = s.lastAnswer; // offerless re-INVITE: our current description is the offer
            }
            if (answer != null) {
                tx.sendResponse(ok(s, request, answer));
            } else {
                Response r = response(Response.OK, request);
                r.addHeader(contact(request));
                tx.sendResponse(r);
            }
        } catch (IOException e) {
            LOG.error("Recording {}: cannot store an update: {}", s.id, e.toString());
            respond(tx, Response.SERVER_INTERNAL_ERROR, "cannot store the update");
        } catch (ParseException | SipException | InvalidArgumentException e) {
            LOG.warn("Recording {}: cannot answer {}: {}", s.id, request.getMethod(), e.toString());
        }
    }

    private void onCancel(RecordingSession s, ServerTransaction cancel) {
        respond(cancel, Response.OK, null);
        // the INVITE was handled before (same serial executor): either answered already (the SRC sends BYE)
        // or refused; nothing is left to cancel
        LOG.debug("Recording {}: CANCEL after the INVITE was answered", s.id);
    }

    private void finish(RecordingSession s, String reason) {
        IndexEntry entry = s.close(reason);
        if (entry != null) {
            // encrypted before its index line: a crash in between leaves a recording without a line, which the
            // next start finds and encrypts (CrashRecovery), never an indexed recording left in plaintext
            sealer.seal(s.id, ArchiveFeed.files(entry, s.root()), ArchiveFeed.partyAors(entry));
            try {
                index.append(entry);
            } catch (IOException e) {
                LOG.error("Recording {}: cannot append to the index: {}", s.id, e.toString());
            } finally {
                s.archived();
            }
            archive.ended(entry, s.root());
            LOG.info("Recording {} {} ({}): {} s, {}", s.id, entry.state(), reason, entry.durationSeconds(), entry.wav());
        }
        // kept briefly so that retransmitted BYEs are still answered
        try {
            timers.schedule(() -> {
                sessions.remove(s.callId, s);
                router.unregister(s.callId, router.owner(s.callId));
            }, 32, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            sessions.remove(s.callId, s);
        }
    }

    private void sendBye(RecordingSession s) {
        try {
            if (s.dialog != null && s.dialog.getState() == DialogState.CONFIRMED) {
                s.dialog.sendRequest(sip.provider().getNewClientTransaction(s.dialog.createRequest(Request.BYE)));
            }
        } catch (SipException | RuntimeException e) {
            LOG.debug("Recording {}: BYE failed: {}", s.id, e.toString());
        }
    }

    // ------------------------------------------------------------------ SIP helpers

    /** Require: siprec, Supported: siprec, a Contact with +sip.src (or src), or a metadata part in the body. */
    static boolean isRecordingSession(Request request, RsBody body) {
        if (SipHeaders.supports(request, "siprec")) {
            return true;
        }
        for (String contact : SipHeaders.values(request, "Contact")) {
            if (RsBody.contactMarksSrc(contact)) {
                return true;
            }
        }
        String unparseable = SipHeaders.unparseableContact(request);
        if (unparseable != null && RsBody.contactMarksSrc(unparseable.substring(unparseable.indexOf(':') + 1))) {
            return true;
        }
        return body.metadata() != null;
    }

    /**
     * What this INVITE does differently from RFC 7866 but is recorded anyway: counted for its SRC (and logged once
     * per SRC by {@link ToleratedDefects}). The metadata's own deviations are reported by its reader.
     */
    private void noteDefects(RecordingSession s, Request invite, RsBody body) {
        if (SipHeaders.unparseableContact(invite) != null) {
            // the door gave the INVITE a Contact from its source address (RequestAdmission#acceptsUnparseableContact)
            defects.note(src(s), "unparseable Contact (Contact taken from the source address)");
        }
        List<String> contacts = SipHeaders.values(invite, "Contact");
        if (contacts.stream().anyMatch(RsBody::contactMarksSrc) && contacts.stream().noneMatch(RsBody::contactHasSipSrc)) {
            defects.note(src(s), "Contact ;src instead of +sip.src");
        }
        if (!SipHeaders.requires(invite, "siprec")) {
            defects.note(src(s), "no Require: siprec");
        }
        if (body.metadataType() != null && !RsBody.METADATA_TYPE.equals(body.metadataType())) {
            // the drafts' type by name; any other (peer-chosen) type as one kind, so it cannot multiply the kinds
            defects.note(src(s), RsBody.isMetadata(body.metadataType()) ? "metadata typed " + body.metadataType()
                    : "metadata part of another type with Content-Disposition: recording-session");
        }
    }

    private static String src(RecordingSession s) {
        return s.source == null ? "unknown" : s.source.getAddress().getHostAddress();
    }

    private static List<String> unsupportedRequires(Request request) {
        List<String> result = new ArrayList<>();
        for (String tag : SipHeaders.optionTags(request, "Require")) {
            String t = tag.toLowerCase(Locale.ROOT);
            if (!SUPPORTED_REQUIRES.contains(t)) {
                result.add(t);
            }
        }
        return result;
    }

    private Response response(int status, Request request) throws ParseException {
        Response r = sip.messageFactory().createResponse(status, request);
        r.setHeader(sip.headerFactory().createServerHeader(List.of(sip.userAgent())));
        return r;
    }

    private Response ok(RecordingSession s, Request request, String sdp) throws ParseException {
        Response r = response(Response.OK, request);
        ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
        if (to.getTag() == null) {
            to.setTag(s.localTag);
        }
        r.addHeader(contact(request));
        if (SipHeaders.supports(request, "siprec")) {
            r.addHeader(sip.headerFactory().createRequireHeader("siprec"));
        }
        r.addHeader(sip.headerFactory().createAllowHeader(ALLOW));
        r.setContent(sdp, sip.headerFactory().createContentTypeHeader("application", "sdp"));
        return r;
    }

    private Header contact(Request request) throws ParseException {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        boolean tls = via != null && "tls".equalsIgnoreCase(via.getTransport()) && sip.tlsPort() > 0;
        boolean tcp = !tls && via != null && "tcp".equalsIgnoreCase(via.getTransport()) && sip.tcpPort() > 0;
        int port = tls ? sip.tlsPort() : tcp ? sip.tcpPort() : sip.udpPort();
        String host = sip.host().contains(":") ? "[" + sip.host() + "]" : sip.host();
        // an RS that came over TLS keeps its in-dialog requests (ACK, re-INVITE, BYE) on TLS
        return sip.headerFactory().createHeader("Contact",
                "<sip:srs@" + host + ":" + port + (tls ? ";transport=tls" : tcp ? ";transport=tcp" : "") + ">;+sip.srs");
    }

    /**
     * RFC 3261 20.43: code 399 (miscellaneous), the SRS as agent, the reason as quoted text. The reason may quote
     * peer input (a metadata error names the element and its text): control characters, quotes and backslashes
     * would break the header (or inject one), so they are replaced, and the text is cut at 200 characters.
     */
    static String warningText(String text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), 200));
        for (int i = 0; i < text.length() && b.length() < 200; i++) {
            char c = text.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? ' ' : c == '"' ? '\'' : c == '\\' ? '/' : c);
        }
        return b.toString();
    }

    private Header warning(String text) throws ParseException, InvalidArgumentException {
        return sip.headerFactory().createWarningHeader(sip.host(), 399, warningText(text));
    }

    private void reject(RecordingSession s, ServerTransaction tx, int status, String warning) {
        try {
            Response r = response(status, tx.getRequest());
            if (warning != null) {
                r.addHeader(warning(warning));
            }
            reject(s, tx, r);
        } catch (ParseException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("cannot send {}: {}", status, e.toString());
            s.close("refused");
            sessions.remove(s.callId, s);
        }
    }

    private void reject(RecordingSession s, ServerTransaction tx, Response r) {
        ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
        try {
            if (to.getTag() == null) {
                to.setTag(Long.toHexString(System.nanoTime()));
            }
            tx.sendResponse(r);
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("cannot send {}: {}", r.getStatusCode(), e.toString());
        }
        s.close("refused");
        sessions.remove(s.callId, s);
    }

    private void respond(ServerTransaction tx, int status, String warning) {
        try {
            Response r = response(status, tx.getRequest());
            if (warning != null) {
                r.addHeader(warning(warning));
            }
            if (status == Response.OK && Request.OPTIONS.equals(tx.getRequest().getMethod())) {
                r.addHeader(sip.headerFactory().createAllowHeader(ALLOW));
                r.addHeader(sip.headerFactory().createAcceptHeader("application", "sdp"));
                r.addHeader(sip.headerFactory().createAcceptHeader("application", "rs-metadata+xml"));
                r.addHeader(sip.headerFactory().createAcceptHeader("multipart", "mixed"));
                r.addHeader(sip.headerFactory().createSupportedHeader("siprec"));
            }
            if (status == Response.METHOD_NOT_ALLOWED) {
                r.addHeader(sip.headerFactory().createAllowHeader(ALLOW));
            }
            tx.sendResponse(r);
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("cannot send {}: {}", status, e.toString());
        }
    }

    // ------------------------------------------------------------------ RecordingCatalog

    @Override
    public List<CatalogEntry> recent(int limit) {
        return catalog.recent(limit);
    }

    @Override
    public Optional<CatalogEntry> find(String recordingId) {
        return catalog.find(recordingId);
    }

    @Override
    public List<CatalogEntry> byCallId(String callId) {
        return catalog.byCallId(callId);
    }

    /** The merged metadata of a recording session still open (initial document and updates), or {@code null}. */
    org.siprec.metadata.RecordingMetadata metadataOf(String callId) {
        RecordingSession s = sessions.get(callId);
        return s == null ? null : s.metadata();
    }

    @Override
    public List<CatalogEntry> bySessionId(String sessionId) {
        return catalog.bySessionId(sessionId);
    }

    /** The receive ports still free (for tests and status). */
    int freePortPairs() {
        return ports.freePairs();
    }

    /** The defects tolerated from one SRC (its IP address), counted by kind. */
    Map<String, Long> toleratedDefects(String srcAddress) {
        return defects.of(srcAddress);
    }

    /** Live recording sessions (for tests). */
    int liveSessions() {
        return (int) sessions.values().stream().filter(s -> s.state() == RecordingSession.State.RECORDING).count();
    }

    InetSocketAddress mediaSocket(int port) {
        return new InetSocketAddress(settings.mediaAddress(), port);
    }
}
