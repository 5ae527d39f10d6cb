package org.siprec.testcall.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionState;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.siprec.sip.SipEndpoint;
import org.siprec.sip.SipHeaders;
import org.siprec.sip.sdp.InvalidSdpException;
import org.siprec.sip.sdp.RtpMap;
import org.siprec.sip.sdp.SdpBuilder;
import org.siprec.sip.sdp.SdpDirection;
import org.siprec.sip.sdp.SdpMedia;
import org.siprec.sip.sdp.SessionDescriptionEditor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The test call user agent, both ends of one call: as <b>caller</b> it sends an INVITE to the platform (Request-URI
 * {@code sip:test-callee@<own address>}, so that the platform forwards the call back here), and as <b>callee</b> it
 * answers the INVITE the platform sends on (180, then 200 with SDP). Each side sends G.711 µ-law RTP from its own
 * socket to the address in the other side's SDP, i.e. through the platform's relay: the caller a 440 Hz tone, the
 * callee 660 Hz. After the requested audio time the caller sends BYE.
 * <p>
 * A plain class (no OSGi): give it a {@link SipEndpoint} and deliver the endpoint's events to it (it is a
 * {@link SipListener}). Listener methods run on the stack's thread and only create server transactions and queue
 * work; all call state is touched on one executor thread, which also paces the RTP.
 */
public final class TestCallAgent implements SipListener, AutoCloseable {
    public static final String CALLER_USER = "test-caller";
    public static final String CALLEE_USER = "test-callee";
    public static final String CALLER_NAME = "Test Caller";
    public static final String CALLEE_NAME = "Test Callee";
    static final double CALLER_TONE_HZ = 440;
    static final double CALLEE_TONE_HZ = 660;
    static final double TONE_LEVEL = 0.3;
    static final String SESSION_ID = "Session-ID";
    /** The platform must answer something (100 Trying) within this time, else it is taken as not running. */
    static final long FIRST_RESPONSE_MS = 8_000;
    /** Our own callee answers at once; a final answer later than this means something is wrong on the way. */
    static final long ANSWER_MS = 30_000;
    /** How long to wait for the BYE's answer, and for the callee side to see the BYE, before reporting. */
    static final long BYE_MS = 8_000;
    static final long CALLEE_END_GRACE_MS = 2_000;
    /** Calls stay known this long after they end, so retransmissions still find them. */
    static final long LINGER_MS = 32_000;

    private static final Logger LOG = LoggerFactory.getLogger(TestCallAgent.class);

    private final SipEndpoint sip;
    private final ScheduledExecutorService executor;
    private final String mediaAddress;
    /** Both ends' dialogs by Call-ID. */
    private final Map<String, Leg> legs = new ConcurrentHashMap<>();
    /** Callers by the Session-ID their INVITE carries: the platform copies it to the INVITE our callee gets. */
    private final Map<String, CallerLeg> callers = new ConcurrentHashMap<>();

    /**
     * @param sip          the endpoint whose events are delivered to this agent
     * @param executor     a single-threaded scheduler: all call state is handled on it
     * @param mediaAddress local address for the RTP sockets; {@code null} or blank: the endpoint's address
     */
    public TestCallAgent(SipEndpoint sip, ScheduledExecutorService executor, String mediaAddress) {
        this.sip = sip;
        this.executor = executor;
        this.mediaAddress = mediaAddress == null || mediaAddress.isBlank() ? null : mediaAddress.trim();
    }

    private String mediaAddress() {
        return mediaAddress != null ? mediaAddress : sip.host();
    }

    /**
     * Places a test call through the platform at {@code platformUri} (e.g. {@code sip:127.0.0.1:5060}) with
     * {@code audio} of tone each way. The future completes when the call is over (never exceptionally).
     */
    public CompletableFuture<CallOutcome> call(String platformUri, Duration audio) {
        if (audio.isNegative() || audio.isZero() || audio.toSeconds() > 3600) {
            throw new IllegalArgumentException("audio time must be between 20 ms and 1 hour: " + audio);
        }
        CallerLeg caller = new CallerLeg(platformUri, Math.max(1, audio.toMillis() / RtpStream.PERIOD_MS));
        try {
            executor.execute(caller::start);
        } catch (RejectedExecutionException e) {
            caller.future.complete(caller.outcome("the test call service is stopping"));
        }
        return caller.future;
    }

    /** Ends the agent: live calls are abandoned (their sockets closed). */
    @Override
    public void close() {
        for (Leg leg : legs.values()) {
            leg.closeMedia();
        }
        for (CallerLeg c : callers.values()) {
            c.future.complete(c.outcome("the test call service stopped during the call"));
        }
    }

    // ------------------------------------------------------------------ SipListener (stack thread)

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        String callId = callIdOf(request);
        Leg leg = legs.get(callId);
        try {
            if (Request.ACK.equals(method)) {
                if (leg != null) {
                    run(() -> leg.onAck(request));
                }
                return;
            }
            ServerTransaction st = event.getServerTransaction();
            if (st == null) {
                try {
                    st = sip.provider().getNewServerTransaction(request);
                } catch (TransactionAlreadyExistsException e) {
                    return; // a retransmission, absorbed by the stack
                } catch (TransactionUnavailableException e) {
                    LOG.info("{} not handled: {}", method, e.getMessage());
                    return;
                }
            }
            ServerTransaction tx = st;
            String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
            if (Request.INVITE.equals(method) && toTag == null) {
                if (leg != null) {
                    tx.sendResponse(sip.messageFactory().createResponse(Response.LOOP_DETECTED, request));
                    return;
                }
                CalleeLeg callee = new CalleeLeg(callId, tx, sip.provider().getNewDialog(tx));
                legs.put(callId, callee);
                run(callee::onInvite);
            } else if (Request.CANCEL.equals(method)) {
                if (leg instanceof CalleeLeg callee) {
                    run(() -> callee.onCancel(tx));
                } else {
                    tx.sendResponse(sip.messageFactory().createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request));
                }
            } else if (leg != null && toTag != null) {
                run(() -> leg.onInDialog(tx));
            } else if (Request.OPTIONS.equals(method)) {
                tx.sendResponse(sip.messageFactory().createResponse(Response.OK, request));
            } else {
                int status = toTag != null ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : Response.METHOD_NOT_ALLOWED;
                tx.sendResponse(sip.messageFactory().createResponse(status, request));
            }
        } catch (Exception e) {
            LOG.warn("{} could not be handled: {}", method, e.toString());
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        if (legs.get(callIdOf(event.getResponse())) instanceof CallerLeg caller) {
            run(() -> caller.onResponse(event));
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (!event.isServerTransaction()) {
            ClientTransaction ct = event.getClientTransaction();
            if (legs.get(callIdOf(ct.getRequest())) instanceof CallerLeg caller) {
                run(() -> caller.onTimeout(ct.getRequest().getMethod()));
            }
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.info("SIP transport error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // nothing to do: calls are forgotten LINGER_MS after they end
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // likewise
    }

    private void run(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("Test call event failed: {}", e.toString(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Test call agent stopped; event dropped");
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String callIdOf(Message m) {
        return SipHeaders.callId(m);
    }

    private static String token() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    private String transport() {
        return sip.udpPort() > 0 ? "udp" : "tcp";
    }

    private int port() {
        return sip.udpPort() > 0 ? sip.udpPort() : sip.tcpPort();
    }

    private ContactHeader contact(String user) throws ParseException {
        SipURI uri = sip.addressFactory().createSipURI(user, sip.host());
        uri.setPort(port());
        if ("tcp".equals(transport())) {
            uri.setTransportParam("tcp");
        }
        return sip.headerFactory().createContactHeader(sip.addressFactory().createAddress(uri));
    }

    /** Our offer or answer: one PCMU stream, 20 ms packets, both directions. */
    private String sdp(String user, int rtpPort) {
        String address = mediaAddress();
        long version = System.currentTimeMillis() / 1000;
        SdpBuilder sdp = SdpBuilder.origin(user, version, version, address).sessionName("siprec test call").connection(address);
        String pcmu = Integer.toString(RtpStream.PAYLOAD_TYPE_PCMU);
        sdp.media("audio", rtpPort, "RTP/AVP").format(pcmu, RtpMap.ofStaticType(pcmu))
                .attribute("ptime", Long.toString(RtpStream.PERIOD_MS)).direction(SdpDirection.SENDRECV);
        return sdp.build();
    }

    /** The far RTP address of the first audio stream offering PCMU, from an SDP body. */
    static InetSocketAddress pcmuTarget(Message m) throws InvalidSdpException {
        if (!SipHeaders.hasBody(m)) {
            throw new InvalidSdpException("no SDP body");
        }
        byte[] body = m.getRawContent();
        List<SdpMedia> media = SessionDescriptionEditor.parse(new String(body, UTF_8)).media();
        for (SdpMedia s : media) {
            if ("audio".equalsIgnoreCase(s.type()) && s.port() > 0 && s.formats().contains("0")) {
                if (s.address() == null || s.address().isBlank() || "0.0.0.0".equals(s.address())) {
                    throw new InvalidSdpException("the audio stream has no usable address");
                }
                return new InetSocketAddress(s.address(), s.port());
            }
        }
        throw new InvalidSdpException("no audio stream with PCMU (payload type 0)");
    }

    private void setSdp(Message m, String sdp) throws ParseException {
        m.setContent(sdp, sip.headerFactory().createContentTypeHeader("application", "sdp"));
    }

    private void forgetLater(Leg leg) {
        try {
            executor.schedule(() -> {
                legs.remove(leg.callId(), leg);
                leg.closeMedia();
            }, LINGER_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            leg.closeMedia();
        }
    }

    // ------------------------------------------------------------------ legs (executor thread only)

    private abstract class Leg {
        abstract String callId();

        abstract void onAck(Request ack);

        abstract void onInDialog(ServerTransaction tx);

        abstract void closeMedia();

        /** Answers an in-dialog request: 200 (with our SDP for an offer), and re-targets the RTP to a new offer. */
        void answerInDialog(ServerTransaction tx, RtpStream rtp, String user) throws Exception {
            Request request = tx.getRequest();
            Response ok = sip.messageFactory().createResponse(Response.OK, request);
            String method = request.getMethod();
            if ((Request.INVITE.equals(method) || Request.UPDATE.equals(method)) && rtp != null) {
                ok.addHeader(contact(user));
                if (request.getRawContent() != null && request.getRawContent().length > 0) {
                    try {
                        rtp.retarget(pcmuTarget(request));
                    } catch (InvalidSdpException e) {
                        LOG.debug("{} offer in {} not used: {}", user, method, e.getMessage());
                    }
                }
                setSdp(ok, sdp(user, rtp.localPort()));
            }
            tx.sendResponse(ok);
        }
    }

    /** The calling end: INVITE to the platform, ACK, RTP, BYE; completes {@link #future} with the outcome. */
    private final class CallerLeg extends Leg {
        final CompletableFuture<CallOutcome> future = new CompletableFuture<>();
        final String platformUri;
        final long audioPackets;
        final String sessionId = HexFormat.of().formatHex(uuidBytes());
        final Instant start = Instant.now();
        String callId;
        ClientTransaction invite;
        Dialog dialog;
        RtpStream rtp;
        CalleeLeg callee;
        boolean responded;
        boolean answered;
        boolean byeSent;
        boolean ended;
        int status;
        String reason;
        String endedBy;
        ScheduledFuture<?> guard;

        CallerLeg(String platformUri, long audioPackets) {
            this.platformUri = platformUri;
            this.audioPackets = audioPackets;
        }

        private static byte[] uuidBytes() {
            byte[] b = new byte[16];
            ThreadLocalRandom.current().nextBytes(b);
            return b;
        }

        @Override
        String callId() {
            return callId;
        }

        void start() {
            try {
                rtp = new RtpStream(mediaAddress(), new ToneGenerator(CALLER_TONE_HZ, TONE_LEVEL));
                Request request = invite();
                callId = callIdOf(request);
                legs.put(callId, this);
                callers.put(sessionId, this);
                invite = sip.provider().getNewClientTransaction(request);
                dialog = sip.provider().getNewDialog(invite);
                invite.sendRequest();
                LOG.info("Test call {} (Session-ID {}) sent to {}", callId, sessionId, platformUri);
                guard = executor.schedule(() -> {
                    if (!responded) {
                        fail(0, "no response from the platform at " + platformUri + " within "
                                + FIRST_RESPONSE_MS / 1000 + " s: is it running? (siprec:status, etc/org.siprec.sip.cfg)");
                    }
                }, FIRST_RESPONSE_MS, TimeUnit.MILLISECONDS);
                executor.schedule(() -> {
                    if (!answered && !ended) {
                        cancel();
                        fail(0, "not answered within " + ANSWER_MS / 1000 + " s");
                    }
                }, ANSWER_MS, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.warn("Test call to {} not sent: {}", platformUri, e.toString());
                fail(0, "cannot send the INVITE to " + platformUri + ": " + e.getMessage());
            }
        }

        private Request invite() throws ParseException, javax.sip.InvalidArgumentException {
            HeaderFactory h = sip.headerFactory();
            String host = sip.host();
            SipURI calleeUri = sip.addressFactory().createSipURI(CALLEE_USER, host);
            calleeUri.setPort(port());
            SipURI callerUri = sip.addressFactory().createSipURI(CALLER_USER, host);
            Address from = sip.addressFactory().createAddress(callerUri);
            from.setDisplayName(CALLER_NAME);
            Address to = sip.addressFactory().createAddress((SipURI) calleeUri.clone());
            to.setDisplayName(CALLEE_NAME);
            ViaHeader via = h.createViaHeader(host, port(), transport(), "z9hG4bK" + token());
            Request request = sip.messageFactory().createRequest(calleeUri, Request.INVITE, sip.provider().getNewCallId(),
                    h.createCSeqHeader(1L, Request.INVITE), h.createFromHeader(from, token()), h.createToHeader(to, null),
                    List.of(via), h.createMaxForwardsHeader(70));
            // the packets go to the platform, which routes on by the Request-URI: back to this endpoint
            SipURI platform = (SipURI) sip.addressFactory().createURI(platformUri.trim());
            platform.setLrParam();
            if ("tcp".equals(transport())) {
                platform.setTransportParam("tcp");
            }
            request.addHeader(h.createRouteHeader(sip.addressFactory().createAddress(platform)));
            request.addHeader(contact(CALLER_USER));
            request.addHeader(h.createUserAgentHeader(List.of(sip.userAgent(), "test-call")));
            request.addHeader(h.createHeader(SESSION_ID, sessionId));
            request.addHeader(h.createHeader("Subject", "siprec test call"));
            setSdp(request, sdp(CALLER_USER, rtp.localPort()));
            return request;
        }

        void onResponse(ResponseEvent event) {
            Response response = event.getResponse();
            CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
            int code = response.getStatusCode();
            responded = true;
            if (Request.BYE.equals(cseq.getMethod())) {
                if (code >= 200) {
                    endedBy = "caller";
                    if (code >= 300) {
                        LOG.info("Test call {}: BYE answered {} {}", callId, code, response.getReasonPhrase());
                    }
                    finishWhenCalleeEnded();
                }
                return;
            }
            if (!Request.INVITE.equals(cseq.getMethod()) || code < 200) {
                return;
            }
            Dialog d = event.getDialog() != null ? event.getDialog() : dialog;
            if (code >= 300) {
                fail(code, response.getReasonPhrase());
                return;
            }
            if (answered || ended) {
                ack(d, cseq.getSeqNumber()); // a retransmitted 2xx
                return;
            }
            answered = true;
            status = code;
            reason = response.getReasonPhrase();
            dialog = d;
            ack(d, cseq.getSeqNumber());
            try {
                InetSocketAddress target = pcmuTarget(response);
                LOG.info("Test call {} answered; caller sends {} ms of 440 Hz to {}", callId, audioPackets * RtpStream.PERIOD_MS, target);
                rtp.start(executor, target, audioPackets, this::hangUp);
            } catch (InvalidSdpException e) {
                reason = "the answer's SDP cannot be used: " + e.getMessage();
                hangUp();
            }
        }

        private void ack(Dialog d, long seq) {
            try {
                d.sendAck(d.createAck(seq));
            } catch (Exception e) {
                LOG.warn("Test call {}: ACK not sent: {}", callId, e.toString());
            }
        }

        void hangUp() {
            if (byeSent || ended) {
                return;
            }
            byeSent = true;
            rtp.stop();
            try {
                Request bye = dialog.createRequest(Request.BYE);
                dialog.sendRequest(sip.provider().getNewClientTransaction(bye));
                executor.schedule(() -> {
                    if (!ended) {
                        endedBy = null;
                        finish();
                    }
                }, BYE_MS, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.warn("Test call {}: BYE not sent: {}", callId, e.toString());
                finish();
            }
        }

        private void cancel() {
            try {
                sip.provider().getNewClientTransaction(invite.createCancel()).sendRequest();
            } catch (Exception e) {
                LOG.debug("Test call {}: CANCEL not sent: {}", callId, e.toString());
            }
        }

        void onTimeout(String method) {
            if (Request.INVITE.equals(method) && !answered) {
                fail(0, "the platform at " + platformUri + " did not answer the INVITE (timeout)");
            } else if (Request.BYE.equals(method)) {
                endedBy = null;
                finish();
            }
        }

        @Override
        void onAck(Request ack) {
            // the caller gets no INVITE, so no ACK either
        }

        @Override
        void onInDialog(ServerTransaction tx) {
            try {
                answerInDialog(tx, rtp, CALLER_USER);
                if (Request.BYE.equals(tx.getRequest().getMethod()) && !ended) {
                    byeSent = true;
                    rtp.stop();
                    endedBy = "platform (BYE to the caller)";
                    finishWhenCalleeEnded();
                }
            } catch (Exception e) {
                LOG.warn("Test call {}: {} not answered: {}", callId, tx.getRequest().getMethod(), e.toString());
            }
        }

        void calleeEnded() {
            if (byeSent && endedBy != null && !ended) {
                finish();
            }
        }

        private void finishWhenCalleeEnded() {
            if (callee == null || callee.ended) {
                finish();
            } else {
                executor.schedule(this::finish, CALLEE_END_GRACE_MS, TimeUnit.MILLISECONDS);
            }
        }

        private void fail(int code, String why) {
            if (ended) {
                return;
            }
            status = code;
            reason = why;
            finish();
        }

        void finish() {
            if (ended) {
                return;
            }
            ended = true;
            if (guard != null) {
                guard.cancel(false);
            }
            if (rtp != null) {
                rtp.stop();
            }
            if (callee != null && !callee.ended) {
                callee.rtp.stop(); // counts frozen for the report; the callee still answers a late BYE
            }
            CallOutcome outcome = outcome(reason);
            callers.remove(sessionId, this);
            if (callId != null) {
                forgetLater(this);
            } else if (rtp != null) {
                rtp.close();
            }
            LOG.info("Test call {}: {}", callId, outcome.describe());
            future.complete(outcome);
        }

        CallOutcome outcome(String why) {
            return new CallOutcome(callId, callee == null ? null : callee.callId, sessionId, start, answered, status,
                    why == null ? "" : why, answered ? endedBy : null, rtp == null ? 0 : rtp.sent(),
                    rtp == null ? 0 : rtp.received(), callee == null || callee.rtp == null ? 0 : callee.rtp.sent(),
                    callee == null || callee.rtp == null ? 0 : callee.rtp.received());
        }

        @Override
        void closeMedia() {
            if (rtp != null) {
                rtp.close();
            }
        }
    }

    /** The called end: answers the INVITE the platform forwards, sends RTP from its 200 until the BYE. */
    private final class CalleeLeg extends Leg {
        final String callId;
        final ServerTransaction invite;
        final Dialog dialog;
        final String tag = token();
        RtpStream rtp;
        InetSocketAddress target;
        CallerLeg caller;
        boolean ended;

        CalleeLeg(String callId, ServerTransaction invite, Dialog dialog) {
            this.callId = callId;
            this.invite = invite;
            this.dialog = dialog;
        }

        @Override
        String callId() {
            return callId;
        }

        void onInvite() {
            Request request = invite.getRequest();
            String sid = SipHeaders.value(request, SESSION_ID);
            if (sid != null) {
                caller = callers.get(sid.split(";")[0].trim().toLowerCase(Locale.ROOT));
            }
            if (caller != null) {
                caller.callee = this;
            } else {
                LOG.info("Test callee: INVITE {} from {} matches no test call; answered anyway", callId,
                        ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress());
            }
            try {
                try {
                    target = pcmuTarget(request);
                } catch (InvalidSdpException e) {
                    Response notAcceptable = sip.messageFactory().createResponse(Response.NOT_ACCEPTABLE_HERE, request);
                    notAcceptable.setReasonPhrase("Not Acceptable Here (" + e.getMessage() + ")");
                    respond(notAcceptable);
                    ended = true;
                    forgetLater(this);
                    return;
                }
                rtp = new RtpStream(mediaAddress(), new ToneGenerator(CALLEE_TONE_HZ, TONE_LEVEL));
                respond(sip.messageFactory().createResponse(Response.RINGING, request));
                Response ok = sip.messageFactory().createResponse(Response.OK, request);
                setSdp(ok, sdp(CALLEE_USER, rtp.localPort()));
                respond(ok);
                // offer and answer are complete: media may flow now (RFC 3264 5.1), the ACK need not be awaited
                startMedia();
            } catch (Exception e) {
                LOG.warn("Test callee: INVITE {} not answered: {}", callId, e.toString());
                ended = true;
                forgetLater(this);
            }
        }

        private void respond(Response response) throws Exception {
            ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(tag);
            if (response.getStatusCode() < 300) {
                response.addHeader(contact(CALLEE_USER));
            }
            invite.sendResponse(response);
        }

        @Override
        void onAck(Request ack) {
            startMedia();
        }

        private void startMedia() {
            if (ended || rtp == null || rtp.started()) {
                return;
            }
            // sends until the BYE; the cap only guards against a BYE that never comes
            long cap = caller != null ? caller.audioPackets + 60_000 / RtpStream.PERIOD_MS : 3_600_000 / RtpStream.PERIOD_MS;
            LOG.info("Test call {}: callee sends 660 Hz to {}", callId, target);
            rtp.start(executor, target, cap, null);
        }

        void onCancel(ServerTransaction cancel) {
            try {
                cancel.sendResponse(sip.messageFactory().createResponse(Response.OK, cancel.getRequest()));
                if (!ended && invite.getState() == TransactionState.PROCEEDING) {
                    respond(sip.messageFactory().createResponse(Response.REQUEST_TERMINATED, invite.getRequest()));
                }
            } catch (Exception e) {
                LOG.debug("Test callee: CANCEL {}: {}", callId, e.toString());
            }
            end();
        }

        @Override
        void onInDialog(ServerTransaction tx) {
            try {
                answerInDialog(tx, rtp, CALLEE_USER);
            } catch (Exception e) {
                LOG.warn("Test callee {}: {} not answered: {}", callId, tx.getRequest().getMethod(), e.toString());
            }
            if (Request.BYE.equals(tx.getRequest().getMethod())) {
                end();
            }
        }

        private void end() {
            if (ended) {
                return;
            }
            ended = true;
            if (rtp != null) {
                rtp.stop();
            }
            forgetLater(this);
            if (caller != null) {
                caller.calleeEnded();
            }
        }

        @Override
        void closeMedia() {
            if (rtp != null) {
                rtp.close();
            }
        }
    }
}
