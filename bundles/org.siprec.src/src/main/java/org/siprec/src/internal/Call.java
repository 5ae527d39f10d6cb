package org.siprec.src.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.SupportedHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WarningHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.siprec.api.media.MediaException;
import org.siprec.api.media.MirrorSession;
import org.siprec.api.media.RelayStream;
import org.siprec.api.media.RelayStream.Side;
import org.siprec.api.model.MediaStream;
import org.siprec.api.model.Participant;
import org.siprec.api.model.SessionCase;
import org.siprec.api.policy.Decision;
import org.siprec.api.ops.CallSummary;
import org.siprec.sip.SerialExecutor;
import org.siprec.sip.SipEndpoint;
import org.siprec.sip.sdp.InvalidSdpException;
import org.siprec.sip.sdp.SdpMedia;
import org.siprec.sip.sdp.SessionDescriptionEditor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call through the B2BUA: the A-leg (towards the caller, where the INVITE came from) and the B-leg (towards
 * the callee), and the media anchored between them. Every method except {@link #summary()} runs on the call's
 * {@link SerialExecutor}, so the state needs no locks.
 */
final class Call {
    private static final Logger LOG = LoggerFactory.getLogger(Call.class);

    enum State {
        INITIAL, EARLY, CONFIRMED, TERMINATING, TERMINATED
    }

    /** A request relayed from one leg, waiting for the other leg's response. */
    private record Relay(ServerTransaction origin, Side from) {
    }

    final SerialExecutor events;
    private final CallContext context;
    private final SipEndpoint sip;
    private final String aCallId;
    private final Instant start = Instant.now();
    private final ServerTransaction aInvite;
    private final Request aInviteRequest;
    private final String aTag = randomToken(8);
    private final Map<ClientTransaction, Relay> relays = new HashMap<>();
    /** For each side that sent an INVITE we relayed and answered with 2xx: the CSeq to ACK on the other leg. */
    private final Map<Side, Long> pendingAcks = new EnumMap<>(Side.class);

    private volatile State state = State.INITIAL;
    private volatile String caller = "";
    private volatile String callee = "";
    private SessionCase sessionCase;
    private String bCallId;
    private Dialog aDialog;
    private Dialog bDialog;
    private ClientTransaction bInvite;
    private MirrorSession media;
    private boolean aSupportsReliable;
    private boolean provisionalReceived;
    private boolean cancelPending;
    private Response lastReliableFromB;
    private ScheduledFuture<?> noAnswerTimer;
    private final Map<Side, List<SdpMedia>> lastMedia = new EnumMap<>(Side.class);
    private CallSnapshot snapshot;
    private Decision decision = Decision.skip("not evaluated");
    private RecordingSession recording;

    Call(CallContext context, String aCallId, ServerTransaction aInvite, Request aInviteRequest) {
        this.context = context;
        this.sip = context.sip();
        this.aCallId = aCallId;
        this.aInvite = aInvite;
        this.aInviteRequest = aInviteRequest;
        this.events = new SerialExecutor(context.pool());
    }

    String aCallId() {
        return aCallId;
    }

    String bCallId() {
        return bCallId;
    }

    State state() {
        return state;
    }

    CallSummary summary() {
        return new CallSummary(aCallId, caller, callee, state.name(), Duration.between(start, Instant.now()));
    }

    // ------------------------------------------------------------------ initial INVITE (A-leg)

    void onInitialInvite() {
        Request a = aInviteRequest;
        try {
            sendToA(createResponse(Response.TRYING, a, false));
            caller = uriOf(((FromHeader) a.getHeader(FromHeader.NAME)).getAddress());
            callee = uriOf(((ToHeader) a.getHeader(ToHeader.NAME)).getAddress());

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
            ServedUser served = ServedUser.parse(headerValue(a, "P-Served-User"));
            sessionCase = served.sessionCase() != null ? served.sessionCase() : context.settings().defaultSessionCase();
            String loopToken = LoopDetector.token(a.getRequestURI().toString(), sessionCase, served.uri());
            if (LoopDetector.looped(a, sip.host(), ports(), loopToken)) {
                LOG.warn("Call {} loops back to this platform (Request-URI {}), refused with 482", aCallId, a.getRequestURI());
                rejectA(Response.LOOP_DETECTED, "Loop Detected", null);
                return;
            }
            aSupportsReliable = supports(a, "100rel");

            String offer = null;
            if (hasBody(a)) {
                if (!isSdp(a)) {
                    rejectA(Response.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type", null);
                    return;
                }
                media = openMedia();
                if (media == null) {
                    return;
                }
                offer = anchor(Side.A, a);
            }

            snapshot = snapshot(a);
            decision = decide(snapshot);
            aDialog = sip.provider().getNewDialog(aInvite);
            Request b = newBLegInvite(a, maxForwards - 1, loopToken);
            if (offer != null) {
                b.setContent(offer, sip.headerFactory().createContentTypeHeader("application", "sdp"));
            }
            bCallId = ((CallIdHeader) b.getHeader(CallIdHeader.NAME)).getCallId();
            context.index(bCallId, this);
            bInvite = sip.provider().getNewClientTransaction(b);
            bInvite.setRetransmitTimer(sip.t1Millis());
            bDialog = sip.provider().getNewDialog(bInvite);
            bInvite.sendRequest();
            pendingAcks.put(Side.A, ((CSeqHeader) b.getHeader(CSeqHeader.NAME)).getSeqNumber());
            noAnswerTimer = context.timers().schedule(() -> events.execute(this::onNoAnswer),
                    context.settings().noAnswerTimeout().toMillis(), TimeUnit.MILLISECONDS);
            LOG.debug("Call {} from {} to {} ({}) forwarded as {}", aCallId, caller, callee, sessionCase, bCallId);
        } catch (MediaException e) {
            LOG.error("Call {} refused with 503: {}", aCallId, e.getMessage());
            rejectA(Response.SERVICE_UNAVAILABLE, "Service Unavailable", "media resources exhausted");
        } catch (InvalidSdpException e) {
            LOG.info("Call {} refused with 488: {}", aCallId, e.getMessage());
            rejectA(Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here", e.getMessage());
        } catch (java.text.ParseException | IllegalArgumentException | javax.sip.InvalidArgumentException e) {
            LOG.info("Call {} refused with 400: {}", aCallId, e.getMessage());
            rejectA(Response.BAD_REQUEST, "Bad Request", e.getMessage());
        } catch (SipException e) {
            LOG.warn("Call {} to {} cannot be forwarded: {}", aCallId, callee, e.getMessage());
            rejectA(Response.SERVICE_UNAVAILABLE, "Service Unavailable", "callee unreachable");
        }
    }

    private int[] ports() {
        return new int[] {sip.udpPort(), sip.tcpPort()};
    }

    private MirrorSession openMedia() {
        try {
            return context.media().open(aCallId);
        } catch (MediaException e) {
            LOG.error("Call {} refused with 503: {}", aCallId, e.getMessage());
            rejectA(Response.SERVICE_UNAVAILABLE, "Service Unavailable", "media resources exhausted");
            return null;
        }
    }

    private Request newBLegInvite(Request a, int maxForwards, String loopToken)
            throws java.text.ParseException, SipException, javax.sip.InvalidArgumentException {
        HeaderFactory h = sip.headerFactory();
        FromHeader aFrom = (FromHeader) a.getHeader(FromHeader.NAME);
        ToHeader aTo = (ToHeader) a.getHeader(ToHeader.NAME);
        FromHeader from = h.createFromHeader((Address) aFrom.getAddress().clone(), randomToken(8));
        ToHeader to = h.createToHeader((Address) aTo.getAddress().clone(), null);

        List<RouteHeader> routes = remainingRoutes(a);
        if (routes.isEmpty() && !context.settings().outboundProxy().isEmpty()) {
            SipURI proxy = (SipURI) sip.addressFactory().createURI(context.settings().outboundProxy());
            proxy.setLrParam();
            routes.add(h.createRouteHeader(sip.addressFactory().createAddress(proxy)));
        }
        URI requestUri = (URI) a.getRequestURI().clone();
        String transport = transportTowards(routes.isEmpty() ? requestUri : routes.get(0).getAddress().getURI());

        List<ViaHeader> vias = new ArrayList<>();
        vias.add(h.createViaHeader(sip.host(), portFor(transport), transport, "z9hG4bK" + randomToken(8) + "." + loopToken));
        CallIdHeader callId = sip.provider().getNewCallId();
        Request b = sip.messageFactory().createRequest(requestUri, Request.INVITE, callId,
                h.createCSeqHeader(1L, Request.INVITE), from, to, vias, h.createMaxForwardsHeader(maxForwards));
        HeaderRelay.copy(a, b);
        for (RouteHeader route : routes) {
            b.addHeader(route);
        }
        b.addHeader(contact(transport));
        b.addHeader(h.createUserAgentHeader(List.of(sip.userAgent())));
        return b;
    }

    /** The Route headers left once those addressed to this platform are removed (loose routing, RFC 3261 16.4). */
    private List<RouteHeader> remainingRoutes(Request a) {
        List<RouteHeader> routes = new ArrayList<>();
        boolean leading = true;
        for (ListIterator<?> it = a.getHeaders(RouteHeader.NAME); it.hasNext();) {
            RouteHeader route = (RouteHeader) it.next();
            if (leading && isMe(route.getAddress().getURI())) {
                continue;
            }
            leading = false;
            routes.add((RouteHeader) route.clone());
        }
        return routes;
    }

    private boolean isMe(URI uri) {
        if (!(uri instanceof SipURI sipUri)) {
            return false;
        }
        int port = sipUri.getPort() <= 0 ? 5060 : sipUri.getPort();
        return sipUri.getHost().equals(sip.host()) && (port == sip.udpPort() || port == sip.tcpPort());
    }

    private String transportTowards(URI uri) {
        if (uri instanceof SipURI sipUri && sipUri.getTransportParam() != null
                && sipUri.getTransportParam().equalsIgnoreCase("tcp") && sip.tcpPort() > 0) {
            return "tcp";
        }
        return sip.udpPort() > 0 ? "udp" : "tcp";
    }

    private int portFor(String transport) {
        return "tcp".equals(transport) ? sip.tcpPort() : sip.udpPort();
    }

    private ContactHeader contact(String transport) throws java.text.ParseException {
        SipURI uri = sip.addressFactory().createSipURI("siprec", sip.host());
        uri.setPort(portFor(transport));
        if ("tcp".equals(transport)) {
            uri.setTransportParam("tcp");
        }
        return sip.headerFactory().createContactHeader(sip.addressFactory().createAddress(uri));
    }

    private ContactHeader contactFor(Message towards) throws java.text.ParseException {
        ViaHeader via = (ViaHeader) towards.getHeader(ViaHeader.NAME);
        String transport = via != null && "tcp".equalsIgnoreCase(via.getTransport()) && sip.tcpPort() > 0 ? "tcp" : "udp";
        return contact(transport);
    }

    private void onNoAnswer() {
        if (state == State.INITIAL || state == State.EARLY) {
            LOG.info("Call {}: no answer within {}, cancelled", aCallId, context.settings().noAnswerTimeout());
            cancelB();
            rejectA(Response.REQUEST_TIMEOUT, "No Answer", null);
        }
    }

    // ------------------------------------------------------------------ CANCEL from A

    void onCancel(ServerTransaction cancel) {
        respond(cancel, Response.OK);
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

    void onResponse(ResponseEvent event) {
        if (recording != null && recording.owns(callIdOf(event.getResponse()))) {
            recording.onResponse(event);
            return;
        }
        ClientTransaction ct = event.getClientTransaction();
        Response response = event.getResponse();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        if (Request.INVITE.equals(cseq.getMethod()) && ct == bInvite && bCallId.equals(callIdOf(response))) {
            onInitialInviteResponse(event);
            return;
        }
        if (ct == null) {
            onStray2xx(event);
            return;
        }
        Relay relay = relays.remove(ct);
        if (relay == null) {
            // the answer to the BYE that ends this call; a BYE releasing an extra forked branch ends nothing
            if (Request.BYE.equals(cseq.getMethod()) && response.getStatusCode() >= 200 && state == State.TERMINATING
                    && event.getDialog() != null && (event.getDialog() == aDialog || event.getDialog() == bDialog)) {
                finish();
            }
            return;
        }
        if (response.getStatusCode() < 200) {
            if (response.getStatusCode() > 100) {
                relays.put(ct, relay);
                relayResponse(relay, response, cseq.getMethod());
            } else {
                relays.put(ct, relay);
            }
            return;
        }
        relayResponse(relay, response, cseq.getMethod());
        if (Request.BYE.equals(cseq.getMethod())) {
            finish();
        }
    }

    private void onInitialInviteResponse(ResponseEvent event) {
        Response response = event.getResponse();
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
        if (noAnswerTimer != null) {
            noAnswerTimer.cancel(false);
        }
        if (state == State.INITIAL || state == State.EARLY) {
            try {
                Response toA = createResponse(status, aInviteRequest, true);
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
        boolean reliable = hasOption(response, "Require", "100rel");
        try {
            String body = null;
            if (hasBody(response) && isSdp(response)) {
                body = anchor(Side.B, response);
            }
            if (reliable) {
                lastReliableFromB = response;
                if (!aSupportsReliable) {
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
                toA = createResponse(status, aInviteRequest, true);
                HeaderRelay.copy(response, toA);
            }
            toA.setReasonPhrase(response.getReasonPhrase());
            toA.setHeader(contactFor(aInviteRequest));
            if (body != null) {
                toA.setContent(body, sdpType());
            }
            if (reliable) {
                aDialog.sendReliableProvisionalResponse(toA);
            } else {
                sendToA(toA);
            }
            state = State.EARLY;
        } catch (InvalidSdpException | MediaException e) {
            LOG.warn("Call {}: callee sent SDP that cannot be used in {} ({}), not relayed", aCallId, status, e.getMessage());
        } catch (java.text.ParseException | SipException | javax.sip.InvalidArgumentException | RuntimeException e) {
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
        if (noAnswerTimer != null) {
            noAnswerTimer.cancel(false);
        }
        if (dialog != null) {
            bDialog = dialog;
        }
        if (cancelPending) {
            ackAndBye(bDialog, response);
            end(false);
            return;
        }
        try {
            Response toA = createResponse(response.getStatusCode(), aInviteRequest, true);
            toA.setReasonPhrase(response.getReasonPhrase());
            HeaderRelay.copy(response, toA);
            toA.setHeader(contactFor(aInviteRequest));
            if (hasBody(response) && isSdp(response)) {
                if (media == null) {
                    media = context.media().open(aCallId);
                }
                toA.setContent(anchor(Side.B, response), sdpType());
            }
            pendingAcks.put(Side.A, ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber());
            sendToA(toA);
            state = State.CONFIRMED;
            LOG.debug("Call {} answered", aCallId);
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
        if (pendingAcks.containsValue(seq) && dialog == bDialog) {
            return;
        }
        try {
            dialog.sendAck(dialog.createAck(seq));
        } catch (SipException | javax.sip.InvalidArgumentException | RuntimeException e) {
            LOG.debug("Call {}: cannot re-send ACK: {}", aCallId, e.toString());
        }
    }

    private void ackAndBye(Dialog dialog, Response response) {
        try {
            long seq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            dialog.sendAck(dialog.createAck(seq));
            Request bye = dialog.createRequest(Request.BYE);
            dialog.sendRequest(sip.provider().getNewClientTransaction(bye));
        } catch (SipException | javax.sip.InvalidArgumentException | RuntimeException e) {
            LOG.debug("Call {}: cannot release a callee dialog: {}", aCallId, e.toString());
        }
    }

    private void relayResponse(Relay relay, Response response, String method) {
        try {
            Request originRequest = relay.origin().getRequest();
            Response back = sip.messageFactory().createResponse(response.getStatusCode(), originRequest);
            back.setReasonPhrase(response.getReasonPhrase());
            HeaderRelay.copy(response, back);
            if (Request.INVITE.equals(method) || Request.UPDATE.equals(method) || Request.SUBSCRIBE.equals(method)
                    || Request.NOTIFY.equals(method) || Request.REFER.equals(method)) {
                back.setHeader(contactFor(originRequest));
            }
            if (hasBody(response)) {
                if (isSdp(response) && media != null) {
                    back.setContent(anchor(relay.from().other(), response), sdpType());
                } else {
                    back.setContent(response.getRawContent(), (ContentTypeHeader) response.getHeader(ContentTypeHeader.NAME));
                }
            }
            if (Request.INVITE.equals(method) && response.getStatusCode() / 100 == 2) {
                pendingAcks.put(relay.from(), ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber());
            }
            relay.origin().sendResponse(back);
            if (response.getStatusCode() / 100 == 2 && hasBody(response)
                    && (Request.INVITE.equals(method) || Request.UPDATE.equals(method))) {
                mediaChanged(relay.from().other());
            }
        } catch (InvalidSdpException | MediaException e) {
            LOG.warn("Call {}: SDP in a {} response cannot be used: {}", aCallId, method, e.getMessage());
            respond(relay.origin(), Response.NOT_ACCEPTABLE_HERE);
        } catch (java.text.ParseException | SipException | RuntimeException | javax.sip.InvalidArgumentException e) {
            LOG.warn("Call {}: cannot relay a {} response: {}", aCallId, method, e.toString());
        }
    }

    // ------------------------------------------------------------------ in-dialog requests

    void onAck(RequestEvent event) {
        if (recording != null && recording.owns(callIdOf(event.getRequest()))) {
            return;
        }
        Side from = sideOf(event.getRequest());
        Dialog own = dialog(from);
        if (own != null) {
            sip.answerAcknowledged(own);
        }
        Long seq = pendingAcks.remove(from);
        Dialog peer = dialog(from.other());
        if (seq == null || peer == null) {
            return;
        }
        try {
            Request ack = peer.createAck(seq);
            Request incoming = event.getRequest();
            if (hasBody(incoming)) {
                if (isSdp(incoming)) {
                    if (media == null) {
                        media = context.media().open(aCallId);
                    }
                    ack.setContent(anchor(from, incoming), sdpType());
                } else {
                    ack.setContent(incoming.getRawContent(), (ContentTypeHeader) incoming.getHeader(ContentTypeHeader.NAME));
                }
            }
            peer.sendAck(ack);
            if (hasBody(incoming)) {
                mediaChanged(from);
            }
        } catch (InvalidSdpException | MediaException e) {
            LOG.warn("Call {}: SDP answer in ACK cannot be used ({}), call released", aCallId, e.getMessage());
            releaseBoth();
        } catch (java.text.ParseException | SipException | RuntimeException | javax.sip.InvalidArgumentException e) {
            LOG.warn("Call {}: cannot relay ACK: {}", aCallId, e.toString());
        }
    }

    void onInDialogRequest(ServerTransaction origin) {
        if (recording != null && recording.owns(callIdOf(origin.getRequest()))) {
            recording.onRequest(origin);
            return;
        }
        Request request = origin.getRequest();
        String method = request.getMethod();
        Side from = sideOf(request);
        Dialog peer = dialog(from.other());
        if (peer == null || state == State.TERMINATED) {
            respond(origin, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        try {
            Request out;
            if (Request.PRACK.equals(method)) {
                if (lastReliableFromB == null) {
                    respond(origin, Response.OK);
                    return;
                }
                out = peer.createPrack(lastReliableFromB);
            } else {
                out = peer.createRequest(method);
            }
            HeaderRelay.copy(request, out);
            if (Request.INVITE.equals(method) || Request.UPDATE.equals(method) || Request.SUBSCRIBE.equals(method)
                    || Request.NOTIFY.equals(method) || Request.REFER.equals(method)) {
                out.setHeader(contactFor(out));
            }
            if (hasBody(request)) {
                if (isSdp(request)) {
                    if (media == null) {
                        media = context.media().open(aCallId);
                    }
                    out.setContent(anchor(from, request), sdpType());
                } else {
                    out.setContent(request.getRawContent(), (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME));
                }
            }
            ClientTransaction ct = sip.provider().getNewClientTransaction(out);
            ct.setRetransmitTimer(sip.t1Millis());
            if (Request.BYE.equals(method)) {
                // the side hanging up is released at once; a lost BYE on the other leg must not keep it waiting
                state = State.TERMINATING;
                respond(origin, Response.OK);
            } else {
                relays.put(ct, new Relay(origin, from));
            }
            peer.sendRequest(ct);
        } catch (InvalidSdpException e) {
            LOG.info("Call {}: {} with unusable SDP refused with 488: {}", aCallId, method, e.getMessage());
            rejectInDialog(origin, Response.NOT_ACCEPTABLE_HERE, e.getMessage());
        } catch (MediaException e) {
            rejectInDialog(origin, Response.SERVICE_UNAVAILABLE, e.getMessage());
        } catch (SipException e) {
            // typically an INVITE crossing another one on the same dialog (RFC 3261 14.1)
            LOG.debug("Call {}: cannot relay {}: {}", aCallId, method, e.getMessage());
            if (Request.BYE.equals(method)) {
                finish();
            } else {
                rejectInDialog(origin, Request.INVITE.equals(method) || Request.UPDATE.equals(method)
                        ? Response.REQUEST_PENDING : Response.SERVER_INTERNAL_ERROR, null);
            }
        } catch (java.text.ParseException | RuntimeException e) {
            LOG.warn("Call {}: cannot relay {}: {}", aCallId, method, e.toString());
            rejectInDialog(origin, Response.SERVER_INTERNAL_ERROR, null);
        }
    }

    void onTimeout(ClientTransaction ct) {
        if (recording != null && recording.owns(callIdOf(ct.getRequest()))) {
            recording.onTimeout(ct);
            return;
        }
        if (ct == bInvite) {
            if (state == State.INITIAL || state == State.EARLY) {
                LOG.info("Call {}: callee {} did not answer the INVITE, 408", aCallId, callee);
                rejectA(Response.REQUEST_TIMEOUT, "Request Timeout", null);
            }
            return;
        }
        Relay relay = relays.remove(ct);
        String method = ct.getRequest().getMethod();
        if (relay == null) {
            if (Request.BYE.equals(method) && state == State.TERMINATING) {
                finish();
            }
            return;
        }
        if (Request.BYE.equals(method)) {
            respond(relay.origin(), Response.OK);
            finish();
        } else {
            respond(relay.origin(), Response.REQUEST_TIMEOUT);
        }
    }

    void onTransactionTerminated(ClientTransaction ct) {
        relays.remove(ct);
    }

    void onDialogTerminated(Dialog dialog) {
        if (state == State.TERMINATED || state == State.TERMINATING) {
            return;
        }
        if (dialog == aDialog || dialog == bDialog) {
            if (state == State.CONFIRMED) {
                LOG.info("Call {}: dialog ended without BYE, releasing the other leg", aCallId);
                releaseBoth();
            }
        }
    }

    /** Ends the call from the platform's side: BYE on both confirmed legs. */
    void releaseBoth() {
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

    private void finish() {
        end(state == State.TERMINATING || state == State.CONFIRMED);
    }

    private void end(boolean answered) {
        if (state == State.TERMINATED) {
            return;
        }
        state = State.TERMINATED;
        if (noAnswerTimer != null) {
            noAnswerTimer.cancel(false);
        }
        if (recording != null) {
            recording.stop();
        }
        if (media != null) {
            media.close();
        }
        context.ended(this, answered);
    }

    // ------------------------------------------------------------------ recording

    boolean isRecordingDialog(String callId) {
        return recording != null && recording.owns(callId);
    }

    private CallSnapshot snapshot(Request a) {
        Address callerAddress = ((FromHeader) a.getHeader(FromHeader.NAME)).getAddress();
        Header pai = a.getHeader("P-Asserted-Identity");
        String callerAor = callerAddress.getURI().toString();
        if (pai != null) {
            String v = headerValue(a, "P-Asserted-Identity");
            int lt = v.indexOf('<');
            int gt = v.indexOf('>');
            callerAor = lt >= 0 && gt > lt ? v.substring(lt + 1, gt) : v.split(",")[0].trim();
        }
        Address calleeAddress = ((ToHeader) a.getHeader(ToHeader.NAME)).getAddress();
        String sessionId = headerValue(a, "Session-ID");
        if (sessionId != null) {
            sessionId = sessionId.split(";")[0].trim();
        }
        List<MediaStream> streams = new ArrayList<>();
        for (SdpMedia m : lastMedia.getOrDefault(Side.A, List.of())) {
            streams.add(new MediaStream(Integer.toString(m.index()), m.type(), m.codec()));
        }
        return new CallSnapshot(aCallId, java.util.Optional.ofNullable(sessionId), sessionCase,
                new Participant(callerAor, callerAddress.getDisplayName()),
                new Participant(calleeAddress.getURI().toString(), calleeAddress.getDisplayName()), streams, start);
    }

    private Decision decide(CallSnapshot call) {
        Decision d = context.decide(call);
        LOG.debug("Call {}: recording decision {} ({})", aCallId, d.verdict(), d.reason());
        return d;
    }

    /** Opens the recording session once the call is answered; a failure never affects the call unless mandatory. */
    private void startRecording() {
        if (decision.verdict() != Decision.Verdict.RECORD || media == null) {
            return;
        }
        List<SdpMedia> answered = lastMedia.getOrDefault(Side.B, lastMedia.get(Side.A));
        try {
            recording = new RecordingSession(context, snapshot, media, answered == null ? List.of() : answered,
                    context.srsTargets(snapshot), this::recordingFailed);
            recording.start();
        } catch (MediaException | RuntimeException e) {
            LOG.warn("Call {} is not recorded: {}", aCallId, e.toString());
            recordingFailed();
        }
    }

    private void recordingFailed() {
        if (decision.mandatory() && state == State.CONFIRMED) {
            LOG.warn("Call {}: recording is mandatory ({}) and failed, the call is released", aCallId, decision.reason());
            releaseBoth();
        }
    }

    /** After an offer/answer exchange: who sends media now (hold/resume), for the recording's metadata. */
    private void mediaChanged(Side answerer) {
        if (recording == null) {
            return;
        }
        List<SdpMedia> a = lastMedia.get(Side.A);
        List<SdpMedia> b = lastMedia.get(Side.B);
        if (a == null || b == null || a.isEmpty() || b.isEmpty()) {
            return;
        }
        SdpMedia ma = a.get(0);
        SdpMedia mb = b.get(0);
        // a side sends when its own direction allows sending and the other side accepts to receive (RFC 3264)
        boolean aSends = allowsSend(ma) && allowsReceive(mb);
        boolean bSends = allowsSend(mb) && allowsReceive(ma);
        recording.mediaChanged(aSends, bSends, lastMedia.get(answerer));
    }

    private static boolean allowsSend(SdpMedia m) {
        return m.port() != 0 && ("sendrecv".equals(m.direction()) || "sendonly".equals(m.direction()));
    }

    private static boolean allowsReceive(SdpMedia m) {
        return m.port() != 0 && !"0.0.0.0".equals(m.address())
                && ("sendrecv".equals(m.direction()) || "recvonly".equals(m.direction()));
    }

    // ------------------------------------------------------------------ helpers

    private Side sideOf(Message message) {
        return aCallId.equals(callIdOf(message)) ? Side.A : Side.B;
    }

    private Dialog dialog(Side side) {
        return side == Side.A ? aDialog : bDialog;
    }

    private static String callIdOf(Message message) {
        return ((CallIdHeader) message.getHeader(CallIdHeader.NAME)).getCallId();
    }

    /**
     * Takes the SDP a side sent, points that side's streams at its addresses, and returns the SDP to send to the
     * other side, addressed to the relay's ports facing it.
     */
    private String anchor(Side from, Message message) throws InvalidSdpException, MediaException {
        SessionDescriptionEditor sdp = SessionDescriptionEditor.parse(new String(message.getRawContent(), UTF_8));
        if (media == null) {
            media = context.media().open(aCallId);
        }
        lastMedia.put(from, sdp.media());
        Map<Integer, Integer> ports = new HashMap<>();
        for (SdpMedia m : sdp.media()) {
            if (m.port() == 0) {
                continue;
            }
            RelayStream stream = media.stream(m.index());
            if (!"0.0.0.0".equals(m.address())) {
                try {
                    stream.remote(from, new InetSocketAddress(InetAddress.getByName(m.address()), m.port()));
                } catch (java.net.UnknownHostException e) {
                    throw new InvalidSdpException("m= line " + m.index() + ": unknown address " + m.address());
                }
            }
            ports.put(m.index(), stream.localPort(from.other()));
        }
        return sdp.anchoredTo(context.media().address(), i -> ports.getOrDefault(i, 0));
    }

    private ContentTypeHeader sdpType() throws java.text.ParseException {
        return sip.headerFactory().createContentTypeHeader("application", "sdp");
    }

    private static boolean hasBody(Message m) {
        byte[] raw = m.getRawContent();
        return raw != null && raw.length > 0;
    }

    private static boolean isSdp(Message m) {
        ContentTypeHeader ct = (ContentTypeHeader) m.getHeader(ContentTypeHeader.NAME);
        return ct != null && "application".equalsIgnoreCase(ct.getContentType()) && "sdp".equalsIgnoreCase(ct.getContentSubType());
    }

    private static boolean supports(Message m, String option) {
        return hasOption(m, SupportedHeader.NAME, option) || hasOption(m, "Require", option);
    }

    private static boolean hasOption(Message m, String header, String option) {
        for (Iterator<?> it = m.getHeaders(header); it.hasNext();) {
            Header h = (Header) it.next();
            String value = h.toString();
            int colon = value.indexOf(':');
            for (String token : value.substring(colon + 1).split(",")) {
                if (token.trim().equalsIgnoreCase(option)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String headerValue(Message m, String name) {
        Header h = m.getHeader(name);
        if (h == null) {
            return null;
        }
        String s = h.toString().trim();
        int colon = s.indexOf(':');
        return colon < 0 ? s : s.substring(colon + 1).trim();
    }

    private static String uriOf(Address address) {
        return address.getURI().toString();
    }

    private Response createResponse(int status, Request request, boolean withTag) throws java.text.ParseException {
        Response r = sip.messageFactory().createResponse(status, request);
        if (withTag) {
            ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(aTag);
        }
        r.setHeader(sip.headerFactory().createServerHeader(List.of(sip.userAgent())));
        return r;
    }

    private void sendToA(Response response) throws SipException {
        try {
            aInvite.sendResponse(response);
        } catch (javax.sip.InvalidArgumentException e) {
            throw new SipException(e.getMessage(), e);
        }
    }

    /** Final non-2xx response to the caller's INVITE, optionally with a Warning explaining why. */
    private void rejectA(int status, String reason, String warning) {
        try {
            Response r = createResponse(status, aInviteRequest, true);
            r.setReasonPhrase(reason);
            if (warning != null) {
                r.addHeader(warningHeader(warning));
            }
            sendToA(r);
        } catch (java.text.ParseException | SipException | RuntimeException e) {
            LOG.debug("Call {}: cannot send {}: {}", aCallId, status, e.toString());
        }
        end(false);
    }

    private void rejectInDialog(ServerTransaction origin, int status, String warning) {
        try {
            Response r = sip.messageFactory().createResponse(status, origin.getRequest());
            if (warning != null) {
                r.addHeader(warningHeader(warning));
            }
            origin.sendResponse(r);
        } catch (java.text.ParseException | SipException | javax.sip.InvalidArgumentException | RuntimeException e) {
            LOG.debug("Call {}: cannot send {}: {}", aCallId, status, e.toString());
        }
    }

    private WarningHeader warningHeader(String text) throws java.text.ParseException {
        try {
            return sip.headerFactory().createWarningHeader(sip.host(), 399, text.replace('"', '\''));
        } catch (javax.sip.InvalidArgumentException e) {
            throw new java.text.ParseException(e.getMessage(), 0);
        }
    }

    private void respond(ServerTransaction st, int status) {
        try {
            st.sendResponse(sip.messageFactory().createResponse(status, st.getRequest()));
        } catch (java.text.ParseException | SipException | javax.sip.InvalidArgumentException | RuntimeException e) {
            LOG.debug("Call {}: cannot send {}: {}", aCallId, status, e.toString());
        }
    }

    static String randomToken(int bytes) {
        StringBuilder sb = new StringBuilder(bytes * 2);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < bytes; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16)).append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }
}
