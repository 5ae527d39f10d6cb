package org.siprec.sip.sdp;

import java.util.Locale;

/** The direction attribute of a media stream (RFC 4566 section 6, RFC 3264 section 6.1). */
public enum SdpDirection {
    SENDRECV, SENDONLY, RECVONLY, INACTIVE;

    /** The attribute name as written in SDP, e.g. {@code sendonly}. */
    public String attribute() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the endpoint that wrote this direction sends media. */
    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    /** Whether the endpoint that wrote this direction accepts media. */
    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /**
     * The direction as seen from the other end (sendonly becomes recvonly and back); sendrecv and inactive stay.
     * An answerer that accepts what is offered answers with this (RFC 3264 section 6.1).
     */
    public SdpDirection reversed() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> this;
        };
    }

    /**
     * The direction of an attribute name such as {@link SdpMedia#direction()}, ignoring case.
     *
     * @throws IllegalArgumentException when the name is none of the four directions
     */
    public static SdpDirection of(String attribute) {
        if (attribute != null) {
            for (SdpDirection d : values()) {
                if (d.attribute().equalsIgnoreCase(attribute.trim())) {
                    return d;
                }
            }
        }
        throw new IllegalArgumentException("not an SDP direction: " + attribute);
    }
}
