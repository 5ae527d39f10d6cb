package org.siprec.sip.internal.door;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.UDPMessageChannel;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The answer to a request the RI's parser cannot parse, in place of the RI's own: the RI answers a datagram with
 * "400 Bad Request (" + its parser's message + ")" (raw input, even {@code [C@...}, in the reason phrase) before
 * any valve runs, so an untrusted source learnt what is wrong with its message; and over TCP it answers nothing.
 * Here: a source the application does not trust gets nothing (its admission cannot be judged on a message that
 * cannot be read: dropped, counted); a trusted one a 400 with a fixed reason phrase, built from the request's own
 * Via, From, To, Call-ID and CSeq lines (RFC 3261 8.2.6.2; without all of them there is nothing to answer). On a
 * connection, the connection is closed afterwards when the message's framing is lost (a Content-Length other than a
 * single 0: where its body ends is not to be trusted; RFC 4475 3.1.2.3 asks to close); a message without body
 * leaves the connection usable, so that answers still due to earlier requests on it (RFC 4475 3.1.1.8) go out.
 */
final class ParseErrorReply {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ParseErrorReply.class);
    static final String REASON = "Bad Request";
    private static final Method SEND_BYTES = sendBytesMethod();
    private static final Field PACKET = packetField();

    private ParseErrorReply() {
    }

    /** Answers (or drops) the unparseable request {@code bytes} received on {@code channel}. */
    static void answer(Door door, byte[] bytes, Verdict found, MessageChannel channel) {
        try {
            // the channel's peer, known before the message is parsed (numeric: no name lookup)
            InetAddress source = channel.getPeerAddress() == null ? null : InetAddress.getByName(channel.getPeerAddress());
            int port = sourcePort(channel);
            if (source == null || !door.trusted().test(source)) {
                door.counters().increment(DoorCounters.UNTRUSTED_REFUSED);
                return;
            }
            boolean known = found != null && !found.dropped();
            int status = known ? found.status() : 400;
            byte[] reply = build(bytes, status, known ? found.reason() : REASON);
            if (reply == null) {
                door.counters().increment(DoorCounters.UNANSWERABLE_DROPPED);
                return;
            }
            door.counters().rejected(status);
            if (SEND_BYTES != null) {
                SEND_BYTES.invoke(channel, reply, source, port, false);
            }
        } catch (Exception e) {
            door.counters().increment(DoorCounters.UNANSWERABLE_DROPPED);
        } finally {
            if (channel instanceof ConnectionOrientedMessageChannel connection && framingLost(bytes)) {
                connection.close();
            }
        }
    }

    /** Whether the message claims a body, or its length cannot be read: the next message's start is unknown. */
    static boolean framingLost(byte[] request) {
        int lengths = 0;
        boolean zero = true;
        for (String line : headerLines(new String(request, ISO_8859_1))) {
            int colon = line.indexOf(':');
            if (colon > 0 && RawMessageCheck.canonical(line.substring(0, colon).trim()).equals("content-length")) {
                lengths++;
                zero &= line.substring(colon + 1).trim().equals("0");
            }
        }
        return lengths > 1 || !zero;
    }

    /**
     * The response's bytes, or null when a header it must copy is missing or carries control characters (nothing
     * of the input that could mislead the peer's parser or log goes back).
     */
    static byte[] build(byte[] request, int status, String reason) {
        List<String> vias = new ArrayList<>();
        String from = null;
        String to = null;
        String callId = null;
        String cseq = null;
        for (String line : headerLines(new String(request, ISO_8859_1))) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = RawMessageCheck.canonical(line.substring(0, colon).trim());
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "via" -> vias.add(value);
                case "from" -> from = from == null ? value : from;
                case "to" -> to = to == null ? value : to;
                case "call-id" -> callId = callId == null ? value : callId;
                case "cseq" -> cseq = cseq == null ? value : cseq;
                default -> {
                }
            }
        }
        if (vias.isEmpty() || from == null || to == null || callId == null || cseq == null) {
            return null;
        }
        StringBuilder r = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        for (String via : vias) {
            r.append("Via: ").append(via).append("\r\n");
        }
        r.append("From: ").append(from).append("\r\n");
        r.append("To: ").append(to);
        int nameAddrEnd = to.lastIndexOf('>');
        if (!to.substring(nameAddrEnd + 1).toLowerCase(Locale.ROOT).contains("tag=")) {
            r.append(";tag=").append(Long.toHexString(ThreadLocalRandom.current().nextLong()));
        }
        r.append("\r\nCall-ID: ").append(callId).append("\r\nCSeq: ").append(cseq).append("\r\nContent-Length: 0\r\n\r\n");
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            if ((c < 0x20 && c != '\r' && c != '\n' && c != '\t') || c == 0x7f) {
                return null;
            }
        }
        return r.toString().getBytes(ISO_8859_1);
    }

    /** The header lines (folded lines joined, RFC 3261 7.3.1), up to the empty line. */
    private static List<String> headerLines(String message) {
        List<String> lines = new ArrayList<>();
        String[] raw = message.split("\r\n|\n|\r", -1);
        int i = 0;
        while (i < raw.length && raw[i].isEmpty()) {
            i++; // CRLFs before the start line
        }
        for (i++; i < raw.length && !raw[i].isEmpty(); i++) {
            String line = raw[i];
            if ((line.startsWith(" ") || line.startsWith("\t")) && !lines.isEmpty()) {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " " + line.trim());
            } else {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The datagram's source port is only known to the RI's channel after parsing: read from its packet here. */
    private static int sourcePort(MessageChannel channel) throws IllegalAccessException {
        if (channel instanceof UDPMessageChannel && PACKET != null) {
            return ((DatagramPacket) PACKET.get(channel)).getPort();
        }
        return channel.getPeerPort();
    }

    private static Field packetField() {
        try {
            Field f = UDPMessageChannel.class.getDeclaredField("incomingPacket");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * {@code MessageChannel.sendMessage(byte[], InetAddress, int, boolean)}: the only way the RI offers to send bytes
     * on a channel (datagram to the source; on a connection through {@code ConnectionIOHandler}), protected.
     */
    private static Method sendBytesMethod() {
        try {
            Method m = MessageChannel.class.getDeclaredMethod("sendMessage", byte[].class, InetAddress.class, int.class, boolean.class);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
