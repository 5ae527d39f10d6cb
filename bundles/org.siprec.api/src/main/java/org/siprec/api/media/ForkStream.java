package org.siprec.api.media;

import java.net.InetSocketAddress;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A one-way copy of one direction of a call's RTP, sent to a recorder. Packets keep their payload, sequence numbers
 * and timestamps; the SSRC is the fork's own, so every recorded stream has a distinct SSRC (RFC 7866 section 8.1.8).
 * The fork sends from {@link #localPort()}, the port announced in the recording session's SDP; RTCP from the
 * recorder arrives on port + 1 and is read and discarded.
 */
@ProviderType
public interface ForkStream {
    /** The local RTP port copies are sent from; announced in the recording session's SDP. */
    int localPort();

    /** The SSRC written into every copy. */
    long ssrc();

    /** Where copies go (the SRS's RTP address from its SDP answer); {@code null} stops sending. */
    void target(InetSocketAddress rtp);

    /** While paused nothing is sent (recording pause, or the SRS asked for inactive). */
    void paused(boolean paused);

    boolean paused();

    /** Copies sent so far. */
    long packetsSent();
}
