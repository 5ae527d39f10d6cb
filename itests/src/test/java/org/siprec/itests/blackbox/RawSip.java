package org.siprec.itests.blackbox;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A tiny SIP-over-UDP client for probing and for bad input that SIPp cannot (or should not) produce:
 * it sends the bytes it is given and collects the responses.
 */
public final class RawSip implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress peer;

    public RawSip(String localIp, String peerHost, int peerPort) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(localIp), 0));
        this.peer = new InetSocketAddress(InetAddress.getByName(peerHost), peerPort);
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    public String localIp() {
        return socket.getLocalAddress().getHostAddress();
    }

    /** True when an OPTIONS sent to host:port gets any SIP response within the timeout. */
    public static boolean optionsAnswered(String host, int port, int timeoutMillis) {
        try (RawSip sip = new RawSip("127.0.0.1", host, port)) {
            sip.send(sip.options());
            return sip.receive(timeoutMillis) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether an OPTIONS is answered 200: by the SIP application (the B2BUA), not by the endpoint's 503 that answers
     * while no application is bound yet (Karaf still installing the boot features).
     */
    public static boolean optionsAnsweredOk(String host, int port, int timeoutMillis) {
        try (RawSip sip = new RawSip("127.0.0.1", host, port)) {
            sip.send(sip.options());
            String answer = sip.receive(timeoutMillis);
            return answer != null && answer.startsWith("SIP/2.0 200");
        } catch (IOException e) {
            return false;
        }
    }

    public String options() {
        String tag = token();
        return "OPTIONS sip:" + peer.getHostString() + ":" + peer.getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + localIp() + ":" + localPort() + ";branch=z9hG4bK" + token() + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:probe@" + localIp() + ">;tag=" + tag + "\r\n"
                + "To: <sip:" + peer.getHostString() + ":" + peer.getPort() + ">\r\n"
                + "Call-ID: probe-" + token() + "@" + localIp() + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Accept: application/sdp\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    /** A well-formed INVITE to requestUri; the caller edits it (drop/replace headers, body) to make it bad. */
    public Message invite(String requestUri, String sdp) {
        Message m = new Message("INVITE " + requestUri + " SIP/2.0");
        m.header("Via", "SIP/2.0/UDP " + localIp() + ":" + localPort() + ";branch=z9hG4bK" + token())
                .header("Max-Forwards", "70")
                .header("From", "<sip:raw@" + localIp() + ":" + localPort() + ">;tag=" + token())
                .header("To", "<" + requestUri + ">")
                .header("Call-ID", "raw-" + token() + "@" + localIp())
                .header("CSeq", "1 INVITE")
                .header("Contact", "<sip:raw@" + localIp() + ":" + localPort() + ">");
        if (sdp != null) {
            m.header("Content-Type", "application/sdp");
            m.body(sdp);
        }
        return m;
    }

    /** A valid SDP offer with media on the given port of this host. */
    public String sdp(int mediaPort) {
        return "v=0\r\n"
                + "o=raw 1 1 IN IP4 " + localIp() + "\r\n"
                + "s=-\r\n"
                + "c=IN IP4 " + localIp() + "\r\n"
                + "t=0 0\r\n"
                + "m=audio " + mediaPort + " RTP/AVP 8\r\n"
                + "a=rtpmap:8 PCMA/8000\r\n";
    }

    public void send(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, peer));
    }

    /** One datagram as text, or null after the timeout. */
    public String receive(int timeoutMillis) throws IOException {
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.setSoTimeout(Math.max(1, timeoutMillis));
        try {
            socket.receive(p);
            return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /**
     * Sends the request and waits for its final response (1xx are skipped but kept in {@code seen}).
     * Returns null if no final response arrived in time. A non-2xx final response to an INVITE is ACKed.
     */
    public String exchange(Message request, int timeoutMillis, List<String> seen) throws IOException {
        send(request.toString());
        long end = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            String r = receive((int) left);
            if (r == null) {
                return null;
            }
            if (seen != null) {
                seen.add(r);
            }
            if (!r.startsWith("SIP/2.0 ")) {
                continue; // a request to us: ignore
            }
            int code = status(r);
            if (code >= 200) {
                if (code >= 300 && request.startLine.startsWith("INVITE ")) {
                    send(ackFor(request, r));
                }
                return r;
            }
        }
    }

    /** The ACK for a non-2xx final response (same branch as the INVITE, To with the response's tag). */
    static String ackFor(Message invite, String response) {
        String uri = invite.startLine.split(" ")[1];
        Message ack = new Message("ACK " + uri + " SIP/2.0");
        ack.header("Via", invite.get("Via"))
                .header("Max-Forwards", "70")
                .header("From", invite.get("From"))
                .header("To", header(response, "To", "t"))
                .header("Call-ID", invite.get("Call-ID"))
                .header("CSeq", invite.get("CSeq").replaceAll("\\s*\\S+$", "") + " ACK");
        return ack.toString();
    }

    public static int status(String response) {
        if (response == null || !response.startsWith("SIP/2.0 ")) {
            return -1;
        }
        return Integer.parseInt(response.substring(8, 11));
    }

    /** First value of a header (long or compact name) in a raw message, or null. */
    public static String header(String message, String name, String compact) {
        for (String line : message.split("\r\n")) {
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String n = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (n.equals(name.toLowerCase(Locale.ROOT)) || (compact != null && n.equals(compact))) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    static String token() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    @Override
    public void close() {
        socket.close();
    }

    /** An editable SIP request: start line, ordered headers, body; Content-Length is computed unless set. */
    public static final class Message {
        String startLine;
        private final List<String[]> headers = new ArrayList<>();
        private String body = "";
        private boolean explicitLength;

        Message(String startLine) {
            this.startLine = startLine;
        }

        public Message startLine(String line) {
            this.startLine = line;
            return this;
        }

        /** Adds a header, or replaces the first one of that name. */
        public Message header(String name, String value) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    h[1] = value;
                    return this;
                }
            }
            headers.add(new String[] {name, value});
            if (name.equalsIgnoreCase("Content-Length")) {
                explicitLength = true;
            }
            return this;
        }

        public Message remove(String name) {
            headers.removeIf(h -> h[0].equalsIgnoreCase(name));
            return this;
        }

        public String get(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        public Message body(String body) {
            this.body = body;
            return this;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(startLine).append("\r\n");
            for (String[] h : headers) {
                sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
            if (!explicitLength) {
                sb.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
            }
            return sb.append("\r\n").append(body).toString();
        }
    }
}
