package org.siprec.src.recording;

import java.util.Locale;

/**
 * The DTMF sequences (RFC 4733 telephone-events) that pause and resume a call's recording, e.g. {@code *1} and
 * {@code *2}; an empty one is off.
 */
public record DtmfCodes(String pause, String resume) {
    public static final DtmfCodes NONE = new DtmfCodes("", "");
    private static final String DIGITS = "0123456789*#ABCD";

    /**
     * @throws IllegalArgumentException naming the key ({@code pause.dtmf}, {@code resume.dtmf}) that is wrong
     */
    public static DtmfCodes of(String pause, String resume) {
        String p = check("pause.dtmf", pause);
        String r = check("resume.dtmf", resume);
        if (!p.isEmpty() && p.equals(r)) {
            throw new IllegalArgumentException("pause.dtmf and resume.dtmf must differ, both are '" + p + "'");
        }
        return new DtmfCodes(p, r);
    }

    private static String check(String key, String value) {
        String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        if (v.length() > 8) {
            throw new IllegalArgumentException(key + " is at most 8 digits, got '" + value + "'");
        }
        for (char c : v.toCharArray()) {
            if (DIGITS.indexOf(c) < 0) {
                throw new IllegalArgumentException(key + " may hold only 0-9 * # A-D, got '" + value + "'");
            }
        }
        return v;
    }

    /** The character of an RFC 4733 event code (0-15), or 0 for another event. */
    static char digit(int event) {
        return event >= 0 && event < DIGITS.length() ? DIGITS.charAt(event) : 0;
    }

    boolean enabled() {
        return !pause.isEmpty() || !resume.isEmpty();
    }
}
