package org.siprec.testsupport.sip;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * A minimal UDP SIP client: sends one out-of-dialog OPTIONS and waits for its final response. Pure Java, so that
 * tests running inside a Karaf under test (Pax Exam) can use it as well as tests outside.
 */
public final class SipOptions {
    private SipOptions() {
    }

    /**
     * Sends an OPTIONS request to {@code 127.0.0.1:port} over UDP.
     *
     * @return the status line of the final response (e.g. {@code SIP/2.0 200 OK}), or empty when nothing answered
     *         within the timeout
     */
    public static Optional<String> send(int port, Duration timeout) throws IOException {
        return send(InetAddress.getLoopbackAddress(), port, timeout);
    }

    /** Sends an OPTIONS request to {@code host:port} over UDP, from the loopback address if host is one. */
    public static Optional<String> send(InetAddress host, int port, Duration timeout) throws IOException {
        InetAddress local = host.isLoopbackAddress() ? host : null;
        try (DatagramSocket socket = local == null ? new DatagramSocket() : new DatagramSocket(new InetSocketAddress(local, 0))) {
            socket.connect(host, port);
            int localPort = socket.getLocalPort();
            String localIp = socket.getLocalAddress().getHostAddress();
            String callId = UUID.randomUUID() + "@" + localIp;
            String target = "sip:siprec@" + host.getHostAddress() + ":" + port;
            String request = "OPTIONS " + target + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP " + localIp + ":" + localPort + ";branch=z9hG4bK" + UUID.randomUUID() + ";rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:itest@" + localIp + ">;tag=" + Long.toHexString(System.nanoTime()) + "\r\n"
                    + "To: <" + target + ">\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: 1 OPTIONS\r\n"
                    + "Contact: <sip:itest@" + localIp + ":" + localPort + ">\r\n"
                    + "Accept: application/sdp\r\n"
                    + "User-Agent: siprec-itests\r\n"
                    + "Content-Length: 0\r\n\r\n";
            byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length));

            long deadline = System.nanoTime() + timeout.toNanos();
            byte[] buffer = new byte[65_535];
            while (true) {
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0) {
                    return Optional.empty();
                }
                socket.setSoTimeout((int) leftMs);
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException | PortUnreachableException e) {
                    return Optional.empty();
                }
                String response = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                String statusLine = response.lines().findFirst().orElse("");
                if (!statusLine.startsWith("SIP/2.0 ") || !response.contains(callId)) {
                    continue; // not a response to this request
                }
                int code;
                try {
                    code = Integer.parseInt(statusLine.substring(8, 11));
                } catch (RuntimeException e) {
                    continue; // not a status line
                }
                if (code >= 200) {
                    return Optional.of(statusLine);
                }
            }
        }
    }
}
