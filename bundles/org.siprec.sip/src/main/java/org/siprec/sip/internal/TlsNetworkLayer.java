package org.siprec.sip.internal;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The stack's sockets: plain ones as the RI makes them, TLS ones from this endpoint's own {@link SSLContext} (its
 * key and trust stores), replaced live when the stores change. The RI's own TLS layer reads the JVM-wide
 * {@code javax.net.ssl.*} settings or one set of stack properties, and checks no host name; here a client socket
 * checks that the server's certificate names the host or IP address it was reached at (RFC 5922), unless
 * {@code tls.verify.host=false}.
 */
final class TlsNetworkLayer implements NetworkLayer {
    /** A TLS SRS that does not accept the connection fails the sending after this long (the RI's plain TCP: 8 s). */
    private static final int CONNECT_TIMEOUT_MS = 3000;
    private final NetworkLayer plain = DefaultNetworkLayer.SINGLETON;
    private volatile SSLContext context;
    private volatile boolean verifyHost = true;

    void use(SSLContext context, boolean verifyHost) {
        this.context = context;
        this.verifyHost = verifyHost;
    }

    private SSLContext context() throws IOException {
        SSLContext c = context;
        if (c == null) {
            throw new IOException("TLS is not configured on this SIP endpoint (tls.port, tls.keystore)");
        }
        return c;
    }

    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return (SSLServerSocket) context().getServerSocketFactory().createServerSocket(port, backlog, bindAddress);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return createSSLSocket(address, port, null);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        SSLSocket socket = (SSLSocket) context().getSocketFactory().createSocket();
        if (verifyHost) {
            SSLParameters parameters = socket.getSSLParameters();
            // "HTTPS" identification = RFC 2818/6125 matching of the subjectAltName against the host reached
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
        }
        if (myAddress != null) {
            socket.bind(new InetSocketAddress(myAddress, 0));
        }
        socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MS);
        return socket;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return plain.createServerSocket(port, backlog, bindAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return plain.createSocket(address, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        return plain.createSocket(address, port, myAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress, int myPort) throws IOException {
        return plain.createSocket(address, port, myAddress, myPort);
    }

    @Override
    public DatagramSocket createDatagramSocket() throws SocketException {
        return plain.createDatagramSocket();
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress bindAddress) throws SocketException {
        return plain.createDatagramSocket(port, bindAddress);
    }

    @Override
    public void setSipStack(SipStackImpl stack) {
        plain.setSipStack(stack);
    }
}
