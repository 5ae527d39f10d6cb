package org.siprec.testsupport.media;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Just enough SIP message handling for the bench's own UAs: start line, headers in order (compact forms
 * expanded), body. Not a SIP stack: it trusts the platform under test to speak well-formed SIP.
 */
final class SipMessage {
    final String startLine;
    final List<String[]> headers = new ArrayList<>();
    final String body;

    private SipMessage(String startLine, String body) {
        this.startLine = startLine;
        this.body = body;
    }

    static SipMessage parse(byte[] data, int length) {
        String text = new String(data, 0, length, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        String[] lines = head.split("\r\n");
        SipMessage m = new SipMessage(lines[0], body);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                m.headers.add(new String[] {longName(lines[i].substring(0, colon).trim()), lines[i].substring(colon + 1).trim()});
            }
        }
        return m;
    }

    private static String longName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "v" -> "Via";
            case "f" -> "From";
            case "t" -> "To";
            case "i" -> "Call-ID";
            case "m" -> "Contact";
            case "l" -> "Content-Length";
            case "c" -> "Content-Type";
            default -> name;
        };
    }

    boolean isRequest() {
        return !startLine.startsWith("SIP/2.0");
    }

    String method() {
        return isRequest() ? startLine.substring(0, startLine.indexOf(' ')) : cseqMethod();
    }

    int status() {
        return isRequest() ? 0 : Integer.parseInt(startLine.split(" ")[1]);
    }

    String cseqMethod() {
        String[] c = header("CSeq").split("\\s+");
        return c[c.length - 1];
    }

    String requestUri() {
        return startLine.split(" ")[1];
    }

    String header(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return "";
    }

    List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                values.add(h[1]);
            }
        }
        return values;
    }

    /** The URI inside a name-addr or addr-spec header value (Contact, From, To). */
    static String uri(String value) {
        int lt = value.indexOf('<');
        if (lt >= 0) {
            return value.substring(lt + 1, value.indexOf('>', lt));
        }
        int semi = value.indexOf(';');
        return semi < 0 ? value : value.substring(0, semi);
    }

    static String tag(String value) {
        int i = value.indexOf(";tag=");
        if (i < 0) {
            return null;
        }
        String t = value.substring(i + 5);
        int end = t.indexOf(';');
        return end < 0 ? t : t.substring(0, end);
    }

    /** A response to this request: Via, From, Call-ID and CSeq copied, To with {@code toTag} unless it has one. */
    String response(int status, String reason, String toTag, String contact, String sdp) {
        StringBuilder b = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        for (String via : all("Via")) {
            b.append("Via: ").append(via).append("\r\n");
        }
        String to = header("To");
        if (tag(to) == null && toTag != null && status > 100) {
            to = to + ";tag=" + toTag;
        }
        b.append("From: ").append(header("From")).append("\r\n").append("To: ").append(to).append("\r\n")
                .append("Call-ID: ").append(header("Call-ID")).append("\r\n")
                .append("CSeq: ").append(header("CSeq")).append("\r\n");
        if (contact != null) {
            b.append("Contact: <").append(contact).append(">\r\n");
        }
        return withBody(b, sdp);
    }

    static String withBody(StringBuilder b, String sdp) {
        if (sdp == null) {
            return b.append("Content-Length: 0\r\n\r\n").toString();
        }
        return b.append("Content-Type: application/sdp\r\nContent-Length: ")
                .append(sdp.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n").append(sdp).toString();
    }

    /** The media ports of the body's m= lines in order (of an SDP or of the SDP part of a multipart body). */
    List<Integer> mediaPorts() {
        List<Integer> ports = new ArrayList<>();
        for (String line : body.split("\r?\n")) {
            if (line.startsWith("m=")) {
                ports.add(Integer.parseInt(line.split(" ")[1]));
            }
        }
        return ports;
    }

    /** The a=label of each m= line (null where there is none), for the SRS's answer. */
    List<String> mediaLabels() {
        List<String> labels = new ArrayList<>();
        for (String line : body.split("\r?\n")) {
            if (line.startsWith("m=")) {
                labels.add(null);
            } else if (line.startsWith("a=label:") && !labels.isEmpty()) {
                labels.set(labels.size() - 1, line.substring(8).trim());
            }
        }
        return labels;
    }

    /** The session-level or first c= address of the body. */
    String mediaAddress() {
        for (String line : body.split("\r?\n")) {
            if (line.startsWith("c=")) {
                String[] c = line.trim().split(" ");
                return c[c.length - 1];
            }
        }
        return "127.0.0.1";
    }
}
