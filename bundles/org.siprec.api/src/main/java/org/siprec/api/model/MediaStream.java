package org.siprec.api.model;

import java.util.Objects;

/**
 * One media stream of a communication session (one SDP {@code m=} line).
 *
 * @param label stable label of the stream, unique within the session; survives re-offers
 * @param media the SDP media type, e.g. {@code audio}
 * @param codec the negotiated codec name (e.g. {@code PCMA}) or {@code null} while not yet negotiated
 */
public record MediaStream(String label, String media, String codec) {
    public MediaStream {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(media, "media");
    }
}
