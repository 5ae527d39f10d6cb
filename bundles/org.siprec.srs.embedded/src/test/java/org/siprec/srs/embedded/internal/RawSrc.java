package org.siprec.srs.embedded.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A third-party SRC reduced to a UDP socket: it sends recording-session requests exactly as written (so that the
 * defects vendors put in them reach the SRS unchanged, which a SIP stack would repair or refuse), reads the
 * responses, acknowledges a 2xx, sends RTP to the answered ports and ends the recording session with BYE.
 */
final class RawSrc implements AutoCloseable {
    private static final Pattern HEADER_END = Pattern.compile("\r\n\r\n");
    /** How often {@link #request(byte[], java.util.function.BooleanSupplier)} asks whether its request was dropped. */
    private static final int SLICE_MS = 50;
    private final DatagramSocket socket;
    /** Over TCP (RFC 3261 18.3): one connection, messages framed by Content-Length; else {@code null} (UDP). */
    private final java.net.Socket connection;
    private final int srsPort;
    private int cseq = 1;
    /** The status line of every provisional response received, in order (e.g. to check RFC 3262 reliability). */
    final List<String> provisionals = new ArrayList<>();

    RawSrc(int srsPort) throws IOException {
        this(srsPort, 5000);
    }

    /** @param timeoutMs how long to wait for a final response */
    RawSrc(int srsPort, int timeoutMs) throws IOException {
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.socket.setSoTimeout(timeoutMs);
        this.connection = null;
        this.srsPort = srsPort;
    }

    private RawSrc(java.net.Socket connection, int srsPort) throws IOException {
        this.socket = null;
        this.connection = connection;
        connection.setSoTimeout(5000);
        this.srsPort = srsPort;
    }

    /** An SRC on one TCP connection to the SRS (the forms' {@code Via: SIP/2.0/UDP} is sent as TCP). */
    static RawSrc tcp(int srsPort) throws IOException {
        return new RawSrc(new java.net.Socket(InetAddress.getLoopbackAddress(), srsPort), srsPort);
    }

    int port() {
        return connection != null ? connection.getLocalPort() : socket.getLocalPort();
    }

    /** The transport as written in a Via. */
    String transport() {
        return connection != null ? "TCP" : "UDP";
    }

    /**
     * Sends the bytes as one datagram and returns the first final response to it (or "no final response"); a
     * response of another transaction (e.g. a retransmitted 200 of the INVITE that crossed its ACK) is skipped.
     */
    String request(byte[] message) throws IOException {
        return request(message, null);
    }

    /**
     * {@link #request}, but over UDP it stops waiting as soon as {@code dropped} becomes true: the SRS's request door
     * (before its SIP stack) counted the request as dropped, so no answer can come, and waiting out the whole
     * timeout would only cost time. A request that is not dropped is waited for as long as by {@link #request}.
     */
    String request(byte[] message, java.util.function.BooleanSupplier dropped) throws IOException {
        send(message);
        String cseq = header(new String(message, StandardCharsets.UTF_8), "CSeq");
        while (true) {
            String response = finalResponse(dropped);
            String answered = response.startsWith("SIP/2.0 ") ? header(response, "CSeq") : null;
            if (cseq == null || answered == null || answered.strip().equals(cseq.strip())) {
                return response;
            }
        }
    }

    /**
     * {@link #request} sent again, identical, while no final response comes (at most {@code attempts} times), as a
     * UDP client retransmits (RFC 3261 17.1.2.1): on a loaded machine a datagram to or from the SRS may be lost.
     */
    String requestRetransmitted(byte[] message, int attempts) throws IOException {
        String response = request(message);
        for (int i = 1; i < attempts && response.startsWith("no final response") && connection == null; i++) {
            response = request(message);
        }
        return response;
    }

    /** {@link #inDialogRequest} retransmitted over UDP like {@link #requestRetransmitted}. */
    String inDialogRequestRetransmitted(String method, String invite, String ok, int attempts) throws IOException {
        cseq++;
        return requestRetransmitted(inDialog(method, invite, ok, cseq, "", null).getBytes(StandardCharsets.UTF_8),
                attempts);
    }

    void send(byte[] message) throws IOException {
        if (connection != null) {
            connection.getOutputStream().write(message);
            connection.getOutputStream().flush();
            return;
        }
        socket.send(new DatagramPacket(message, message.length, InetAddress.getLoopbackAddress(), srsPort));
    }

    String finalResponse() throws IOException {
        return finalResponse(null);
    }

    private String finalResponse(java.util.function.BooleanSupplier dropped) throws IOException {
        while (true) {
            String text;
            try {
                text = dropped == null || connection != null ? receive() : receiveUnless(dropped);
            } catch (SocketTimeoutException e) {
                return "no final response";
            }
            if (text == null) {
                return "no final response (connection closed)";
            }
            if (text.startsWith("SIP/2.0 1")) {
                provisionals.add(text.substring(0, Math.max(0, text.indexOf("\r\n"))));
                continue;
            }
            if (text.startsWith("SIP/2.0 ")) {
                return text;
            }
            // a request from the SRS (e.g. a BYE at shutdown) is not what this SRC waits for
        }
    }

    /**
     * One datagram, waited for in slices of {@value #SLICE_MS} ms up to the socket's timeout; gives up
     * ({@link SocketTimeoutException}) early once {@code dropped} is true.
     */
    private String receiveUnless(java.util.function.BooleanSupplier dropped) throws IOException {
        int timeout = socket.getSoTimeout();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(timeout);
        socket.setSoTimeout(SLICE_MS);
        try {
            while (true) {
                try {
                    return receive();
                } catch (SocketTimeoutException e) {
                    if (dropped.getAsBoolean() || System.nanoTime() >= deadline) {
                        throw e;
                    }
                }
            }
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    /** One message: a datagram, or on the connection the header block and Content-Length bytes of body. */
    private String receive() throws IOException {
        if (connection == null) {
            DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
            socket.receive(p);
            return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
        }
        java.io.InputStream in = connection.getInputStream();
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String h = head.toString(StandardCharsets.UTF_8);
            if (h.equals("\r\n")) {
                head.reset(); // a keep-alive CRLF between messages
            } else if (h.endsWith("\r\n\r\n")) {
                String length = header(h, "Content-Length");
                byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length.trim()));
                return h + new String(body, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** ACK for a 2xx to the INVITE: a new transaction in the dialog (RFC 3261 13.2.2.4). */
    void ack(String invite, String ok) throws IOException {
        send(inDialog("ACK", invite, ok, 1, "", null).getBytes(StandardCharsets.UTF_8));
    }

    /** A request in the dialog the 2xx set up, with a new CSeq; returns its final response. */
    String inDialogRequest(String method, String invite, String ok, String contentType, String body) throws IOException {
        cseq++;
        return request(inDialog(method, invite, ok, cseq, body, contentType).getBytes(StandardCharsets.UTF_8));
    }

    private String inDialog(String method, String invite, String ok, int number, String body, String contentType) {
        String toWithTag = header(ok, "To");
        StringBuilder b = new StringBuilder();
        b.append(method).append(" ").append(uriOf(header(ok, "Contact"))).append(" SIP/2.0\r\n");
        b.append("Via: SIP/2.0/").append(transport()).append(" 127.0.0.1:").append(port()).append(";branch=z9hG4bK-").append(method.toLowerCase())
                .append(System.nanoTime()).append("\r\n");
        b.append("From: ").append(header(invite, "From")).append("\r\n");
        b.append("To: ").append(toWithTag).append("\r\n");
        b.append("Call-ID: ").append(header(invite, "Call-ID")).append("\r\n");
        b.append("CSeq: ").append(number).append(" ").append(method).append("\r\n");
        b.append("Max-Forwards: 70\r\n");
        b.append("Contact: <sip:src@127.0.0.1:").append(port()).append(">;+sip.src\r\n");
        if (contentType != null) {
            b.append("Content-Type: ").append(contentType).append("\r\n");
        }
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        b.append("Content-Length: ").append(content.length).append("\r\n\r\n").append(body);
        return b.toString();
    }

    /** Sends {@code packets} G.711 A-law RTP packets of 20 ms (a 400 Hz tone) to a media port of the SRS. */
    void rtp(int port, int packets, long ssrc) throws IOException, InterruptedException {
        rtp(port, packets, ssrc, 8);
    }

    /** The same packets (A-law bytes) with another payload type, e.g. to stand for a codec the SRS does not decode. */
    void rtp(int port, int packets, long ssrc, int payloadType) throws IOException, InterruptedException {
        try (DatagramSocket media = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < packets; i++) {
                byte[] p = new byte[12 + 160];
                p[0] = (byte) 0x80;
                p[1] = (byte) payloadType;
                p[2] = (byte) (i >> 8);
                p[3] = (byte) i;
                int ts = i * 160;
                p[4] = (byte) (ts >> 24);
                p[5] = (byte) (ts >> 16);
                p[6] = (byte) (ts >> 8);
                p[7] = (byte) ts;
                p[8] = (byte) (ssrc >> 24);
                p[9] = (byte) (ssrc >> 16);
                p[10] = (byte) (ssrc >> 8);
                p[11] = (byte) ssrc;
                for (int k = 0; k < 160; k++) {
                    short pcm = (short) (8000 * Math.sin(2 * Math.PI * 400 * (i * 160 + k) / 8000.0));
                    p[12 + k] = org.siprec.media.rtp.G711.A_LAW.encode(pcm);
                }
                media.send(new DatagramPacket(p, p.length, InetAddress.getLoopbackAddress(), port));
                Thread.sleep(20);
            }
        }
    }

    /** The m= ports of an SDP answer, in order. */
    static List<Integer> answeredPorts(String response) {
        List<Integer> ports = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^m=audio (\\d+) ").matcher(response);
        while (m.find()) {
            ports.add(Integer.parseInt(m.group(1)));
        }
        return ports;
    }

    static int status(String response) {
        return response.startsWith("SIP/2.0 ") ? Integer.parseInt(response.substring(8, 11)) : -1;
    }

    /** The value of the first header of that name in a message (before the body), or {@code null}. */
    static String header(String message, String name) {
        String head = HEADER_END.split(message, 2)[0];
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static String uriOf(String contact) {
        int lt = contact.indexOf('<');
        int gt = contact.indexOf('>');
        return lt >= 0 && gt > lt ? contact.substring(lt + 1, gt) : contact;
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException e) {
                // closing a test's connection: nothing left to do
            }
        } else {
            socket.close();
        }
    }
}
