package org.siprec.portal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a {@code Range} header (RFC 9110 §14), resolved against the file's length: first and last byte,
 * inclusive.
 */
record ByteRange(long first, long last) {
    private static final Pattern ONE = Pattern.compile("\\s*bytes\\s*=\\s*(\\d{0,18})\\s*-\\s*(\\d{0,18})\\s*");

    long length() {
        return last - first + 1;
    }

    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /** Not a single byte range that this file can satisfy: answered 416 with {@code Content-Range: bytes *}. */
    static final class Unsatisfiable extends Exception {
        private static final long serialVersionUID = 1L;

        Unsatisfiable(String why) {
            super(why);
        }
    }

    /**
     * The range the header asks of a file of {@code size} bytes.
     *
     * @return empty when there is no header, or it asks several ranges (then the whole file is sent, 200, which
     *         RFC 9110 allows)
     * @throws Unsatisfiable when it is malformed, starts beyond the end, ends before it starts, or is a suffix of 0
     *                       bytes
     */
    static Optional<ByteRange> parse(String header, long size) throws Unsatisfiable {
        if (header == null) {
            return Optional.empty();
        }
        if (header.indexOf(',') >= 0 && header.trim().startsWith("bytes")) {
            return Optional.empty();
        }
        Matcher m = ONE.matcher(header);
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            throw new Unsatisfiable("not a byte range: " + header);
        }
        if (m.group(1).isEmpty()) { // bytes=-n: the last n bytes
            long n = Long.parseLong(m.group(2));
            if (n == 0 || size == 0) {
                throw new Unsatisfiable("empty suffix range " + header + " of " + size + " bytes");
            }
            return Optional.of(new ByteRange(Math.max(0, size - n), size - 1));
        }
        long first = Long.parseLong(m.group(1));
        long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
        if (first >= size || !m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
            throw new Unsatisfiable("range " + header.trim() + " outside the " + size + " bytes");
        }
        return Optional.of(new ByteRange(first, last));
    }
}
