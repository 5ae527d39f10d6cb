package org.siprec.src.b2bua;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ListIterator;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.siprec.api.media.MediaException;
import org.siprec.api.media.RelayStream.Side;
import org.siprec.api.model.SessionCase;
import org.siprec.api.ops.CallSummary;
import org.siprec.sip.SerialExecutor;
import org.siprec.sip.SipEndpoint;
import org.siprec.sip.SipHeaders;
import org.siprec.sip.dialog.DialogHandler;
import org.siprec.sip.dialog.DialogPeers;
import org.siprec.sip.dialog.Tags;
import org.siprec.sip.sdp.InvalidSdpException;
import org.siprec.src.decision.CombinedDecision;
import org.siprec.src.media.EarlyAnswer;
import org.siprec.src.media.MediaAnchor;
import org.siprec.src.recording.CallRecorder;
import org.siprec.src.recording.RecordingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call through the B2BUA: the A-leg (towards the caller, where the INVITE came from) and the B-leg (towards
 * the callee), from the initial INVITE to the end. In-dialog traffic is relayed by its {@link InDialogRelay}, media
 * anchored by its {@link MediaAnchor}, the recording run by its {@link CallRecorder}. Every method except
 * {@link #summary()} and {@link #accepts} runs on the call's {@link SerialExecutor}, so the state needs no locks.
 * <p>
 * Over 400 lines because the initial INVITE transaction (offer, provisional, reliable provisional, answer, CANCEL,
 * forks, no-answer timer) is one state machine; splitting it would scatter its state.
 */
final class Call implements DialogHandler, CallLegs {
    private static final Logger LOG = LoggerFactory.getLogger(Call.class);

    enum State {
        INITIAL, EARLY, CONFIRMED, TERMINATING, TERMINATED
    }

    private final SerialExecutor events;
    private final CallServices services;
    private final SipEndpoint sip;
    private final Replies replies;
    private final BLegRequests requests;
    private final InDialogRelay relay;
    private final MediaAnchor media;
    private final String aCallId;
    private final Instant start = Instant.now();
    private final ServerTransaction aInvite;
    private final Request aInviteRequest;
    private final String aTag = Tags.random(8);

    private volatile State state = State.INITIAL;
    private volatile String caller = "";
    private volatile String callee = "";
    private String bCallId;
    private Dialog aDialog;
    private Dialog bDialog;
    private ClientTransaction bInvite;
    private boolean aSupportsReliable;
    private boolean provisionalReceived;
    private boolean cancelPending;
    private Response lastReliableFromB;
    private ScheduledFuture<?> noAnswerTimer;
    /** Set on the call's executor; read by {@link #summary()} from the operational views' threads. */
    private volatile CallRecorder recorder;
    /** The a=record indication toward record-aware parties and their a=recordpref; set once the call proceeds. */
    private RecordIndicator indicator;
    private RecordPrefControl preferences;
    /**
     * The platform's own answer to the caller, sent in a 183 to play the announcement in early media
     * ({@code announcement.moment=early}); repeated in the 200. {@code null} when the call has no early prompt.
     */
    private EarlyAnswer earlyAnswer;
    private String earlyAnswerSdp;

    /** The A-leg's peer: where the initial INVITE came from. */
    private final DialogPeers aPeers;
    /** The B-leg's peer: where the INVITE was sent and where its answers came from. */
    private final DialogPeers bPeers = new DialogPeers();

    Call(CallServices services, String aCallId, ServerTransaction aInvite, InetSocketAddress aSource) {
        this.aPeers = new DialogPeers(aSource == null ? null : aSource.getAddress());
        this.services = services;
        this.sip = services.sip();
        this.replies = new Replies(sip);
        this.requests = new BLegRequests(sip);
        this.relay = new InDialogRelay(this, sip, requests, replies);
        this.media = new MediaAnchor(services.media(), aCallId);
        this.aCallId = aCallId;
        this.aInvite = aInvite;
        this.aInviteRequest = aInvite.getRequest();
        this.events = new SerialExecutor(services.pool());
    }

    String bCallId() {
        return bCallId;
    }

    State state() {
        return state;
    }

    CallSummary summary() {
        CallRecorder rec = recorder;
        if (rec == null) {
            return new CallSummary(aCallId, caller, callee, state.name(), Duration.between(start, Instant.now()), null, null);
        }
        java.util.List<org.siprec.api.ops.RecordingSummary> recordings = new java.util.ArrayList<>();
        if (rec.state() != org.siprec.src.recording.RecordingState.SKIPPED) {
            recordings.add(new org.siprec.api.ops.RecordingSummary(rec.recordingId(), rec.srsGroup(), rec.state().name(), rec.srsUri()));
        }
        for (org.siprec.src.recording.GroupRecording other : rec.others()) {
            recordings.add(new org.siprec.api.ops.RecordingSummary(other.recordingId(), other.group(), other.state().name(),
                    other.srsUri()));
        }
        return new CallSummary(aCallId, caller, callee, state.name(), Duration.between(start, Instant.now()),
                rec.state().name(), rec.srsUri(), recordings);
    }

    // ------------------------------------------------------------------ DialogHandler

    @Override
    public Executor executor() {
        return events;
    }

    /**
     * In-dialog requests of this call from a trusted peer, or from that leg's peer (A: the initial INVITE's source;
     * B: where the INVITE went and its answers came from). Runs on the stack's receiving thread: reads only the
     * settings and {@link DialogPeers} (both safe to read concurrently).
     */
    @Override
    public boolean accepts(String callId, InetSocketAddress source) {
        InetAddress from = source.getAddress();
        if (services.settings().get().trustedPeers().allows(from)) {
            return true;
        }
        return aCallId.equals(callId) ? aPeers.contains(from) : bPeers.contains(from);
    }

    @Override
    public void onRequest(ServerTransaction transaction) {
        relay.onRequest(transaction, sideOf(transaction.getRequest()));
    }

    @Override
    public void onAck(RequestEvent event) {
        relay.onAck(event, sideOf(event.getRequest()));
    }

    // ------------------------------------------------------------------ initial INVITE (A-leg)

    /** Runs the initial INVITE: checks, media anchoring, the recording decision, then the B-leg INVITE. */
    void onInitialInvite() {
        Request a = aInviteRequest;
        try {
            sendToA(replies.create(Response.TRYING, a, null));
            caller = ((FromHeader) a.getHeader(FromHeader.NAME)).getAddress().getURI().toString();
            callee = ((ToHeader) a.getHeader(ToHeader.NAME)).getAddress().getURI().toString();

            MaxForwardsHeader mf = (MaxForwardsHeader) a.getHeader(MaxForwardsHeader.NAME);
            int maxForwards = mf == null ? 70 : mf.getMaxForwards();
            if (maxForwards <= 0) {
                rejectA(Response.TOO_MANY_HOPS, "Too Many Hops", null);
                return;
            }
            if (a.getHeader(ContactHeader.NAME) == null) {
                rejectA(Response.BAD_REQUEST, "Missing Contact header", null);
                return;
            }
            SrcSettings settings = services.settings().get();
            ServedUser served = ServedUser.parse(SipHeaders.value(a, "P-Served-User"));
            SessionCase sessionCase = served.sessionCase() != null ? served.sessionCase() : settings.defaultSessionCase();
            String loopToken = LoopDetector.token(a.getRequestURI().toString(), sessionCase, served.uri());
            if (LoopDetector.looped(a, sip.host(), new int[] {sip.udpPort(), sip.tcpPort()}, loopToken)) {
                LOG.warn("Call {} loops back to this platform (Request-URI {}), refused with 482", aCallId, a.getRequestURI());
                rejectA(Response.LOOP_DETECTED, "Loop Detected", null);
                return;
            }
            aSupportsReliable = SipHeaders.supports(a, "100rel");

            String offer = null;
            if (SipHeaders.hasBody(a)) {
                if (!SipHeaders.isSdp(a)) {
                    rejectA(Response.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type", null);
                    return;
                }
                offer = media.anchor(Side.A, a.getRawContent());
            }

            CallSnapshot snapshot = CallSnapshot.of(aCallId, a, sessionCase, media.lastFrom(Side.A), start);
            CombinedDecision decision = services.policies().decide(snapshot);
            LOG.info("Call {} from {} to {} ({}): recording decision {}", aCallId, caller, callee, sessionCase.token(),
                    decision.summary());
            recorder = new CallRecorder(new RecordingContext(sip, services.media().address(), events, services.timers(),
                    services.router(), services.srs(), services.reporter(), services.prompts().get(),
                    FeatureCodeLookup.codes(settings.dtmf(), services.directory().get(), snapshot),
                    settings.mandatory(), services.limits().get()), snapshot, decision, text -> releaseMandatory(settings.mandatoryRejectStatus(), text));
            String refusal = recorder.refusesCall();
            if (refusal != null) {
                int status = settings.mandatoryRejectStatus();
                LOG.warn("Call {} refused with {}: recording is mandatory and cannot be done: {}", aCallId, status, refusal);
                rejectMandatory(status, "mandatory recording unavailable: " + refusal);
                return;
            }

            watchRecording(settings, a, snapshot);
            aDialog = sip.provider().getNewDialog(aInvite);
            if (offer != null && settings.earlyAnnouncement() && recorder.announcesToCallerEarly()) {
                announceEarly();
                if (state == State.TERMINATED) {
                    return; // the prompt could not be played and recording is mandatory: refused
                }
            }
            Request b = requests.invite(a, maxForwards - 1, loopToken, settings.outboundProxy());
            if (offer != null) {
                String toB = earlyAnswer == null ? offer : earlyAnswer.restrict(offer);
                b.setContent(sdpToward(Side.B, toB), sip.headerFactory().createContentTypeHeader("application", "sdp"));
            }
            bCallId = ((CallIdHeader) b.getHeader(CallIdHeader.NAME)).getCallId();
            services.router().register(bCallId, this);
            bInvite = sip.provider().getNewClientTransaction(b);
            bInvite.setRetransmitTimer(sip.t1Millis());
            bDialog = sip.provider().getNewDialog(bInvite);
            bPeers.add(DialogPeers.destination(bInvite));
            bInvite.sendRequest();
            relay.expectAck(Side.A, ((CSeqHeader) b.getHeader(CSeqHeader.NAME)).getSeqNumber());
            noAnswerTimer = services.timers().schedule(() -> events.execute(this::onNoAnswer),
                    settings.noAnswerTimeout().toMillis(), TimeUnit.MILLISECONDS);
            LOG.debug("Call {} forwarded as {}", aCallId, bCallId);
        } catch (MediaException e) {
            LOG.error("Call {} refused with 503: {}", aCallId, e.getMessage());
            rejectA(Response.SERVICE_UNAVAILABLE, "Service Unavailable", "media resources exhausted");
        } catch (InvalidSdpException e) {
            LOG.info("Call {} refused with 488: {}", aCallId, e.getMessage());
            rejectA(Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here", e.getMessage());
        } catch (java.text.ParseException | IllegalArgumentException | InvalidArgumentException e) {
            LOG.info("Call {} refused with 400: {}", aCallId, e.getMessage());
            rejectA(Response.BAD_REQUEST, "Bad Request", e.getMessage());
        } catch (NoRouteException e) {
            LOG.info("Call {} to {} refused with 404: {}", aCallId, callee, e.getMessage());
            rejectA(Response.NOT_FOUND, "Not Found", e.getMessage());
        } catch (SipException e) {
            LOG.warn("Call {} to {} cannot be forwarded: {}", aCallId, callee, e.getMessage());
            rejectA(Response.SERVICE_UNAVAILABLE, "Service Unavailable", "callee unreachable");
        } catch (RuntimeException e) {
            // whatever the stack or a plugin threw, the caller gets a final answer and the call's resources go
            LOG.warn("Call {} to {} refused with 500: {}", aCallId, callee, String.valueOf(e).replaceAll("\\p{Cntrl}", " "));
            rejectA(Response.SERVER_INTERNAL_ERROR, "Server Internal Error", null);
        }
    }

    /**
     * The announcement in early media: a 183 with the relay's own answer to the caller (reliable when the caller
     * supports 100rel; its PRACK is answered here, there is no callee's response to relay it to), then the prompt
     * to the caller while the callee is alerted. An offer without G.711 audio keeps the prompt for the answer.
     */
    private void announceEarly() throws SipException, MediaException, java.text.ParseException, InvalidArgumentException {
        EarlyAnswer answer;
        try {
            answer = EarlyAnswer.choose(media.lastFrom(Side.A));
        } catch (InvalidSdpException e) {
            LOG.info("Call {}: announcement not played in early media ({}); played on answer", aCallId, e.getMessage());
            return;
        }
        String sdp = media.earlyAnswerSdp(answer);
        Response progress;
        if (aSupportsReliable) {
            progress = aDialog.createReliableProvisionalResponse(Response.SESSION_PROGRESS);
            ((ToHeader) progress.getHeader(ToHeader.NAME)).setTag(aTag);
        } else {
            progress = replies.create(Response.SESSION_PROGRESS, aInviteRequest, aTag);
        }
        progress.setHeader(requests.contactFor(aInviteRequest));
        progress.setContent(sdpToward(Side.A, sdp), sdpType());
        if (aSupportsReliable) {
            aDialog.sendReliableProvisionalResponse(progress);
        } else {
            sendToA(progress);
        }
        state = State.EARLY;
        earlyAnswer = answer;
        earlyAnswerSdp = sdp;
        if (!recorder.callEarly(media.session(), java.util.List.of(answer.stream()))) {
            String refusal = recorder.refusesCall();
            if (refusal != null) {
                // the prompt cannot be played and recording is mandatory: refused as at set-up (the 183 changes nothing)
                int status = services.settings().get().mandatoryRejectStatus();
                LOG.warn("Call {} refused with {}: recording is mandatory and cannot be done: {}", aCallId, status, refusal);
                rejectMandatory(status, "mandatory recording unavailable: " + refusal);
            }
        }
    }

    private void onNoAnswer() {
        if (state == State.INITIAL || state == State.EARLY) {
            LOG.info("Call {}: no answer within {}, cancelled", aCallId, services.settings().get().noAnswerTimeout());
            cancelB();
            rejectA(Response.REQUEST_TIMEOUT, "No Answer", null);
        }
    }

    @Override
    public void onCancel(ServerTransaction cancel) {
        replies.respond(aCallId, cancel, Response.OK, null);
        if (state == State.INITIAL || state == State.EARLY) {
            LOG.debug("Call {} cancelled by the caller", aCallId);
            cancelB();
            rejectA(Response.REQUEST_TERMINATED, "Request Terminated", null);
        }
    }

    private void cancelB() {
        if (bInvite == null) {
            return;
        }
        if (!provisionalReceived) {
            // RFC 3261 9.1: a CANCEL may only follow a provisional response; sent when one arrives
            cancelPending = true;
            return;
        }
        try {
            sip.provider().getNewClientTransaction(bInvite.createCancel()).sendRequest();
        } catch (SipException e) {
            LOG.debug("Call {}: CANCEL towards the callee failed: {}", aCallId, e.getMessage());
        }
    }

    // ------------------------------------------------------------------ responses

    @Override
    public void onResponse(ResponseEvent event) {
        ClientTransaction ct = event.getClientTransaction();
        Response response = event.getResponse();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        if (Request.INVITE.equals(cseq.getMethod()) && ct == bInvite && bCallId.equals(SipHeaders.callId(response))) {
            onInitialInviteResponse(event);
        } else if (ct == null) {
            onStray2xx(event);
        } else if (indicator != null && indicator.owns(ct)) {
            indicator.onResponse(event);
        } else {
            relay.onResponse(event);
        }
    }

    private void onInitialInviteResponse(ResponseEvent event) {
        Response response = event.getResponse();
        bPeers.add(DialogPeers.source(event));
        int status = response.getStatusCode();
        if (status == Response.TRYING) {
            return;
        }
        provisionalReceived = true;
        if (cancelPending && status < 200) {
            cancelPending = false;
            cancelB();
            return;
        }
        if (status < 200) {
            if (state == State.INITIAL || state == State.EARLY) {
                relayProvisional(event);
            }
            return;
        }
        if (status < 300) {
            onInitialInvite2xx(event);
            return;
        }
        cancelNoAnswerTimer();
        if (state == State.INITIAL || state == State.EARLY) {
            try {
                Response toA = replies.create(status, aInviteRequest, aTag);
                toA.setReasonPhrase(response.getReasonPhrase());
                HeaderRelay.copy(response, toA);
                if (status >= 300 && status < 400) {
                    for (ListIterator<?> it = response.getHeaders(ContactHeader.NAME); it.hasNext();) {
                        toA.addHeader((Header) ((Header) it.next()).clone());
                    }
                }
                sendToA(toA);
            } catch (java.text.ParseException | SipException | RuntimeException e) {
                LOG.warn("Call {}: cannot relay {} to the caller: {}", aCallId, status, e.toString());
            }
        }
        end(false);
    }

    private void relayProvisional(ResponseEvent event) {
        Response response = event.getResponse();
        int status = response.getStatusCode();
        boolean reliable = SipHeaders.requires(response, "100rel");
        try {
            String body = null;
            if (SipHeaders.hasBody(response) && SipHeaders.isSdp(response)) {
                body = media.anchor(Side.B, response.getRawContent());
            }
            if (earlyAnswer != null) {
                // the caller hears the announcement: the callee's early media is not relayed (its SDP is kept for
                // the relay only); the caller already has the platform's answer
                body = null;
            }
            if (reliable) {
                if (earlyAnswer == null) {
                    lastReliableFromB = response;
                }
                if (!aSupportsReliable || earlyAnswer != null) {
                    // the caller cannot PRACK: acknowledge the callee ourselves and relay unreliably
                    Request prack = event.getDialog().createPrack(response);
                    event.getDialog().sendRequest(sip.provider().getNewClientTransaction(prack));
                    reliable = false;
                }
            }
            Response toA;
            if (reliable) {
                toA = aDialog.createReliableProvisionalResponse(status);
                ((ToHeader) toA.getHeader(ToHeader.NAME)).setTag(aTag);
                HeaderRelay.copyForReliableResponse(response, toA);
            } else {
                toA = replies.create(status, aInviteRequest, aTag);
                HeaderRelay.copy(response, toA);
            }
            toA.setReasonPhrase(response.getReasonPhrase());
            toA.setHeader(requests.contactFor(aInviteRequest));
            if (body != null) {
                toA.setContent(sdpToward(Side.A, body), sdpType());
            }
            if (reliable) {
                aDialog.sendReliableProvisionalResponse(toA);
            } else {
                sendToA(toA);
            }
            state = State.EARLY;
        } catch (InvalidSdpException | MediaException e) {
            LOG.warn("Call {}: callee sent SDP that cannot be used in {} ({}), not relayed", aCallId, status, e.getMessage());
        } catch (java.text.ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.warn("Call {}: cannot relay {} to the caller: {}", aCallId, status, e.toString());
        }
    }

    private void onInitialInvite2xx(ResponseEvent event) {
        Response response = event.getResponse();
        Dialog dialog = event.getDialog();
        if (state != State.INITIAL && state != State.EARLY) {
            if (dialog != null && dialog != bDialog) {
                // a 2xx on another dialog (RFC 3261 13.2.2.4: ACK it, then end it); ForkedAnswerValve in
                // org.siprec.sip normally answers a second branch before it gets here
                LOG.debug("Call {}: 2xx on another dialog, acknowledged and released", aCallId);
                ackAndBye(dialog, response);
            } else if (dialog != null) {
                resendAck(dialog, response);
            }
            return;
        }
        cancelNoAnswerTimer();
        if (dialog != null) {
            bDialog = dialog;
        }
        if (cancelPending) {
            ackAndBye(bDialog, response);
            end(false);
            return;
        }
        try {
            Response toA = replies.create(response.getStatusCode(), aInviteRequest, aTag);
            toA.setReasonPhrase(response.getReasonPhrase());
            HeaderRelay.copy(response, toA);
            toA.setHeader(requests.contactFor(aInviteRequest));
            if (indicator != null) {
                indicator.aware(Side.B, response);
            }
            if (SipHeaders.hasBody(response) && SipHeaders.isSdp(response)) {
                String anchored = media.anchor(Side.B, response.getRawContent());
                // after an early answer the caller's offer/answer is complete: the 200 repeats that answer
                toA.setContent(sdpToward(Side.A, earlyAnswer == null ? anchored : earlyAnswerSdp), sdpType());
            }
            relay.expectAck(Side.A, ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber());
            sendToA(toA);
            state = State.CONFIRMED;
            LOG.debug("Call {} answered", aCallId);
            if (SipHeaders.hasBody(response) && SipHeaders.isSdp(response)) {
                sdpFrom(Side.B, response.getRawContent());
            }
            startRecording();
        } catch (InvalidSdpException | MediaException e) {
            LOG.warn("Call {}: answer unusable ({}), call released", aCallId, e.getMessage());
            ackAndBye(bDialog, response);
            rejectA(Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here", e.getMessage());
        } catch (java.text.ParseException | SipException | RuntimeException e) {
            LOG.warn("Call {}: cannot relay the answer to the caller: {}", aCallId, e.toString());
            ackAndBye(bDialog, response);
            rejectA(Response.SERVER_INTERNAL_ERROR, "Server Internal Error", null);
        }
    }

    private void onStray2xx(ResponseEvent event) {
        Response response = event.getResponse();
        LOG.debug("Call {}: response {} outside a transaction, dialog {}", aCallId, response.getStatusCode(),
                event.getDialog() == null ? "none" : event.getDialog().getDialogId());
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        if (Request.INVITE.equals(cseq.getMethod()) && response.getStatusCode() / 100 == 2 && event.getDialog() != null) {
            resendAck(event.getDialog(), response);
        }
    }

    /** A retransmitted 2xx means our ACK was lost: send it again, but only once the caller's own ACK was relayed. */
    private void resendAck(Dialog dialog, Response response) {
        long seq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
        if (relay.awaitingAck(seq) && dialog == bDialog) {
            return;
        }
        try {
            dialog.sendAck(dialog.createAck(seq));
        } catch (SipException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("Call {}: cannot re-send ACK: {}", aCallId, e.toString());
        }
    }

    private void ackAndBye(Dialog dialog, Response response) {
        try {
            long seq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            dialog.sendAck(dialog.createAck(seq));
            Request bye = dialog.createRequest(Request.BYE);
            dialog.sendRequest(sip.provider().getNewClientTransaction(bye));
        } catch (SipException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("Call {}: cannot release a callee dialog: {}", aCallId, e.toString());
        }
    }

    @Override
    public void onTimeout(ClientTransaction ct) {
        if (ct == bInvite) {
            if (state == State.INITIAL || state == State.EARLY) {
                LOG.info("Call {}: callee {} did not answer the INVITE, 408", aCallId, callee);
                rejectA(Response.REQUEST_TIMEOUT, "Request Timeout", null);
            }
            return;
        }
        if (indicator != null && indicator.owns(ct)) {
            indicator.onTimeout(ct);
            return;
        }
        relay.onTimeout(ct);
    }

    @Override
    public void onTransactionTerminated(ClientTransaction ct) {
        relay.onTransactionTerminated(ct);
    }

    @Override
    public void onDialogTerminated(Dialog dialog) {
        if (state == State.TERMINATED || state == State.TERMINATING) {
            return;
        }
        if ((dialog == aDialog || dialog == bDialog) && state == State.CONFIRMED) {
            LOG.info("Call {}: dialog ended without BYE, releasing the other leg", aCallId);
            releaseBoth();
        }
    }

    // ------------------------------------------------------------------ CallLegs and the end of the call

    @Override
    public String callId() {
        return aCallId;
    }

    @Override
    public Dialog dialog(Side side) {
        return side == Side.A ? aDialog : bDialog;
    }

    @Override
    public boolean ended() {
        return state == State.TERMINATED;
    }

    @Override
    public boolean hangingUp() {
        return state == State.TERMINATING;
    }

    @Override
    public void hangUp() {
        state = State.TERMINATING;
    }

    @Override
    public MediaAnchor media() {
        return media;
    }

    @Override
    public Response lastReliableFromCallee() {
        return lastReliableFromB;
    }

    /** Ends the call from the platform's side: BYE on both confirmed legs. */
    @Override
    public void releaseBoth() {
        for (Dialog d : new Dialog[] {aDialog, bDialog}) {
            if (d != null && d.getState() == DialogState.CONFIRMED) {
                try {
                    d.sendRequest(sip.provider().getNewClientTransaction(d.createRequest(Request.BYE)));
                } catch (SipException | RuntimeException e) {
                    LOG.debug("Call {}: BYE failed: {}", aCallId, e.toString());
                }
            }
        }
        finish();
    }

    /**
     * Ends an answered call because its mandatory recording cannot go on: BYE on both confirmed legs, each with an
     * RFC 3326 Reason header ({@code SIP;cause=<mandatory.reject.status>;text="<text>"}) so that the parties' UAs and
     * an SBC can tell this release from a hang-up.
     */
    private void releaseMandatory(int cause, String text) {
        services.registry().releasedMandatory();
        for (Dialog d : new Dialog[] {aDialog, bDialog}) {
            if (d != null && d.getState() == DialogState.CONFIRMED) {
                try {
                    Request bye = d.createRequest(Request.BYE);
                    bye.addHeader(sip.headerFactory().createReasonHeader("SIP", cause, text));
                    d.sendRequest(sip.provider().getNewClientTransaction(bye));
                } catch (SipException | java.text.ParseException | InvalidArgumentException | RuntimeException e) {
                    LOG.debug("Call {}: BYE failed: {}", aCallId, e.toString());
                }
            }
        }
        finish();
    }

    @Override
    public void finish() {
        end(state == State.TERMINATING || state == State.CONFIRMED);
    }

    private void end(boolean answered) {
        if (state == State.TERMINATED) {
            return;
        }
        state = State.TERMINATED;
        cancelNoAnswerTimer();
        if (recorder != null) {
            recorder.callEnded();
        }
        media.close();
        services.registry().ended(this, answered);
        // routable a while longer, so late retransmissions and the final BYE's answer are still matched
        services.router().unregisterLater(aCallId, this, services.timers());
        services.router().unregisterLater(bCallId, this, services.timers());
    }

    private void cancelNoAnswerTimer() {
        if (noAnswerTimer != null) {
            noAnswerTimer.cancel(false);
        }
    }

    // ------------------------------------------------------------------ recording

    private void startRecording() {
        if (recorder != null) {
            recorder.callAnswered(sessionOrNull(), media.negotiated());
        }
    }

    private org.siprec.api.media.MirrorSession sessionOrNull() {
        try {
            return media.isOpen() ? media.session() : null;
        } catch (MediaException e) {
            return null;
        }
    }

    @Override
    public void mediaChanged(Side answerer) {
        MediaAnchor.Senders senders = media.senders();
        if (recorder != null && senders != null) {
            recorder.mediaChanged(senders.caller(), senders.callee(), media.lastFrom(answerer));
        }
    }

    CallRecorder recorder() {
        return recorder;
    }

    /**
     * Sets up what the parties are told of the recording (a=record toward record-aware parties, whether they still
     * hear the announcement) and how their a=recordpref acts on it; both follow the recorder's state changes.
     */
    private void watchRecording(SrcSettings settings, Request invite, CallSnapshot snapshot) {
        CallRecorder rec = recorder;
        indicator = new RecordIndicator(this, new RecordIndicator.Services(sip, requests, events, services.timers(),
                services.registry()::indicationTold, services.registry()::indicationFailed), settings.indication(), rec::state, relay::offerUnderWay);
        indicator.aware(Side.A, invite);
        preferences = new RecordPrefControl(aCallId, events, rec, snapshot.caller().recordingPreference());
        rec.indication(new org.siprec.src.recording.RecordingIndication() {
            @Override
            public void stateChanged(org.siprec.src.recording.RecordingState next) {
                indicator.stateChanged(next);
                preferences.stateChanged(next);
            }

            @Override
            public boolean hearsAnnouncement(Side side) {
                return indicator.hearsAnnouncement(side);
            }
        });
    }

    @Override
    public String sdpToward(Side side, String sdp) {
        return indicator == null ? sdp : indicator.toward(side, sdp);
    }

    @Override
    public void sdpFrom(Side side, byte[] sdp) {
        if (preferences != null && !ended()) {
            preferences.sdpFrom(side, sdp);
        }
    }

    // ------------------------------------------------------------------ helpers

    private Side sideOf(Message message) {
        return aCallId.equals(SipHeaders.callId(message)) ? Side.A : Side.B;
    }

    private javax.sip.header.ContentTypeHeader sdpType() throws java.text.ParseException {
        return sip.headerFactory().createContentTypeHeader("application", "sdp");
    }

    private void sendToA(Response response) throws SipException {
        try {
            aInvite.sendResponse(response);
        } catch (InvalidArgumentException e) {
            throw new SipException(e.getMessage(), e);
        }
    }

    /** Final non-2xx response to the caller's INVITE, optionally with a Warning explaining why. */
    /**
     * Refuses the call because recording is mandatory and impossible: the configured status, a Warning with why, and
     * an RFC 3326 Reason header, so that an SBC or the caller's UA can tell this refusal from a busy or absent callee.
     */
    private void rejectMandatory(int status, String warning) {
        try {
            Response r = replies.create(status, aInviteRequest, aTag);
            r.addHeader(replies.warning(warning));
            r.addHeader(sip.headerFactory().createReasonHeader("SIP", status, "mandatory recording unavailable"));
            sendToA(r);
        } catch (java.text.ParseException | javax.sip.InvalidArgumentException | SipException | RuntimeException e) {
            LOG.debug("Call {}: cannot send {}: {}", aCallId, status, e.toString());
        }
        end(false);
    }

    private void rejectA(int status, String reason, String warning) {
        try {
            Response r = replies.create(status, aInviteRequest, aTag);
            r.setReasonPhrase(reason);
            if (warning != null) {
                r.addHeader(replies.warning(warning));
            }
            sendToA(r);
        } catch (java.text.ParseException | SipException | RuntimeException e) {
            LOG.debug("Call {}: cannot send {}: {}", aCallId, status, e.toString());
        }
        end(false);
    }
}
