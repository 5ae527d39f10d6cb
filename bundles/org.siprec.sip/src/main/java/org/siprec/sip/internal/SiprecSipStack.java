package org.siprec.sip.internal;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.ClientAuthType;
import java.util.Properties;
import javax.sip.PeerUnavailableException;

/**
 * The RI's stack with {@link ConnectionIOHandler} as its socket layer and {@link TlsNetworkLayer} making its
 * sockets (both set before any listening point exists).
 */
final class SiprecSipStack extends SipStackImpl {
    private final TlsNetworkLayer sockets = new TlsNetworkLayer();

    SiprecSipStack(Properties properties) throws PeerUnavailableException {
        super(properties);
        this.ioHandler = new ConnectionIOHandler(this);
        this.networkLayer = sockets;
        sockets.setSipStack(this);
    }

    /**
     * Stops the stack. The RI's UDP processor, when stopped, iterates its channel threads while they remove
     * themselves ({@code ConcurrentModificationException}, seen in TlsListeningPointTest); that aborted the stop
     * with the TCP and TLS ports still bound. Here the remaining processors are stopped one by one, then the rest of
     * the stack (sockets, timers).
     */
    void stopSafely() {
        try {
            stop();
            return;
        } catch (RuntimeException e) {
            // the processor that failed is already removed (and its socket closed); finish the others
        }
        for (gov.nist.javax.sip.stack.MessageProcessor processor : getMessageProcessors()) {
            try {
                removeMessageProcessor(processor);
            } catch (RuntimeException e) {
                // same race on another UDP processor: its socket is closed, its channel threads end on their own
            }
        }
        try {
            stopStack();
        } catch (RuntimeException e) {
            // nothing left that holds a port
        }
    }

    /** Applies this endpoint's TLS settings: the context to the sockets, client auth and protocols to the stack. */
    void tls(TlsSettings settings, javax.net.ssl.SSLContext context) {
        sockets.use(context, settings.verifyHost());
        this.clientAuth = switch (settings.clientAuth()) {
            case NEED -> ClientAuthType.Enabled;
            case WANT -> ClientAuthType.Want;
            case NONE -> ClientAuthType.Disabled;
        };
        setEnabledProtocols(settings.protocols().toArray(String[]::new));
        // the RI's default suites are TLS 1.0-era RSA key exchange ones and none of TLS 1.3: use the JDK's defaults
        setEnabledCipherSuites(context.getDefaultSSLParameters().getCipherSuites());
    }
}
