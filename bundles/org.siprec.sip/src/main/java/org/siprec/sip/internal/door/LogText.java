package org.siprec.sip.internal.door;

/** Text from the network made safe for a log line: control characters escaped, length capped. */
public final class LogText {
    /** The most characters of peer-supplied text a log line carries. */
    public static final int MAX = 200;

    private LogText() {
    }

    public static String safe(Object value) {
        return safe(value, MAX);
    }

    public static String safe(Object value, int max) {
        if (value == null) {
            return "null";
        }
        String s = value.toString();
        StringBuilder b = new StringBuilder(Math.min(s.length(), max) + 16);
        for (int i = 0; i < s.length(); i++) {
            if (b.length() >= max) {
                b.append("...(").append(s.length()).append(" chars)");
                break;
            }
            char c = s.charAt(i);
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
