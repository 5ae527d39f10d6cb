package org.siprec.itests.karaf;

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

/** A minimal UDP SIP client: sends one out-of-dialog OPTIONS and waits for its final response. */
final class SipOptions {
    private SipOptions() {
    }

    /**
     * Sends an OPTIONS request to {@code 127.0.0.1:port} over UDP.
     *
     * @return the status line of the final response (e.g. {@code SIP/2.0 200 OK}), or empty when nothing answered
     *         within the timeout
     */
    static Optional<String> send(int port, Duration timeout) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            socket.connect(loopback, port);
            int localPort = socket.getLocalPort();
            String callId = UUID.randomUUID() + "@127.0.0.1";
            String target = "sip:siprec@127.0.0.1:" + port;
            String request = "OPTIONS " + target + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK" + UUID.randomUUID() + ";rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:itest@127.0.0.1>;tag=" + Long.toHexString(System.nanoTime()) + "\r\n"
                    + "To: <" + target + ">\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: 1 OPTIONS\r\n"
                    + "Contact: <sip:itest@127.0.0.1:" + localPort + ">\r\n"
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
                int code = Integer.parseInt(statusLine.substring(8, 11));
                if (code >= 200) {
                    return Optional.of(statusLine);
                }
            }
        }
    }
}
