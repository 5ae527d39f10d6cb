package org.siprec.sip.sdp;

/**
 * An SDP body has more m= lines than accepted ({@link SessionDescriptionEditor#MAX_MEDIA} by default): an
 * {@link InvalidSdpException}, so it is answered like any unusable SDP (488 with a Warning); the message says
 * "SDP with more than 64 m= lines".
 */
public class TooManyMediaException extends InvalidSdpException {
    private static final long serialVersionUID = 1L;
    private final int limit;

    public TooManyMediaException(int limit) {
        super("SDP with more than " + limit + " m= lines");
        this.limit = limit;
    }

    /** The number of m= lines accepted. */
    public int limit() {
        return limit;
    }
}
