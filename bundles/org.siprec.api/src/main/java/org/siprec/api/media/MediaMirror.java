package org.siprec.api.media;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The media engine the SRC drives: it anchors a call's RTP/RTCP between the two legs and, when the call is
 * recorded, forks copies to the SRS.
 */
@ProviderType
public interface MediaMirror {
    /**
     * Opens a media session for one call.
     *
     * @param callId used in logs and operational views
     * @throws MediaException when the engine cannot serve another call (e.g. port pool exhausted)
     */
    MirrorSession open(String callId) throws MediaException;

    /** The local IP address the engine receives media on, to be announced in SDP {@code c=} lines. */
    String address();

    /** Number of open sessions. */
    int openSessions();

    /** Ports still free in the pool. */
    int freePorts();

    /**
     * Packets dropped since the engine started because they came from a source the receiving side does not accept
     * (not the address signalled in SDP, nor the one latched to): injection or hijack attempts, or a party behind
     * NAT that the latching mode does not serve. {@code 0} for an engine that does not count them.
     *
     * @since 1.1
     */
    default long packetsRejected() {
        return 0;
    }

    /**
     * RTP packets received, sent on, dropped and lost in one direction since the engine started, all calls together,
     * or empty for an engine that does not count them (then nothing is exposed for it, rather than zeros).
     *
     * @since 1.4
     */
    default java.util.Optional<PacketCounts> packetCounts(MediaDirection direction) {
        return java.util.Optional.empty();
    }
}
