package org.siprec.sip.internal.door;

import gov.nist.javax.sip.address.AddressImpl;
import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import java.net.InetAddress;
import java.text.ParseException;
import java.util.Locale;
import java.util.function.Predicate;
import javax.sip.message.Request;
import org.siprec.sip.SipHeaders;

/**
 * An INVITE whose only Contact the stack could not parse (kept unparsed, e.g. {@code Contact: <sip:src@host} with
 * no closing {@code >}) has no Contact, and the stack makes no server transaction of an RFC 3261 INVITE
 * without one ({@code SipDispatcher} answers it 400, RFC 3261 8.1.1.8). For an application that accepts it ({@code RequestAdmission#acceptsUnparseableContact}, e.g. the
 * embedded SRS, which records what deployed SRCs send), the door gives it a Contact built from where the request
 * came from: the transport-level source address and port (RFC 3581 rport; the port of the top Via's sent-by over
 * TCP, where the source port is the connection's), with the Via's transport, which is where the answers go anyway.
 * The peer's line stays unparsed in the request ({@code SipHeaders#unparseableContact}) for the application to
 * count as a defect. Any other request keeps today's outcome: the RFC 4475 answers are unchanged.
 */
final class UnparseableContact {
    private UnparseableContact() {
    }

    /** @return whether a Contact was given */
    static boolean repair(SIPRequest request, InetAddress source, int sourcePort, boolean reliable,
            Predicate<Request> accepts) throws ParseException {
        if (!Request.INVITE.equals(request.getMethod()) || request.getContactHeader() != null || source == null
                || SipHeaders.unparseableContact(request) == null || !accepts.test(request)) {
            return false;
        }
        Via via = request.getTopmostVia();
        if (via == null) {
            return false;
        }
        SipUri uri = new SipUri();
        uri.setHost(source.getHostAddress());
        // over TCP the source port is the connection's ephemeral one: the peer listens on its Via's sent-by port
        int port = reliable && via.getPort() > 0 ? via.getPort() : sourcePort;
        if (port > 0) {
            uri.setPort(port);
        }
        String transport = via.getTransport();
        if (transport != null && !"udp".equalsIgnoreCase(transport)) {
            uri.setTransportParam(transport.toLowerCase(Locale.ROOT));
        }
        AddressImpl address = new AddressImpl();
        address.setAddess(uri);
        Contact contact = new Contact();
        contact.setAddress(address);
        request.setHeader(contact);
        return true;
    }
}
