package org.siprec.src.b2bua;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import org.siprec.sip.SipEndpoint;
import org.siprec.sip.dialog.Tags;

/**
 * How the B2BUA addresses the callee and presents itself: the B-leg INVITE (new Call-ID, tags and Via with the
 * loop token, Route set per RFC 3261 loose routing, end-to-end headers copied) and the Contacts it puts in
 * requests and responses.
 */
final class BLegRequests {
    private final SipEndpoint sip;

    BLegRequests(SipEndpoint sip) {
        this.sip = sip;
    }

    Request invite(Request a, int maxForwards, String loopToken, String outboundProxy)
            throws java.text.ParseException, SipException, InvalidArgumentException, NoRouteException {
        HeaderFactory h = sip.headerFactory();
        FromHeader aFrom = (FromHeader) a.getHeader(FromHeader.NAME);
        ToHeader aTo = (ToHeader) a.getHeader(ToHeader.NAME);
        FromHeader from = h.createFromHeader((Address) aFrom.getAddress().clone(), Tags.random(8));
        ToHeader to = h.createToHeader((Address) aTo.getAddress().clone(), null);

        List<RouteHeader> routes = remainingRoutes(a);
        if (routes.isEmpty() && !outboundProxy.isEmpty()) {
            SipURI proxy = (SipURI) sip.addressFactory().createURI(outboundProxy);
            proxy.setLrParam();
            routes.add(h.createRouteHeader(sip.addressFactory().createAddress(proxy)));
        }
        URI requestUri = (URI) a.getRequestURI().clone();
        if (routes.isEmpty() && !requestUri.isSipURI()) {
            // a tel: URI names a number, not a host: only a Route or the outbound proxy can take it further
            throw new NoRouteException("no route for a " + requestUri.getScheme()
                    + ": Request-URI (no Route header and no outbound.proxy)");
        }
        String transport = transportTowards(routes.isEmpty() ? requestUri : routes.get(0).getAddress().getURI());

        List<ViaHeader> vias = new ArrayList<>();
        vias.add(h.createViaHeader(sip.host(), portFor(transport), transport, "z9hG4bK" + Tags.random(8) + "." + loopToken));
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

    ContactHeader contact(String transport) throws java.text.ParseException {
        SipURI uri = sip.addressFactory().createSipURI("siprec", sip.host());
        uri.setPort(portFor(transport));
        if ("tcp".equals(transport)) {
            uri.setTransportParam("tcp");
        }
        return sip.headerFactory().createContactHeader(sip.addressFactory().createAddress(uri));
    }

    /** Our Contact for a message sent to the peer that sent {@code towards}, on the transport it used. */
    ContactHeader contactFor(Message towards) throws java.text.ParseException {
        ViaHeader via = (ViaHeader) towards.getHeader(ViaHeader.NAME);
        String transport = via != null && "tcp".equalsIgnoreCase(via.getTransport()) && sip.tcpPort() > 0 ? "tcp" : "udp";
        return contact(transport);
    }

    /** Whether a request's method carries a Contact that must name this platform (target-refresh and dialog-forming). */
    static boolean needsContact(String method) {
        return Request.INVITE.equals(method) || Request.UPDATE.equals(method) || Request.SUBSCRIBE.equals(method)
                || Request.NOTIFY.equals(method) || Request.REFER.equals(method);
    }
}
