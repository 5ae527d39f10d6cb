package org.siprec.sip;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of an address header value such as {@code P-Asserted-Identity}, {@code From} or {@code Contact}:
 * {@code "Alice" <sip:alice@example.com>}, {@code Bob <tel:+15551234>} or a bare {@code sip:carol@example.com}
 * (RFC 3261 section 20.10 and 25.1, name-addr / addr-spec).
 *
 * @param displayName the display name without quotes or escapes, or {@code null} when there is none
 * @param uri         the URI, without the angle brackets and without header parameters
 */
public record NameAddr(String displayName, String uri) {
    public NameAddr {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("a name-addr needs a URI");
        }
    }

    /**
     * Reads a comma-separated list of name-addr / addr-spec entries. Commas and angle brackets inside a quoted
     * display name do not split; an addr-spec's {@code ;parameters} are header parameters (RFC 3261 section
     * 20.10), so {@code sip:a@x;tag=1} gives {@code sip:a@x}. Entries that are not addresses (an unclosed
     * {@code <}, nothing but a name) are left out, so hostile input gives fewer entries, never an exception.
     *
     * @param value a header value, or {@code null}
     * @return the entries in order; empty when there are none
     */
    public static List<NameAddr> parseList(String value) {
        List<NameAddr> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        for (String entry : splitEntries(value)) {
            NameAddr parsed = parseEntry(entry.trim());
            if (parsed != null) {
                result.add(parsed);
            }
        }
        return result;
    }

    /** Splits at commas outside quoted strings and angle brackets. */
    private static List<String> splitEntries(String value) {
        List<String> entries = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean bracketed = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\' && i + 1 < value.length()) {
                current.append(c).append(value.charAt(++i));
                continue;
            }
            if (c == '"' && !bracketed) {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                bracketed = true;
            } else if (!quoted && c == '>') {
                bracketed = false;
            } else if (!quoted && !bracketed && c == ',') {
                entries.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        entries.add(current.toString());
        return entries;
    }

    private static NameAddr parseEntry(String entry) {
        if (entry.isEmpty()) {
            return null;
        }
        StringBuilder name = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < entry.length(); i++) {
            char c = entry.charAt(i);
            if (quoted && c == '\\' && i + 1 < entry.length()) {
                name.append(entry.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                int close = entry.indexOf('>', i + 1);
                if (close < 0) {
                    return null;
                }
                String uri = entry.substring(i + 1, close).trim();
                String display = name.toString().trim();
                return isUri(uri) ? new NameAddr(display.isEmpty() ? null : display, uri) : null;
            } else {
                name.append(c);
            }
        }
        if (entry.indexOf('"') >= 0) {
            // a display name with no <uri>
            return null;
        }
        int semicolon = entry.indexOf(';');
        String uri = (semicolon < 0 ? entry : entry.substring(0, semicolon)).trim();
        return isUri(uri) ? new NameAddr(null, uri) : null;
    }

    /** Enough of a URI to hand on: a scheme and no white space or brackets (RFC 3986 has none unescaped). */
    private static boolean isUri(String uri) {
        return uri.indexOf(':') > 0 && uri.chars().noneMatch(c -> Character.isWhitespace(c) || c == '<' || c == '>');
    }
}
