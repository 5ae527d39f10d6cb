package org.siprec.src.recording;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the media copies to one SRS go as SRTP, chosen per SRS by the {@code srtp} parameter of its URI (e.g.
 * {@code sip:srs@10.0.0.5:5070;transport=tcp;srtp=require}); the parameter is taken off the Request-URI.
 * SDES (RFC 4568) puts the keys in the SDP: use it with SIP over TLS or on a trusted network (RFC 4568 section 8.3).
 */
enum SrtpMode {
    /** Plain RTP/AVP (the default, also without the parameter). */
    OFF,
    /** RTP/SAVP with a key per stream; an SRS that answers RTP/AVP gets plain copies (logged). */
    OFFER,
    /** RTP/SAVP with a key per stream; an SRS that answers without a matching a=crypto counts as refusing. */
    REQUIRE;

    static final String PARAMETER = "srtp";
    private static final Logger LOG = LoggerFactory.getLogger(SrtpMode.class);
    private static final Pattern IN_URI = Pattern.compile("(?i);" + PARAMETER + "=([^;?>]*)");
    /** The only suite the mirror offers (ForkStream.srtpOffer): what the answer's crypto line must name. */
    static final String SUITE = "AES_CM_128_HMAC_SHA1_80";

    /** The mode of an SRS URI; an unknown value fails closed (REQUIRE), with a warning naming it. */
    static SrtpMode of(String srsUri) {
        Matcher m = IN_URI.matcher(srsUri);
        if (!m.find()) {
            return OFF;
        }
        String value = m.group(1).trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "off", "no", "false" -> OFF;
            case "offer" -> OFFER;
            case "require", "required", "yes", "true" -> REQUIRE;
            default -> {
                LOG.warn("SRS {}: srtp={} is not off, offer or require: treated as require", srsUri, value);
                yield REQUIRE;
            }
        };
    }

    /** The {@code a=crypto} values of each m= line of an SDP body, in order (the shared SDP reader does not keep them). */
    static List<List<String>> cryptoByMediaLine(String sdp) {
        List<List<String>> result = new ArrayList<>();
        for (String line : sdp.split("\\r?\\n|\\r")) {
            if (line.startsWith("m=")) {
                result.add(new ArrayList<>());
            } else if (line.startsWith("a=crypto:") && !result.isEmpty()) {
                result.get(result.size() - 1).add(line.substring("a=crypto:".length()).strip());
            }
        }
        return result;
    }

    /** Whether an answer's crypto lines accept the offered one: tag 1 (the only one offered) and the same suite. */
    static boolean accepts(List<String> answered) {
        for (String value : answered) {
            String[] parts = value.trim().split("\\s+");
            if (parts.length >= 3 && parts[0].equals("1") && parts[1].equalsIgnoreCase(SUITE)
                    && parts[2].regionMatches(true, 0, "inline:", 0, 7)) {
                return true;
            }
        }
        return false;
    }
}
