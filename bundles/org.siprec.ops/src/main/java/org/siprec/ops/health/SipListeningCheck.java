package org.siprec.ops.health;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.siprec.api.health.HealthCheck;
import org.siprec.api.health.HealthResult;
import org.siprec.sip.SipEndpoint;

/**
 * The main SIP endpoint is registered and its sockets are really there: the TCP port accepts a connection and the
 * UDP port cannot be bound by anyone else (a bind that succeeds means nothing listens; the socket is closed at once).
 * Counts for liveness and readiness.
 */
@Component(service = HealthCheck.class, property = {HealthCheck.NAME + "=sip", HealthCheck.TAGS + "=live",
        HealthCheck.TAGS + "=ready"})
public class SipListeningCheck implements HealthCheck {
    private static final int CONNECT_TIMEOUT_MS = 500;

    @Reference(target = "(" + SipEndpoint.NAME_PROPERTY + "=" + SipEndpoint.MAIN + ")", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile SipEndpoint sip;

    @Override
    public HealthResult check() {
        SipEndpoint s = sip;
        if (s == null) {
            return HealthResult.critical("no SIP endpoint 'main' (org.siprec.sip not running or misconfigured)");
        }
        String host = s.host();
        StringBuilder found = new StringBuilder();
        if (s.udpPort() > 0) {
            if (!udpBound(host, s.udpPort())) {
                return HealthResult.critical("nothing listens on UDP " + host + ":" + s.udpPort());
            }
            found.append("UDP ").append(host).append(':').append(s.udpPort());
        }
        if (s.tcpPort() > 0) {
            if (!tcpAccepts(host, s.tcpPort())) {
                return HealthResult.critical("TCP " + host + ":" + s.tcpPort() + " accepts no connection");
            }
            found.append(found.length() > 0 ? ", " : "").append("TCP ").append(host).append(':').append(s.tcpPort());
        }
        if (found.length() == 0) {
            return HealthResult.critical("the SIP endpoint has neither UDP nor TCP enabled");
        }
        return HealthResult.ok("listening on " + found);
    }

    static boolean udpBound(String host, int port) {
        try (DatagramSocket probe = new DatagramSocket(null)) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(host, port));
            return false; // we could take the port: the SIP stack does not hold it
        } catch (BindException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean tcpAccepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
