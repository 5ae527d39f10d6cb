package org.siprec.src.b2bua;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.AllowHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.siprec.api.compliance.AnnouncementPrompts;
import org.siprec.api.directory.SubscriberDirectory;
import org.osgi.service.metatype.annotations.Designate;
import org.siprec.api.media.MediaMirror;
import org.siprec.sip.SipApplication;
import org.siprec.sip.SipEndpoint;
import org.siprec.sip.SipHeaders;
import org.siprec.sip.dialog.DialogHandler;
import org.siprec.sip.dialog.DialogRouter;
import org.siprec.sip.dialog.SipDispatcher;
import org.siprec.sip.dialog.SipDispatcher.RequestScreen;
import org.siprec.src.overload.OverloadGate;
import org.siprec.src.decision.PolicyEngine;
import org.siprec.src.recording.RecordingLimits;
import org.siprec.src.recording.RecordingReporter;
import org.siprec.src.recording.SrsSelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The B2BUA at the heart of the Session Recording Client, as the SIP application of the main endpoint: admits
 * requests (at the endpoint's door, before the stack's dialog layer), starts a {@link Call} for each initial INVITE from a trusted peer, answers OPTIONS, and lets the
 * {@link SipDispatcher} route everything else to the dialog's owner (a call, or a call's recording session).
 */
@Component(service = SipApplication.class, configurationPid = "org.siprec.src", immediate = true,
        property = SipEndpoint.NAME_PROPERTY + "=" + SipEndpoint.MAIN)
@Designate(ocd = SrcConfig.class)
public class B2buaApplication implements SipApplication {
    private static final Logger LOG = LoggerFactory.getLogger(B2buaApplication.class);
    static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, PRACK, UPDATE, INFO, MESSAGE, NOTIFY, REFER, SUBSCRIBE";

    private final SipEndpoint sip;
    private final CallRegistry registry;
    private final SipDispatcher dispatcher;
    private final CallServices services;
    private final ExecutorService pool;
    private final ScheduledExecutorService timers;
    private volatile SrcSettings settings;
    private final OverloadGate overload;
    /** The announcement prompt provider, if one is installed; taken once per call when its decision is known. */
    private volatile AnnouncementPrompts prompts;
    /** The subscriber directory, if installed: the served user's DTMF feature codes are read from it per call. */
    private volatile SubscriberDirectory directory;

    @Activate
    public B2buaApplication(@Reference(name = "sip", target = "(" + SipEndpoint.NAME_PROPERTY + "=" + SipEndpoint.MAIN + ")") SipEndpoint sip,
            @Reference(name = "media") MediaMirror media, @Reference(name = "registry") CallRegistry registry,
            @Reference(name = "policies") PolicyEngine policies, @Reference(name = "srs") SrsSelector srs,
            @Reference(name = "reporter") RecordingReporter reporter, @Reference(name = "overload") OverloadGate overload,
            SrcConfig config) {
        this.sip = sip;
        this.overload = overload;
        this.registry = registry;
        this.settings = SrcSettings.from(config, sip.addressFactory());
        registry.trustedPeers(settings.trustedPeers());
        registry.mirror(media); // siprec:status shows the mirror media.target selected, not the highest-ranked one
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
        this.pool = Executors.newFixedThreadPool(threads, named("siprec-call"));
        this.timers = Executors.newSingleThreadScheduledExecutor(named("siprec-timer"));
        overload.watch(pool, timers);
        DialogRouter router = new DialogRouter();
        this.services = new CallServices(sip, media, () -> settings, pool, timers, router, registry, policies, srs, reporter,
                () -> prompts, () -> directory, () -> limits);
        this.dispatcher = new SipDispatcher(sip, router, new Admission(), this::onInitialRequest);
        LOG.info("SRC ready: trusted peers {}, outbound proxy {}, default session case {}", settings.trustedPeers(),
                settings.outboundProxy().isEmpty() ? "(none)" : settings.outboundProxy(), settings.defaultSessionCase().token());
    }

    @Reference(name = "prompts", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPrompts(AnnouncementPrompts p) {
        prompts = p;
    }

    void unbindPrompts(AnnouncementPrompts p) {
        if (prompts == p) {
            prompts = null;
        }
    }

    @Reference(name = "directory", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDirectory(SubscriberDirectory d) {
        directory = d;
    }

    void unbindDirectory(SubscriberDirectory d) {
        if (directory == d) {
            directory = null;
        }
    }

    /** The recording limits (maximum duration, company quotas), while installed; taken once per call at set-up. */
    private volatile RecordingLimits limits;

    @Reference(name = "limits", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindLimits(RecordingLimits l) {
        limits = l;
    }

    void unbindLimits(RecordingLimits l) {
        if (limits == l) {
            limits = null;
        }
    }

    @Modified
    void modified(SrcConfig config) {
        try {
            settings = SrcSettings.from(config, sip.addressFactory());
            registry.trustedPeers(settings.trustedPeers());
            LOG.info("SRC reconfigured: trusted peers {}, outbound proxy {}, default session case {}",
                    settings.trustedPeers(), settings.outboundProxy().isEmpty() ? "(none)" : settings.outboundProxy(),
                    settings.defaultSessionCase().token());
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid configuration org.siprec.src ignored, keeping the current one: {}", e.getMessage());
        }
    }

    @Deactivate
    public void deactivate() {
        registry.mirror(null);
        dispatcher.close();
        overload.unwatch();
        int n = 0;
        for (Call call : registry.live()) {
            call.executor().execute(call::releaseBoth);
            n++;
        }
        pool.shutdown();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
        pool.shutdownNow();
        LOG.info("SRC stopped; {} live call(s) released", n);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Who is admitted, applied by the endpoint before the stack's transaction and dialog layers see a request:
     * initial requests (no known dialog) only from trusted peers; requests with the Call-ID of a known dialog as its
     * owner says (a call: a trusted peer or that leg's peer; a recording session: its SRS). Anything else is refused
     * with 403 statelessly and counted; an ACK is never answered, only dropped.
     */
    private final class Admission implements RequestScreen {
        @Override
        public int screen(Request request, InetSocketAddress source, DialogHandler owner) {
            boolean allowed = owner != null
                    ? owner.accepts(SipHeaders.callId(request), source)
                    : trusted(source.getAddress());
            if (allowed) {
                return owner == null && Request.INVITE.equals(request.getMethod()) ? admitNewCall(request, source)
                        : RequestScreen.ACCEPT;
            }
            if (Request.ACK.equals(request.getMethod())) {
                return RequestScreen.DROP;
            }
            registry.refusedUntrusted();
            LOG.info("{} from untrusted {} refused with 403", request.getMethod(), source);
            return Response.FORBIDDEN;
        }

        @Override
        public boolean trusted(InetAddress address) {
            return settings.trustedPeers().allows(address);
        }

        /** A new call from a trusted peer: refused with 503 (Retry-After added by the endpoint) when overloaded. */
        private int admitNewCall(Request request, InetSocketAddress source) {
            return overload.admit(registry.liveCount()).isPresent() ? Response.SERVICE_UNAVAILABLE
                    : RequestScreen.ACCEPT;
        }
    }

    private void onInitialRequest(RequestEvent event, ServerTransaction tx, DialogHandler existing) throws Exception {
        Request request = tx.getRequest();
        switch (request.getMethod()) {
            case Request.INVITE -> {
                if (existing != null && !(existing instanceof Call previous && previous.ended())) {
                    // RFC 3261 8.2.2.2: a second INVITE with the Call-ID of a live call and no To tag
                    tx.sendResponse(sip.messageFactory().createResponse(Response.LOOP_DETECTED, request));
                    return;
                }
                if (existing != null) {
                    // a finished call only lingers for late retransmissions (DialogRouter.LINGER_SECONDS); its
                    // transactions are over, so RFC 3261 8.2.2.2 makes this a new request, not a merged one: the
                    // new call takes the Call-ID, and the old dialog's stragglers then meet tag matching (481)
                    services.router().unregister(SipHeaders.callId(request), existing);
                }
                if (!acceptsSdp(request)) {
                    // RFC 3261 21.4.7: the caller cannot take the SDP answer a call needs (RFC 4475 sdp01)
                    Response notAcceptable = sip.messageFactory().createResponse(Response.NOT_ACCEPTABLE, request);
                    notAcceptable.addHeader(sip.headerFactory().createAcceptHeader("application", "sdp"));
                    tx.sendResponse(notAcceptable);
                    return;
                }
                String callId = SipHeaders.callId(request);
                Call call = new Call(services, callId, tx, sip.source(event));
                if (!services.router().register(callId, call)) {
                    tx.sendResponse(sip.messageFactory().createResponse(Response.LOOP_DETECTED, request));
                    return;
                }
                registry.started(call);
                call.executor().execute(call::onInitialInvite);
            }
            case Request.OPTIONS -> {
                Response ok = sip.messageFactory().createResponse(Response.OK, request);
                ok.addHeader(allow());
                ok.addHeader(sip.headerFactory().createAcceptHeader("application", "sdp"));
                ok.addHeader(sip.headerFactory().createSupportedHeader("100rel"));
                tx.sendResponse(ok);
            }
            default -> {
                Response r = sip.messageFactory().createResponse(Response.METHOD_NOT_ALLOWED, request);
                r.addHeader(allow());
                tx.sendResponse(r);
            }
        }
    }

    /** Whether the request's Accept headers (none: anything) admit application/sdp. */
    static boolean acceptsSdp(Request request) {
        java.util.ListIterator<?> accepts = request.getHeaders(javax.sip.header.AcceptHeader.NAME);
        if (accepts == null || !accepts.hasNext()) {
            return true;
        }
        while (accepts.hasNext()) {
            javax.sip.header.AcceptHeader accept = (javax.sip.header.AcceptHeader) accepts.next();
            String type = accept.getContentType();
            String subType = accept.getContentSubType();
            if (type == null || type.isEmpty() || "*".equals(type)
                    || ("application".equalsIgnoreCase(type) && (subType == null || "*".equals(subType) || "sdp".equalsIgnoreCase(subType)))) {
                return true;
            }
        }
        return false;
    }

    private AllowHeader allow() throws java.text.ParseException {
        return sip.headerFactory().createAllowHeader(ALLOW);
    }

    // ------------------------------------------------------------------ SipApplication

    @Override
    public void processRequest(RequestEvent event) {
        dispatcher.processRequest(event);
    }

    @Override
    public void processResponse(ResponseEvent event) {
        dispatcher.processResponse(event);
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        dispatcher.processTimeout(event);
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.info("SIP transport error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        dispatcher.processTransactionTerminated(event);
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        dispatcher.processDialogTerminated(event);
    }
}
