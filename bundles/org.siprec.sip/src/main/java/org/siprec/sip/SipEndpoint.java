package org.siprec.sip;

import java.net.InetSocketAddress;
import javax.sip.RequestEvent;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A SIP stack (JAIN-SIP RI) with its listen points. Events the stack receives are delivered to the registered
 * {@link SipApplication} service with the same {@link #NAME_PROPERTY}; while none is registered, requests are
 * refused with 503. The main endpoint is configured by {@code etc/org.siprec.sip.cfg}; further endpoints (e.g. the
 * embedded SRS's) by factory configurations {@code etc/org.siprec.sip.endpoint-<name>.cfg}.
 */
@ProviderType
public interface SipEndpoint {
    /**
     * Service property naming an endpoint ({@code main} for the platform's SIP endpoint); a {@link SipApplication}
     * registered with the same property value receives that endpoint's events.
     */
    String NAME_PROPERTY = "endpoint.name";

    /** The main endpoint's name: the one configured by {@code etc/org.siprec.sip.cfg}. */
    String MAIN = "main";

    /** This endpoint's name (service property {@link #NAME_PROPERTY}). */
    String name();

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

    /**
     * The TLS port, 0 when this endpoint has no TLS listening point (not configured, or its configuration was
     * refused). A request to a {@code sips:} or {@code ;transport=tls} URI can be sent only with one.
     *
     * @since 1.4
     */
    default int tlsPort() {
        return 0;
    }

    /** The product token used in User-Agent and Server headers. */
    String userAgent();

    /** RFC 3261 timer T1 (round-trip estimate) in milliseconds, to apply to new client transactions. */
    int t1Millis();

    /** The transport-level source of a received request (not what its Via claims). */
    InetSocketAddress source(RequestEvent event);

    /**
     * Stops the stack's retransmission of the last 2xx sent on a dialog, to be called once that 2xx's ACK has been
     * delivered. The stack does this itself, except when the ACK arrives while the 2xx is still being sent from
     * another thread: then it keeps retransmitting an answer that was already acknowledged.
     */
    void answerAcknowledged(javax.sip.Dialog dialog);

    /**
     * Installs the admission rules of this endpoint's application ({@code null} removes them: every request is then
     * admitted).
     */
    void admission(RequestAdmission admission);

    /**
     * What the endpoint's request door (before the stack's transaction layer) refused or dropped, by reason (e.g.
     * {@code rejected.400}, {@code over-rate.untrusted.dropped}, {@code too-large.dropped}), since the endpoint
     * started. Only counters that moved are present.
     */
    java.util.Map<String, Long> doorCounters();

}
