package org.siprec.sip.body;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small, tolerant MIME multipart (RFC 2046) parser for SIP bodies: the boundary comes from the Content-Type
 * parameter (quoted or not); lines may end in CRLF or LF; preamble and epilogue are ignored; a missing close
 * delimiter is forgiven. Part contents are kept as bytes (the line break before each delimiter belongs to the
 * delimiter, RFC 2046 5.1.1).
 */
public final class Multipart {
    /**
     * The most body parts {@link #parse(String, byte[])} accepts: SIPREC needs two (SDP and metadata), RFC 5621
     * bodies seldom more than a few; a body with more is refused before its parts are copied.
     */
    public static final int MAX_PARTS = 16;

    /** One body part: its headers (names lower-cased) and content. */
    public record Part(Map<String, String> headers, byte[] content) {
        public Part {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        /** The media type without parameters, lower-cased, e.g. {@code application/sdp}; {@code text/plain} if absent. */
        public String mediaType() {
            return Multipart.mediaType(headers.getOrDefault("content-type", "text/plain"));
        }

        /** The disposition type, lower-cased, e.g. {@code recording-session}, or {@code null}. */
        public String disposition() {
            String d = headers.get("content-disposition");
            if (d == null) {
                return null;
            }
            int semi = d.indexOf(';');
            return (semi < 0 ? d : d.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        }

        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private Multipart() {
    }

    /** A part with a Content-Type and, unless {@code null}, a Content-Disposition. */
    public static Part part(String contentType, String disposition, byte[] content) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", contentType);
        if (disposition != null) {
            headers.put("content-disposition", disposition);
        }
        return new Part(headers, content);
    }

    /** Writes parts as a multipart body with the given boundary (CRLF line ends, close delimiter). */
    public static byte[] build(String boundary, List<Part> parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Part part : parts) {
            StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n");
            part.headers().forEach((name, value) -> head.append(headerName(name)).append(": ").append(value).append("\r\n"));
            head.append("\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(part.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** {@code content-type} becomes {@code Content-Type}. */
    private static String headerName(String lower) {
        StringBuilder sb = new StringBuilder(lower.length());
        boolean upper = true;
        for (char c : lower.toCharArray()) {
            sb.append(upper ? Character.toUpperCase(c) : c);
            upper = c == '-';
        }
        return sb.toString();
    }

    /** The media type of a Content-Type value, without parameters, lower-cased and trimmed. */
    public static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * A parameter of a Content-Type value (case-insensitive name), unquoted, or {@code null}.
     */
    public static String parameter(String contentType, String name) {
        if (contentType == null) {
            return null;
        }
        int i = contentType.indexOf(';');
        while (i >= 0 && i < contentType.length()) {
            int eq = contentType.indexOf('=', i);
            if (eq < 0) {
                return null;
            }
            String key = contentType.substring(i + 1, eq).trim();
            int start = eq + 1;
            while (start < contentType.length() && contentType.charAt(start) == ' ') {
                start++;
            }
            String value;
            int next;
            if (start < contentType.length() && contentType.charAt(start) == '"') {
                StringBuilder sb = new StringBuilder();
                int j = start + 1;
                while (j < contentType.length() && contentType.charAt(j) != '"') {
                    char c = contentType.charAt(j);
                    if (c == '\\' && j + 1 < contentType.length()) {
                        c = contentType.charAt(++j);
                    }
                    sb.append(c);
                    j++;
                }
                value = sb.toString();
                next = contentType.indexOf(';', j);
            } else {
                next = contentType.indexOf(';', start);
                value = (next < 0 ? contentType.substring(start) : contentType.substring(start, next)).trim();
            }
            if (key.equalsIgnoreCase(name)) {
                return value;
            }
            i = next;
        }
        return null;
    }

    /**
     * Splits a multipart body.
     *
     * @param contentType the message's Content-Type value, e.g. {@code multipart/mixed;boundary="foo"}
     * @param body the body bytes
     * @throws IllegalArgumentException when the boundary is missing, no delimiter is found, or the body has more
     *                                  than {@link #MAX_PARTS} parts ({@link TooManyPartsException})
     */
    public static List<Part> parse(String contentType, byte[] body) {
        return parse(contentType, body, MAX_PARTS);
    }

    /**
     * Splits a multipart body of at most {@code maxParts} parts.
     *
     * @throws IllegalArgumentException when the boundary is missing or no delimiter is found
     * @throws TooManyPartsException when the body has more than {@code maxParts} parts (message: "multipart body
     *                               with more than 16 parts")
     */
    public static List<Part> parse(String contentType, byte[] body, int maxParts) {
        if (maxParts < 1) {
            throw new IllegalArgumentException("maxParts must be at least 1: " + maxParts);
        }
        String boundary = parameter(contentType, "boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
            throw new IllegalArgumentException("multipart body without a usable boundary parameter");
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<int[]> delimiters = new ArrayList<>(); // {start of line, index after the delimiter line, closing?}
        int pos = 0;
        while (pos <= body.length - delimiter.length) {
            int lineStart = pos;
            int after = lineStart + delimiter.length;
            if (startsWith(body, lineStart, delimiter) && (after == body.length || isDelimiterEnd(body[after]))) {
                boolean closing = after + 2 <= body.length && body[after] == '-' && body[after + 1] == '-';
                int eol = indexOf(body, (byte) '\n', after);
                int next = eol < 0 ? body.length : eol + 1;
                delimiters.add(new int[] {lineStart, next, closing ? 1 : 0});
                if (closing) {
                    break;
                }
                if (delimiters.size() > maxParts) {
                    throw new TooManyPartsException(maxParts);
                }
                pos = next;
                continue;
            }
            int eol = indexOf(body, (byte) '\n', pos);
            if (eol < 0) {
                break;
            }
            pos = eol + 1;
        }
        if (delimiters.isEmpty()) {
            throw new IllegalArgumentException("multipart body without the boundary delimiter '--" + boundary + "'");
        }
        List<Part> parts = new ArrayList<>();
        for (int d = 0; d < delimiters.size(); d++) {
            int[] open = delimiters.get(d);
            if (open[2] == 1) {
                break;
            }
            int start = open[1];
            int end = d + 1 < delimiters.size() ? delimiters.get(d + 1)[0] : body.length;
            // the line break before the next delimiter belongs to the delimiter
            if (d + 1 < delimiters.size()) {
                if (end > start && body[end - 1] == '\n') {
                    end--;
                    if (end > start && body[end - 1] == '\r') {
                        end--;
                    }
                }
            } else {
                end = trimTrailingBlankLines(body, start, end);
            }
            parts.add(part(body, start, end));
        }
        return parts;
    }

    private static int trimTrailingBlankLines(byte[] body, int start, int end) {
        while (end > start && (body[end - 1] == '\n' || body[end - 1] == '\r')) {
            end--;
        }
        return end;
    }

    private static Part part(byte[] body, int start, int end) {
        Map<String, String> headers = new LinkedHashMap<>();
        int pos = start;
        String lastName = null;
        while (pos < end) {
            int lineStart = pos;
            int eol = indexOf(body, (byte) '\n', pos);
            int lineEnd = eol < 0 || eol >= end ? end : eol;
            int next = eol < 0 || eol >= end ? end : eol + 1;
            int contentEnd = lineEnd > pos && body[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            String line = new String(body, pos, contentEnd - pos, StandardCharsets.UTF_8);
            pos = next;
            if (line.isEmpty()) {
                return new Part(headers, Arrays.copyOfRange(body, pos, end));
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && lastName != null) {
                headers.merge(lastName, " " + line.trim(), String::concat);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.substring(0, colon).indexOf(' ') >= 0 || line.startsWith("v=")) {
                // not a header line: the part has no (more) headers and its content starts here (tolerated)
                return new Part(headers, Arrays.copyOfRange(body, lineStart, end));
            }
            lastName = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.put(lastName, line.substring(colon + 1).trim());
        }
        return new Part(headers, new byte[0]);
    }

    private static boolean isDelimiterEnd(byte b) {
        return b == '-' || b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static boolean startsWith(byte[] body, int at, byte[] prefix) {
        if (at + prefix.length > body.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] body, byte b, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
