package org.siprec.media.rtp;

/** No RTP/RTCP port pair of a {@link PortPool} could be bound: all are in use, or the free ones are taken by others. */
public final class PortsExhaustedException extends Exception {
    private static final long serialVersionUID = 1L;

    public PortsExhaustedException(String message) {
        super(message);
    }
}
