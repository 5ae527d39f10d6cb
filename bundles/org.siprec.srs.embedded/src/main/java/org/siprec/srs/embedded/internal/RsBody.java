package org.siprec.srs.embedded.internal;

import org.siprec.sip.body.Multipart;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The parts of a recording-session request body: the SDP and the RFC 7865 metadata. Accepts {@code multipart/mixed}
 * (or any multipart) with parts in any order and extra parts ignored, the metadata typed
 * {@code application/rs-metadata+xml} or {@code application/rs-metadata} (with or without
 * {@code Content-Disposition: recording-session}); also a bare SDP or a bare metadata body.
 *
 * @param sdp the SDP text, or {@code null}
 * @param metadata the metadata bytes, or {@code null}
 * @param metadataType the media type of the metadata part as sent (lower case), or {@code null}; the SRS counts the
 *            forms other than {@code application/rs-metadata+xml} as defects of the SRC
 */
record RsBody(String sdp, byte[] metadata, String metadataType) {
    static final String METADATA_TYPE = "application/rs-metadata+xml";

    private static final Pattern CONTACT_SIP_SRC = Pattern.compile("(?i);\\s*\\+sip\\.src\\s*(?=[;=,>\\s]|$)");
    private static final Pattern CONTACT_SRC = Pattern.compile("(?i);\\s*(\\+sip\\.src|src)\\s*(?=[;=,>\\s]|$)");

    /** @throws IllegalArgumentException when a multipart body cannot be split (with the reason) */
    static RsBody of(String contentType, byte[] body) {
        if (body == null || body.length == 0) {
            return new RsBody(null, null, null);
        }
        String type = Multipart.mediaType(contentType);
        if (type.startsWith("multipart/")) {
            String sdp = null;
            byte[] metadata = null;
            String metadataType = null;
            List<Multipart.Part> parts = Multipart.parse(contentType, body);
            for (Multipart.Part part : parts) {
                String t = part.mediaType();
                if (sdp == null && t.equals("application/sdp")) {
                    sdp = part.text();
                } else if (metadata == null && isMetadata(t)) {
                    metadata = part.content();
                    metadataType = t.toLowerCase(Locale.ROOT);
                }
            }
            if (metadata == null) {
                // a part marked recording-session but typed loosely (e.g. text/xml)
                for (Multipart.Part part : parts) {
                    if ("recording-session".equals(part.disposition()) && part.mediaType().contains("xml")) {
                        metadata = part.content();
                        metadataType = part.mediaType().toLowerCase(Locale.ROOT);
                        break;
                    }
                }
            }
            return new RsBody(sdp, metadata, metadataType);
        }
        if (type.equals("application/sdp")) {
            return new RsBody(new String(body, StandardCharsets.UTF_8), null, null);
        }
        if (isMetadata(type)) {
            return new RsBody(null, body, type.toLowerCase(Locale.ROOT));
        }
        return new RsBody(null, null, null);
    }

    static boolean isMetadata(String mediaType) {
        String t = mediaType.toLowerCase(Locale.ROOT);
        return t.equals("application/rs-metadata+xml") || t.equals("application/rs-metadata");
    }

    /** Whether a Contact header value carries RFC 7866's feature tag {@code +sip.src} itself (not the bare {@code src}). */
    static boolean contactHasSipSrc(String contact) {
        return contact != null && CONTACT_SIP_SRC.matcher(contact).find();
    }

    /** Whether a Contact header value carries the SRC feature tag ({@code +sip.src}, or {@code src} without Require). */
    static boolean contactMarksSrc(String contact) {
        return contact != null && CONTACT_SRC.matcher(contact).find();
    }
}
