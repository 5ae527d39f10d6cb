package org.siprec.sip;

import java.net.InetSocketAddress;
import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's SIP stack (JAIN-SIP RI) with its listen points. Events the stack receives are delivered to the
 * registered {@link SipApplication} service; while none is registered, requests are refused with 503.
 */
@ProviderType
public interface SipEndpoint {
    SipProvider provider();

    MessageFactory messageFactory();

    HeaderFactory headerFactory();

    AddressFactory addressFactory();

    /** The address the endpoint listens on and puts in Via and Contact headers. */
    String host();

    /** The UDP port, or 0 when UDP is disabled. */
    int udpPort();

    /** The TCP port, or 0 when TCP is disabled. */
    int tcpPort();

    /** The product token used in User-Agent and Server headers. */
    String userAgent();

    /** RFC 3261 timer T1 (round-trip estimate) in milliseconds, to apply to new client transactions. */
    int t1Millis();

    /** The transport-level source of a received request (not what its Via claims). */
    InetSocketAddress source(RequestEvent event);

    /**
     * For a response that created a dialog other than the one of the original transaction (a forked 2xx or 1xx
     * from another branch), the original client transaction; {@code null} for a regular response.
     */
    ClientTransaction forkedFrom(ResponseEvent event);
}
