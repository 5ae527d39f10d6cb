package org.siprec.src.b2bua;

import java.nio.charset.StandardCharsets;
import org.siprec.api.model.RecordingPreference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a party's {@code a=recordpref} (RFC 7866 section 6.3) from its SDP. The attribute may be at session or
 * media level; a party sending several takes the strongest wish against recording ({@code off} over {@code pause}
 * over {@code on}), because honouring a refusal is the safe side. An unknown value is logged and ignored.
 */
final class RecordPrefAttribute {
    private static final Logger LOG = LoggerFactory.getLogger(RecordPrefAttribute.class);
    private static final String PREFIX = "a=recordpref:";

    private RecordPrefAttribute() {
    }

    static RecordingPreference of(byte[] sdp, String callId) {
        if (sdp == null) {
            return RecordingPreference.NOPREFERENCE;
        }
        RecordingPreference found = RecordingPreference.NOPREFERENCE;
        for (String line : new String(sdp, StandardCharsets.UTF_8).split("\r?\n")) {
            String l = line.strip();
            if (!l.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                continue;
            }
            String value = l.substring(PREFIX.length());
            RecordingPreference p = RecordingPreference.fromToken(value).orElse(null);
            if (p == null) {
                LOG.warn("Call {}: unknown a=recordpref value '{}' ignored", callId, value);
            } else if (strength(p) > strength(found)) {
                found = p;
            }
        }
        return found;
    }

    private static int strength(RecordingPreference p) {
        return switch (p) {
            case OFF -> 3;
            case PAUSE -> 2;
            case ON -> 1;
            case NOPREFERENCE -> 0;
        };
    }
}
