package org.siprec.sip.internal.door;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a request on its raw bytes, before the RI's parser, for what the parser hides: the RI keeps the first of
 * a duplicated header (the last Content-Length) without a word, and drops a request without From, To, Call-ID or
 * CSeq with the raw bytes logged at ERROR, and reads any {@code SIP/x.y} as SIP/2.0. Found here: a version other
 * than SIP/2.0 (505), a CSeq method other than the request's (400; the RI would answer it itself, without To tag,
 * and answer an ACK), header count over the limit, a single-value header given
 * twice (RFC 3261 7.3.1; Content-Length twice is RFC 4475 3.1.2.x's conflicting lengths), a Content-Length larger
 * than the datagram's body (RFC 3261 18.3, RFC 4475 3.1.2.6 "clerr"), and which mandatory headers are missing
 * (RFC 3261 8.1.1; Max-Forwards is not required, as RFC 4475 3.1.2.18 allows). A longer body than Content-Length
 * on UDP is not an error: RFC 3261 18.3 says the extra bytes are discarded.
 */
final class RawMessageCheck {
    /** Headers that may appear once (RFC 3261 7.3.1: only comma-list headers may repeat). */
    private static final Set<String> SINGLE = Set.of("from", "to", "call-id", "cseq", "max-forwards", "content-length",
            "content-type", "mime-version", "expires", "min-expires", "content-disposition");
    private static final Map<Character, String> COMPACT = Map.of('f', "from", 't', "to", 'i', "call-id", 'l',
            "content-length", 'c', "content-type", 'v', "via", 'm', "contact", 'k', "supported", 's', "subject", 'e',
            "content-encoding");
    static final String CSEQ_MISMATCH = "CSeq Method Does Not Match The Request Method";
    static final String[] MANDATORY = {"via", "from", "to", "call-id", "cseq"};

    /** The outcome: a verdict (null: nothing wrong), the request method and the missing mandatory headers. */
    record Result(Verdict verdict, String method, Set<String> missing) {
    }

    private static final Result NOT_A_REQUEST = new Result(null, null, Set.of());

    private RawMessageCheck() {
    }

    static Result check(byte[] bytes, boolean datagram, DoorSettings limits) {
        int n = bytes.length;
        int pos = 0;
        while (pos < n && (bytes[pos] == '\r' || bytes[pos] == '\n')) {
            pos++; // RFC 3261 7.5: CRLF before the start line is ignored
        }
        int lineEnd = lineEnd(bytes, pos);
        if (lineEnd < 0) {
            return NOT_A_REQUEST;
        }
        String startLine = new String(bytes, pos, lineEnd - pos, ISO_8859_1).trim();
        if (startLine.startsWith("SIP/")) {
            return NOT_A_REQUEST; // responses are the transaction layer's business
        }
        int sp = startLine.indexOf(' ');
        String method = sp > 0 ? startLine.substring(0, sp) : startLine;
        pos = next(bytes, lineEnd);
        Set<String> seen = new HashSet<>();
        String duplicate = null;
        int headers = 0;
        long contentLength = -1;
        String cseqMethod = null;
        int bodyStart = n;
        while (pos < n) {
            lineEnd = lineEnd(bytes, pos);
            int end = lineEnd < 0 ? n : lineEnd;
            if (end == pos) {
                bodyStart = next(bytes, pos);
                break;
            }
            byte first = bytes[pos];
            if (first != ' ' && first != '\t') { // not a folded continuation line
                headers++;
                int colon = indexOf(bytes, pos, end, (byte) ':');
                if (colon > pos) {
                    String name = canonical(new String(bytes, pos, colon - pos, ISO_8859_1).trim());
                    if (!seen.add(name) && SINGLE.contains(name) && duplicate == null) {
                        duplicate = name;
                    }
                    if (name.equals("cseq")) {
                        String[] parts = new String(bytes, colon + 1, end - colon - 1, ISO_8859_1).trim().split("\\s+");
                        cseqMethod = parts.length == 2 ? parts[1] : null;
                    }
                    if (name.equals("content-length")) {
                        contentLength = parseLength(new String(bytes, colon + 1, end - colon - 1, ISO_8859_1).trim());
                    }
                }
            }
            if (lineEnd < 0) {
                break;
            }
            pos = next(bytes, lineEnd);
        }
        Set<String> missing = new LinkedHashSet<>();
        for (String m : MANDATORY) {
            if (!seen.contains(m)) {
                missing.add(m);
            }
        }
        Verdict verdict = null;
        if (headers > limits.maxHeaders()) {
            verdict = new Verdict(400, "Too Many Headers", DoorCounters.TOO_MANY_HEADERS);
        } else if (missing.contains("via")) {
            verdict = Verdict.drop(DoorCounters.NO_VIA_DROPPED, "no Via: nowhere to answer");
        } else if (!startLine.toUpperCase(Locale.ROOT).endsWith(" SIP/2.0")) {
            verdict = Verdict.reject(505, "Version Not Supported"); // the RI's parser takes any SIP/x.y as 2.0
        } else if (!missing.isEmpty()) {
            verdict = Verdict.reject(400, "Missing " + display(missing.iterator().next()) + " Header");
        } else if (duplicate != null) {
            verdict = Verdict.reject(400, "Duplicate " + display(duplicate) + " Header");
        } else if (cseqMethod != null && !cseqMethod.equals(method)) {
            verdict = Verdict.reject(400, CSEQ_MISMATCH);
        } else if (datagram && contentLength > n - bodyStart) {
            verdict = Verdict.reject(400, "Content-Length Larger Than Body");
        }
        return new Result(verdict, method, missing);
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1; // the RI's parser refuses it (400 on UDP)
        }
    }

    static String canonical(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.length() == 1) {
            String full = COMPACT.get(lower.charAt(0));
            if (full != null) {
                return full;
            }
        }
        return lower;
    }

    static String display(String canonical) {
        return switch (canonical) {
            case "call-id" -> "Call-ID";
            case "cseq" -> "CSeq";
            case "mime-version" -> "MIME-Version";
            default -> {
                StringBuilder b = new StringBuilder(canonical.length());
                boolean up = true;
                for (char c : canonical.toCharArray()) {
                    b.append(up ? Character.toUpperCase(c) : c);
                    up = c == '-';
                }
                yield b.toString();
            }
        };
    }

    /** Index of the CR or LF ending the line starting at pos, or -1. */
    private static int lineEnd(byte[] b, int pos) {
        for (int i = pos; i < b.length; i++) {
            if (b[i] == '\r' || b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int next(byte[] b, int lineEnd) {
        if (b[lineEnd] == '\r' && lineEnd + 1 < b.length && b[lineEnd + 1] == '\n') {
            return lineEnd + 2;
        }
        return lineEnd + 1;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
