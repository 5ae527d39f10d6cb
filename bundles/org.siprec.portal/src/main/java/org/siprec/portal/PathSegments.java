package org.siprec.portal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.servlet.http.HttpServletRequest;

/**
 * The segments of a request path below a servlet's prefix, each percent-decoded on its own. A Call-ID may contain
 * {@code /}, {@code ?} or {@code %} (RFC 3261 {@code word}), sent as {@code %2F}, {@code %3F}, {@code %25}: the
 * container's decoded {@code getPathInfo()} would have split or mangled it, so the raw request URI is split first
 * and decoded after. {@code +} is a plus here (a path, not a form), and a bad escape or bytes that are not UTF-8
 * are refused rather than guessed.
 */
final class PathSegments {
    private PathSegments() {
    }

    /**
     * The decoded segments after {@code prefix} (e.g. {@code /api/v1/calls}): {@code []} for the prefix itself,
     * {@code ["a b", "x"]} for {@code prefix/a%20b/x}.
     *
     * @throws ApiException 404 when the raw path does not start with the prefix (as a whole segment), 400 for a bad
     *                      escape, an empty segment (a doubled or trailing slash), or bytes that are not UTF-8
     */
    static List<String> below(HttpServletRequest req, String prefix) throws ApiException {
        String uri = req.getRequestURI();
        String context = req.getContextPath() == null ? "" : req.getContextPath();
        String raw = uri.startsWith(context) ? uri.substring(context.length()) : uri;
        return below(raw, prefix);
    }

    static List<String> below(String rawPath, String prefix) throws ApiException {
        if (!rawPath.startsWith(prefix) || rawPath.length() > prefix.length() && rawPath.charAt(prefix.length()) != '/') {
            throw new ApiException(404, "no such resource: " + rawPath);
        }
        String rest = rawPath.substring(prefix.length());
        List<String> segments = new ArrayList<>();
        if (rest.isEmpty()) {
            return segments;
        }
        for (String s : rest.substring(1).split("/", -1)) {
            if (s.isEmpty()) {
                throw new ApiException(400, "empty path segment in " + rawPath);
            }
            segments.add(decode(s));
        }
        return segments;
    }

    /** Percent-decodes one segment as UTF-8, strictly. */
    static String decode(String segment) throws ApiException {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteBuffer bytes = ByteBuffer.allocate(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                int hi = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(segment.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw new ApiException(400, "bad percent-escape in path segment '" + segment + "'");
                }
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else if (c < 0x80) {
                bytes.put((byte) c);
            } else {
                throw new ApiException(400, "path segment '" + segment + "' is not percent-encoded ASCII");
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(400, "path segment '" + segment + "' is not UTF-8 once decoded");
        }
    }
}
