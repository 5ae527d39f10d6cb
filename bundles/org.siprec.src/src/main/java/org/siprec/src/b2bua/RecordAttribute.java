package org.siprec.src.b2bua;

import java.util.Locale;
import org.siprec.src.recording.RecordingState;

/**
 * The {@code a=record} attribute (RFC 7866 section 6.1) that tells a record-aware UA whether its call is recorded,
 * and the text editing that puts it into the SDP the UA receives. The SDP is edited as text (line by line) because
 * the body is already anchored and only two lines change: the {@code o=} version and the {@code a=record} line.
 */
enum RecordAttribute {
    ON, OFF, PAUSED;

    private static final String PREFIX = "a=record:";

    String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * What the parties are told in each recording state: {@code on} while an SRS records (copies flow),
     * {@code paused} while paused, {@code off} otherwise (not recorded yet, being offered to an SRS, skipped,
     * stopped, failed).
     */
    static RecordAttribute of(RecordingState state) {
        return switch (state) {
            case RECORDING -> ON;
            case PAUSED -> PAUSED;
            default -> OFF;
        };
    }

    /**
     * {@code sdp} with this value as its only {@code a=record} line, at session level (just before the first
     * {@code m=} line; any {@code a=record} already there, at session or media level, is dropped), and its
     * {@code o=} session version raised by {@code versionOffset}. Line endings are CRLF. A body without an
     * {@code o=} or {@code m=} line gets the attribute at its end and no version change.
     */
    String stamp(String sdp, long versionOffset) {
        String[] lines = sdp.split("\r?\n");
        StringBuilder out = new StringBuilder(sdp.length() + 20);
        boolean placed = false;
        for (String line : lines) {
            if (line.isEmpty() || line.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                continue;
            }
            if (!placed && line.startsWith("m=")) {
                out.append(PREFIX).append(token()).append("\r\n");
                placed = true;
            }
            out.append(line.startsWith("o=") && versionOffset != 0 ? withVersion(line, versionOffset) : line).append("\r\n");
        }
        if (!placed) {
            out.append(PREFIX).append(token()).append("\r\n");
        }
        return out.toString();
    }

    /** The {@code o=} line's session version (third field), or -1 when it cannot be read. */
    static long version(String sdp) {
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("o=")) {
                String[] f = line.substring(2).split(" ");
                try {
                    return f.length >= 3 ? Long.parseLong(f[2]) : -1;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** The {@code a=record} value in an SDP body, or {@code null}. */
    static String valueIn(String sdp) {
        for (String line : sdp.split("\r?\n")) {
            if (line.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                return line.substring(PREFIX.length()).strip();
            }
        }
        return null;
    }

    private static String withVersion(String origin, long offset) {
        String[] f = origin.substring(2).split(" ", -1);
        if (f.length < 6) {
            return origin; // not an RFC 4566 origin; left as it came
        }
        try {
            f[2] = Long.toString(Math.addExact(Long.parseLong(f[2]), offset));
        } catch (NumberFormatException | ArithmeticException e) {
            return origin;
        }
        return "o=" + String.join(" ", f);
    }
}
