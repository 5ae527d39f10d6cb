package org.siprec.src.b2bua;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.siprec.api.media.MediaException;
import org.siprec.api.media.RelayStream.Side;
import org.siprec.sip.SipEndpoint;
import org.siprec.sip.SipHeaders;
import org.siprec.sip.sdp.InvalidSdpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests within a call's dialogs (re-INVITE, UPDATE, INFO, BYE, PRACK, ...) re-created on the other leg, their
 * responses relayed back, and ACKs relayed end to end; SDP re-anchored on the way. Runs on the call's executor.
 */
final class InDialogRelay {
    private static final Logger LOG = LoggerFactory.getLogger(InDialogRelay.class);

    /** A request relayed from one leg, waiting for the other leg's response. */
    private record Relay(ServerTransaction origin, Side from) {
    }

    private final CallLegs call;
    private final SipEndpoint sip;
    private final BLegRequests requests;
    private final Replies replies;
    private final Map<ClientTransaction, Relay> relays = new HashMap<>();
    /** For each side that sent an INVITE we relayed and answered with 2xx: the CSeq to ACK on the other leg. */
    private final Map<Side, Long> pendingAcks = new EnumMap<>(Side.class);

    InDialogRelay(CallLegs call, SipEndpoint sip, BLegRequests requests, Replies replies) {
        this.call = call;
        this.sip = sip;
        this.requests = requests;
        this.replies = replies;
    }

    /** The 2xx to {@code side}'s INVITE with this CSeq is to be ACKed on the other leg once {@code side} ACKs it. */
    void expectAck(Side side, long cseq) {
        pendingAcks.put(side, cseq);
    }

    /** Whether an ACK for this CSeq is still awaited from the other side (so ours must not be sent yet). */
    boolean awaitingAck(long cseq) {
        return pendingAcks.containsValue(cseq);
    }

    // ------------------------------------------------------------------ requests

    void onRequest(ServerTransaction origin, Side from) {
        Request request = origin.getRequest();
        String method = request.getMethod();
        Dialog peer = call.dialog(from.other());
        if (peer == null || call.ended()) {
            replies.respond(call.callId(), origin, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
            return;
        }
        try {
            Request out;
            if (Request.PRACK.equals(method)) {
                Response reliable = call.lastReliableFromCallee();
                if (reliable == null) {
                    replies.respond(call.callId(), origin, Response.OK, null);
                    return;
                }
                out = peer.createPrack(reliable);
            } else {
                out = peer.createRequest(method);
            }
            HeaderRelay.copy(request, out);
            if (BLegRequests.needsContact(method)) {
                out.setHeader(requests.contactFor(out));
            }
            if (SipHeaders.hasBody(request)) {
                if (SipHeaders.isSdp(request)) {
                    out.setContent(call.sdpToward(from.other(), call.media().anchor(from, request.getRawContent())), sdpType());
                } else {
                    out.setContent(request.getRawContent(), (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME));
                }
            }
            ClientTransaction ct = sip.provider().getNewClientTransaction(out);
            ct.setRetransmitTimer(sip.t1Millis());
            if (Request.BYE.equals(method)) {
                // the side hanging up is released at once; a lost BYE on the other leg must not keep it waiting
                call.hangUp();
                replies.respond(call.callId(), origin, Response.OK, null);
            } else {
                relays.put(ct, new Relay(origin, from));
            }
            peer.sendRequest(ct);
            if (SipHeaders.hasBody(request) && SipHeaders.isSdp(request)) {
                call.sdpFrom(from, request.getRawContent());
            }
        } catch (InvalidSdpException e) {
            LOG.info("Call {}: {} with unusable SDP refused with 488: {}", call.callId(), method, e.getMessage());
            replies.respond(call.callId(), origin, Response.NOT_ACCEPTABLE_HERE, e.getMessage());
        } catch (MediaException e) {
            replies.respond(call.callId(), origin, Response.SERVICE_UNAVAILABLE, e.getMessage());
        } catch (SipException e) {
            // typically an INVITE crossing another one on the same dialog (RFC 3261 14.1)
            LOG.debug("Call {}: cannot relay {}: {}", call.callId(), method, e.getMessage());
            if (Request.BYE.equals(method)) {
                call.finish();
            } else {
                replies.respond(call.callId(), origin, Request.INVITE.equals(method) || Request.UPDATE.equals(method)
                        ? Response.REQUEST_PENDING : Response.SERVER_INTERNAL_ERROR, null);
            }
        } catch (java.text.ParseException | RuntimeException e) {
            LOG.warn("Call {}: cannot relay {}: {}", call.callId(), method, e.toString());
            replies.respond(call.callId(), origin, Response.SERVER_INTERNAL_ERROR, null);
        }
    }

    void onAck(RequestEvent event, Side from) {
        Dialog own = call.dialog(from);
        if (own != null) {
            sip.answerAcknowledged(own);
        }
        Long seq = pendingAcks.remove(from);
        Dialog peer = call.dialog(from.other());
        if (seq == null || peer == null) {
            return;
        }
        Request incoming = event.getRequest();
        try {
            Request ack = peer.createAck(seq);
            if (SipHeaders.hasBody(incoming)) {
                if (SipHeaders.isSdp(incoming)) {
                    ack.setContent(call.sdpToward(from.other(), call.media().anchor(from, incoming.getRawContent())), sdpType());
                } else {
                    ack.setContent(incoming.getRawContent(), (ContentTypeHeader) incoming.getHeader(ContentTypeHeader.NAME));
                }
            }
            peer.sendAck(ack);
            if (SipHeaders.hasBody(incoming)) {
                call.mediaChanged(from);
                if (SipHeaders.isSdp(incoming)) {
                    call.sdpFrom(from, incoming.getRawContent());
                }
            }
        } catch (InvalidSdpException | MediaException e) {
            LOG.warn("Call {}: SDP answer in ACK cannot be used ({}), call released", call.callId(), e.getMessage());
            call.releaseBoth();
        } catch (java.text.ParseException | SipException | RuntimeException | InvalidArgumentException e) {
            LOG.warn("Call {}: cannot relay ACK: {}", call.callId(), e.toString());
        }
    }

    // ------------------------------------------------------------------ responses

    /** A response to a request this relay sent on; returns {@code false} when it was not one of them. */
    void onResponse(ResponseEvent event) {
        ClientTransaction ct = event.getClientTransaction();
        Response response = event.getResponse();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        Relay relay = relays.remove(ct);
        if (relay == null) {
            // the answer to the BYE that ends this call; a BYE releasing an extra forked branch ends nothing
            if (Request.BYE.equals(cseq.getMethod()) && response.getStatusCode() >= 200 && call.hangingUp()
                    && event.getDialog() != null
                    && (event.getDialog() == call.dialog(Side.A) || event.getDialog() == call.dialog(Side.B))) {
                call.finish();
            }
            return;
        }
        if (response.getStatusCode() < 200) {
            relays.put(ct, relay);
            if (response.getStatusCode() > 100) {
                relay(relay, response, cseq.getMethod());
            }
            return;
        }
        relay(relay, response, cseq.getMethod());
        if (Request.BYE.equals(cseq.getMethod())) {
            call.finish();
        }
    }

    private void relay(Relay relay, Response response, String method) {
        try {
            Request originRequest = relay.origin().getRequest();
            Response back = sip.messageFactory().createResponse(response.getStatusCode(), originRequest);
            back.setReasonPhrase(response.getReasonPhrase());
            HeaderRelay.copy(response, back);
            if (BLegRequests.needsContact(method)) {
                back.setHeader(requests.contactFor(originRequest));
            }
            if (SipHeaders.hasBody(response)) {
                if (SipHeaders.isSdp(response) && call.media().isOpen()) {
                    back.setContent(call.sdpToward(relay.from(), call.media().anchor(relay.from().other(),
                            response.getRawContent())), sdpType());
                } else {
                    back.setContent(response.getRawContent(), (ContentTypeHeader) response.getHeader(ContentTypeHeader.NAME));
                }
            }
            if (Request.INVITE.equals(method) && response.getStatusCode() / 100 == 2) {
                pendingAcks.put(relay.from(), ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber());
            }
            relay.origin().sendResponse(back);
            if (response.getStatusCode() / 100 == 2 && SipHeaders.hasBody(response)
                    && (Request.INVITE.equals(method) || Request.UPDATE.equals(method))) {
                call.mediaChanged(relay.from().other());
                if (SipHeaders.isSdp(response)) {
                    call.sdpFrom(relay.from().other(), response.getRawContent());
                }
            }
        } catch (InvalidSdpException | MediaException e) {
            LOG.warn("Call {}: SDP in a {} response cannot be used: {}", call.callId(), method, e.getMessage());
            replies.respond(call.callId(), relay.origin(), Response.NOT_ACCEPTABLE_HERE, null);
        } catch (java.text.ParseException | SipException | RuntimeException | InvalidArgumentException e) {
            LOG.warn("Call {}: cannot relay a {} response: {}", call.callId(), method, e.toString());
        }
    }

    void onTimeout(ClientTransaction ct) {
        Relay relay = relays.remove(ct);
        String method = ct.getRequest().getMethod();
        if (relay == null) {
            if (Request.BYE.equals(method) && call.hangingUp()) {
                call.finish();
            }
            return;
        }
        if (Request.BYE.equals(method)) {
            replies.respond(call.callId(), relay.origin(), Response.OK, null);
            call.finish();
        } else {
            replies.respond(call.callId(), relay.origin(), Response.REQUEST_TIMEOUT, null);
        }
    }

    /**
     * Whether an offer/answer exchange is under way on the call (an INVITE or UPDATE relayed and not answered yet, or
     * a 2xx to an INVITE whose ACK is awaited): the platform starts no re-INVITE of its own meanwhile.
     */
    boolean offerUnderWay() {
        if (!pendingAcks.isEmpty()) {
            return true;
        }
        for (Relay r : relays.values()) {
            String method = r.origin().getRequest().getMethod();
            if (Request.INVITE.equals(method) || Request.UPDATE.equals(method)) {
                return true;
            }
        }
        return false;
    }

    void onTransactionTerminated(ClientTransaction ct) {
        relays.remove(ct);
    }

    private ContentTypeHeader sdpType() throws java.text.ParseException {
        return sip.headerFactory().createContentTypeHeader("application", "sdp");
    }
}
