package org.siprec.src.b2bua;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;

/** Sends one hand-written SIP request over UDP and returns the first final response's status line. */
final class RawSip {
    private RawSip() {
    }

    /**
     * @param template a request with {@code PORT} where the sender's port goes and {@code BODYLEN} for the body
     *                 length; lines separated by \n (converted to CRLF)
     */
    static String send(int port, String template) throws Exception {
        return send(InetAddress.getLoopbackAddress(), port, template);
    }

    /** As {@link #send(int, String)}, from a socket bound to {@code from} (any 127/8 address answers on loopback). */
    static String send(InetAddress from, int port, String template) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, from)) {
            socket.setSoTimeout(8000);
            String[] parts = template.split("\n\n", 2);
            String body = parts.length > 1 ? parts[1].replace("\n", "\r\n") : "";
            String head = parts[0].replace("PORT", Integer.toString(socket.getLocalPort()))
                    .replace("BODYLEN", Integer.toString(body.getBytes(UTF_8).length)).replace("\n", "\r\n");
            byte[] data = (head + "\r\n\r\n" + body).getBytes(UTF_8);
            socket.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), port));
            byte[] buf = new byte[8192];
            long deadline = System.currentTimeMillis() + 8000;
            while (System.currentTimeMillis() < deadline) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                String text = new String(p.getData(), 0, p.getLength(), UTF_8);
                String status = text.substring(0, text.indexOf('\r'));
                if (!status.startsWith("SIP/2.0 1")) {
                    return text;
                }
            }
            return "no final response";
        }
    }

    static String invite(int platformPort, String requestUri, String extraHeaders, String sdp) {
        return "INVITE " + requestUri + " SIP/2.0\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:PORT;branch=z9hG4bK" + System.nanoTime() + "\n"
                + "From: <sip:alice@127.0.0.1>;tag=a1\n"
                + "To: <sip:bob@127.0.0.1>\n"
                + "Call-ID: raw-" + System.nanoTime() + "@127.0.0.1\n"
                + "CSeq: 1 INVITE\n"
                + extraHeaders
                + "Content-Type: application/sdp\n"
                + "Content-Length: BODYLEN\n\n" + sdp;
    }
}
