package org.siprec.src.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.header.AllowHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ToHeader;
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
import org.osgi.service.metatype.annotations.Designate;
import org.siprec.api.media.MediaMirror;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.RecordingPolicy;
import org.siprec.api.srs.SrsAdapter;
import org.siprec.api.srs.SrsTarget;
import org.siprec.api.ops.CallMonitor;
import org.siprec.api.ops.CallSummary;
import org.siprec.sip.SipApplication;
import org.siprec.sip.SerialExecutor;
import org.siprec.sip.SipEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The B2BUA at the heart of the Session Recording Client: accepts calls from trusted peers, forwards each as a new
 * dialog with its media anchored in the {@link MediaMirror}, and relays everything in between. Events of one call
 * are handled in order on that call's {@link SerialExecutor}; nothing blocks the stack's threads.
 */
@Component(service = {SipApplication.class, CallMonitor.class}, configurationPid = "org.siprec.src", immediate = true,
        property = SipEndpoint.NAME_PROPERTY + "=" + SipEndpoint.MAIN)
@Designate(ocd = SrcConfig.class)
public class B2buaApplication implements SipApplication, CallMonitor, CallContext {
    private static final Logger LOG = LoggerFactory.getLogger(B2buaApplication.class);
    static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, PRACK, UPDATE, INFO, MESSAGE, NOTIFY, REFER, SUBSCRIBE";

    private final SipEndpoint sip;
    private final MediaMirror media;
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Set<Call> live = ConcurrentHashMap.newKeySet();
    private final LongAdder callsTotal = new LongAdder();
    private final LongAdder callsAnswered = new LongAdder();
    private final LongAdder callsUnanswered = new LongAdder();
    private final LongAdder refusedUntrusted = new LongAdder();
    private volatile SrcSettings settings;
    private final Plugins<RecordingPolicy> policies = new Plugins<>();
    private final Plugins<SrsAdapter> srsAdapters = new Plugins<>();
    private final ExecutorService pool;
    private final ScheduledExecutorService timers;

    @Activate
    public B2buaApplication(@Reference(name = "sip", target = "(" + SipEndpoint.NAME_PROPERTY + "=" + SipEndpoint.MAIN + ")") SipEndpoint sip, @Reference(name = "media") MediaMirror media, SrcConfig config) {
        this.sip = sip;
        this.media = media;
        this.settings = SrcSettings.from(config, sip.addressFactory());
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
        this.pool = Executors.newFixedThreadPool(threads, named("siprec-call"));
        this.timers = Executors.newSingleThreadScheduledExecutor(named("siprec-timer"));
        LOG.info("SRC ready: trusted peers {}, outbound proxy {}, default session case {}", settings.trustedPeers(),
                settings.outboundProxy().isEmpty() ? "(none)" : settings.outboundProxy(), settings.defaultSessionCase().token());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPolicy(RecordingPolicy policy, Map<String, Object> properties) {
        policies.add(policy, properties);
        LOG.info("Recording policy {} added; it applies to new calls", policy.getClass().getName());
    }

    void unbindPolicy(RecordingPolicy policy) {
        policies.remove(policy);
        LOG.info("Recording policy {} removed; live calls keep their decision", policy.getClass().getName());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSrsAdapter(SrsAdapter adapter, Map<String, Object> properties) {
        srsAdapters.add(adapter, properties);
    }

    void unbindSrsAdapter(SrsAdapter adapter) {
        srsAdapters.remove(adapter);
    }

    @Modified
    void modified(SrcConfig config) {
        try {
            settings = SrcSettings.from(config, sip.addressFactory());
            LOG.info("SRC reconfigured: trusted peers {}, outbound proxy {}, default session case {}",
                    settings.trustedPeers(), settings.outboundProxy().isEmpty() ? "(none)" : settings.outboundProxy(),
                    settings.defaultSessionCase().token());
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid configuration org.siprec.src ignored, keeping the current one: {}", e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        int n = live.size();
        for (Call call : live) {
            call.events.execute(call::releaseBoth);
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

    // ------------------------------------------------------------------ SipApplication

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        try {
            String cid = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
            Call known = calls.get(cid);
            // requests in a recording session come from the SRS we chose, which need not be a trusted call peer
            boolean recordingDialog = known != null && known.isRecordingDialog(cid);
            if (!Request.ACK.equals(method) && !recordingDialog) {
                InetSocketAddress source = sip.source(event);
                if (!settings.trustedPeers().allows(source.getAddress())) {
                    refusedUntrusted.increment();
                    LOG.info("{} from untrusted {} refused with 403", method, source);
                    sip.provider().sendResponse(sip.messageFactory().createResponse(Response.FORBIDDEN, request));
                    return;
                }
            }
            String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
            Call call = calls.get(callId);
            if (Request.ACK.equals(method)) {
                if (call != null) {
                    call.events.execute(() -> call.onAck(event));
                }
                return;
            }
            ServerTransaction st = event.getServerTransaction();
            if (st == null) {
                try {
                    st = sip.provider().getNewServerTransaction(request);
                } catch (TransactionAlreadyExistsException e) {
                    return; // a retransmission the stack already handles
                } catch (TransactionUnavailableException e) {
                    // the stack cannot build a transaction for it, typically a mandatory header is missing
                    LOG.info("{} refused with 400: {}", method, e.getMessage());
                    Response bad = sip.messageFactory().createResponse(Response.BAD_REQUEST, request);
                    bad.setReasonPhrase(e.getMessage() == null ? "Bad Request" : e.getMessage().replaceAll("[\\r\\n]", " "));
                    sip.provider().sendResponse(bad);
                    return;
                }
            }
            ServerTransaction tx = st;
            if (Request.CANCEL.equals(method)) {
                if (call != null) {
                    call.events.execute(() -> call.onCancel(tx));
                } else {
                    tx.sendResponse(sip.messageFactory().createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request));
                }
                return;
            }
            String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
            if (toTag == null) {
                outOfDialog(tx, request, callId, call);
            } else if (call != null) {
                call.events.execute(() -> call.onInDialogRequest(tx));
            } else {
                tx.sendResponse(sip.messageFactory().createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request));
            }
        } catch (Exception e) {
            LOG.warn("{} could not be handled: {}", method, e.toString());
            LOG.debug("Failure detail", e);
        }
    }

    private void outOfDialog(ServerTransaction tx, Request request, String callId, Call existing) throws Exception {
        switch (request.getMethod()) {
            case Request.INVITE -> {
                if (existing != null) {
                    // RFC 3261 8.2.2.2: a second INVITE with the Call-ID of a live call and no To tag
                    tx.sendResponse(sip.messageFactory().createResponse(Response.LOOP_DETECTED, request));
                    return;
                }
                Call call = new Call(this, callId, tx, request);
                calls.put(callId, call);
                live.add(call);
                callsTotal.increment();
                call.events.execute(call::onInitialInvite);
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

    private AllowHeader allow() throws java.text.ParseException {
        return sip.headerFactory().createAllowHeader(ALLOW);
    }

    @Override
    public void processResponse(ResponseEvent event) {
        Response response = event.getResponse();
        Call call = calls.get(((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId());
        if (call != null) {
            call.events.execute(() -> call.onResponse(event));
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (event.isServerTransaction()) {
            return;
        }
        ClientTransaction ct = event.getClientTransaction();
        Call call = calls.get(((CallIdHeader) ct.getRequest().getHeader(CallIdHeader.NAME)).getCallId());
        if (call != null) {
            call.events.execute(() -> call.onTimeout(ct));
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.info("SIP transport error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        if (event.isServerTransaction()) {
            return;
        }
        ClientTransaction ct = event.getClientTransaction();
        Call call = calls.get(((CallIdHeader) ct.getRequest().getHeader(CallIdHeader.NAME)).getCallId());
        if (call != null) {
            call.events.execute(() -> call.onTransactionTerminated(ct));
        }
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        Call call = calls.get(event.getDialog().getCallId().getCallId());
        if (call != null) {
            call.events.execute(() -> call.onDialogTerminated(event.getDialog()));
        }
    }

    // ------------------------------------------------------------------ CallContext

    @Override
    public SipEndpoint sip() {
        return sip;
    }

    @Override
    public MediaMirror media() {
        return media;
    }

    @Override
    public SrcSettings settings() {
        return settings;
    }

    @Override
    public Executor pool() {
        return pool;
    }

    @Override
    public ScheduledExecutorService timers() {
        return timers;
    }

    @Override
    public void index(String callId, Call call) {
        calls.put(callId, call);
    }

    /** SRSs that refused TCP, with when; kept 5 minutes so that each call does not pay (and log) a failed connect. */
    private final Map<String, Long> tcpRefusals = new ConcurrentHashMap<>();

    @Override
    public boolean tcpRefused(String srsHostPort) {
        Long since = tcpRefusals.get(srsHostPort);
        if (since == null) {
            return false;
        }
        if (System.nanoTime() - since > TimeUnit.MINUTES.toNanos(5)) {
            tcpRefusals.remove(srsHostPort, since);
            return false;
        }
        return true;
    }

    @Override
    public void tcpRefusedBy(String srsHostPort) {
        tcpRefusals.put(srsHostPort, System.nanoTime());
    }

    @Override
    public Call callOf(String callId) {
        return calls.get(callId);
    }

    @Override
    public Decision decide(CommunicationSession session) {
        for (RecordingPolicy policy : policies.inOrder()) {
            try {
                Decision d = policy.evaluate(session);
                if (d != null && d.verdict() != Decision.Verdict.ABSTAIN) {
                    return d;
                }
            } catch (RuntimeException e) {
                // a broken policy must not hurt the call: it is treated as having no opinion
                LOG.error("Recording policy {} failed for call {}: {}", policy.getClass().getName(), session.callId(), e.toString());
            }
        }
        return Decision.skip("no policy asked for recording");
    }

    @Override
    public List<SrsTarget> srsTargets(CommunicationSession session) {
        List<SrsTarget> targets = new ArrayList<>();
        for (SrsAdapter adapter : srsAdapters.inOrder()) {
            try {
                List<SrsTarget> t = adapter.targets(session);
                if (t != null) {
                    targets.addAll(t);
                }
            } catch (RuntimeException e) {
                LOG.error("SRS adapter {} failed for call {}: {}", adapter.getClass().getName(), session.callId(), e.toString());
            }
        }
        return targets;
    }

    @Override
    public void ended(Call call, boolean answered) {
        // keep the call findable briefly so late retransmissions and the final BYE response are still matched
        timers.schedule(() -> {
            calls.remove(call.aCallId(), call);
            if (call.bCallId() != null) {
                calls.remove(call.bCallId(), call);
            }
        }, 32, TimeUnit.SECONDS);
        if (live.remove(call)) {
            (answered ? callsAnswered : callsUnanswered).increment();
        }
    }

    // ------------------------------------------------------------------ CallMonitor

    @Override
    public List<CallSummary> activeCalls() {
        List<CallSummary> result = new ArrayList<>();
        for (Call call : live) {
            result.add(call.summary());
        }
        result.sort((a, b) -> b.duration().compareTo(a.duration()));
        return result;
    }

    @Override
    public Map<String, String> status() {
        Map<String, String> status = new LinkedHashMap<>();
        status.put("sip.listen", sip.host() + " udp " + sip.udpPort() + " tcp " + sip.tcpPort());
        status.put("trusted.peers", settings.trustedPeers().toString());
        status.put("calls.active", Integer.toString(live.size()));
        status.put("calls.total", callsTotal.toString());
        status.put("calls.answered", callsAnswered.toString());
        status.put("calls.unanswered", callsUnanswered.toString());
        status.put("requests.untrusted", refusedUntrusted.toString());
        status.put("media.sessions", Integer.toString(media.openSessions()));
        status.put("media.ports.free", Integer.toString(media.freePorts()));
        return status;
    }
}
