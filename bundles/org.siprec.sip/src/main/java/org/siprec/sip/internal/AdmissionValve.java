package org.siprec.sip.internal;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.SipStack;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.siprec.sip.RequestAdmission;
import org.siprec.sip.internal.door.DoorValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the endpoint's {@link RequestAdmission} to every request before the stack's transaction and dialog layers
 * see it, so a refused request creates no transaction and changes no dialog (its CSeq, remote target and route set
 * stay as the real peer left them). The source is the transport-level one: the datagram's sender (UDP) or the
 * connection's remote end (TCP), never what the Via claims. A refusal with a status is answered statelessly (never
 * for ACK). Installed by the RI by class name ({@code gov.nist.javax.sip.SIP_MESSAGE_VALVE}), one per stack; the
 * endpoint attaches itself after creating the stack. Until then, or while no admission is installed, every request
 * is admitted.
 */
public class AdmissionValve implements SIPMessageValve {
    private static final Logger LOG = LoggerFactory.getLogger(AdmissionValve.class);

    private volatile SipEndpointComponent endpoint;
    private final AtomicLong failures = new AtomicLong();

    /** The endpoint whose admission rules this valve applies (and whose provider sends its refusals). */
    void attach(SipEndpointComponent endpoint) {
        this.endpoint = endpoint;
    }

    /** Requests dropped because checking them failed (an exception in the rules or while refusing). */
    long failures() {
        return failures.get();
    }

    @Override
    public void init(SipStack stack) {
        // the endpoint attaches itself once the stack exists
    }

    @Override
    public void destroy() {
        endpoint = null;
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        SipEndpointComponent ep = endpoint;
        RequestAdmission admission = ep == null ? null : ep.admission();
        if (admission == null) {
            return true;
        }
        try {
            InetSocketAddress source = source(channel);
            int verdict = admission.admit(request, source);
            if (verdict == RequestAdmission.ACCEPT) {
                return true;
            }
            if (verdict > 0 && !Request.ACK.equals(request.getMethod())) {
                refuse(ep, request, verdict);
            }
            return false;
        } catch (Exception e) {
            failures.incrementAndGet();
            LOG.warn("Admission check failed, request dropped: {}", printable(e.toString()));
            return false;
        }
    }

    /**
     * The transport-level source: for UDP the datagram's sender, for TCP the connection's remote end. A request the
     * stack routes to itself (sent to its own address) has no received packet: its source is the channel's peer,
     * this endpoint itself.
     */
    static InetSocketAddress source(MessageChannel channel) throws java.net.UnknownHostException {
        InetAddress address = channel.getPeerPacketSourceAddress();
        if (address != null) {
            return new InetSocketAddress(address, channel.getPeerPacketSourcePort());
        }
        String peer = channel.getPeerAddress(); // the channel's resolved peer: an IP literal, no lookup
        if (peer == null) {
            throw new IllegalStateException("no transport-level source");
        }
        return new InetSocketAddress(InetAddress.getByName(peer), channel.getPeerPort());
    }

    /**
     * Sends {@code status} statelessly: no server transaction is created (RFC 3261 8.2.6.2: with a To tag). A 503
     * (an application shedding load) carries {@code Retry-After}, as the door's over-rate 503 does: RFC 3261
     * 21.5.4 lets the peer back off this node or fail over instead of retrying at once.
     */
    private static void refuse(SipEndpointComponent ep, SIPRequest request, int status) throws Exception {
        Response response = ep.messageFactory().createResponse(status, request);
        if (status == Response.SERVICE_UNAVAILABLE) {
            response.setHeader(ep.headerFactory().createRetryAfterHeader(DoorValve.RETRY_AFTER_SECONDS));
        }
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        if (to != null && to.getTag() == null) {
            to.setTag(Long.toHexString(ThreadLocalRandom.current().nextLong()));
        }
        ep.provider().sendResponse(response);
    }

    /** A log-safe text: no control characters, bounded length. */
    static String printable(String text) {
        String s = text == null ? "" : text.replaceAll("[\\p{Cntrl}\\p{C}]", "?");
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return true;
    }
}
