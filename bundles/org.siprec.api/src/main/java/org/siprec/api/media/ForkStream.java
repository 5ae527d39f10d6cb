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

    /**
     * Since 1.4: the copies go as SRTP (RFC 3711, AES_CM_128_HMAC_SHA1_80) under a fresh random master key of this
     * fork's own, replacing any earlier key; returns the value of the SDES {@code a=crypto} attribute (RFC 4568) that
     * gives the key to the recorder, e.g. {@code 1 AES_CM_128_HMAC_SHA1_80 inline:...}. Called before the offer to
     * each recorder, so that each gets its own key. The key travels in the SDP: only as secret as the signalling.
     *
     * @throws UnsupportedOperationException when this mirror cannot encrypt the copies (the default)
     */
    default String srtpOffer() {
        throw new UnsupportedOperationException("this media mirror does not send SRTP copies");
    }

    /** Since 1.4: the copies go as plain RTP again (the initial state), e.g. for a recorder that answered RTP/AVP. */
    default void plainRtp() {
    }

    /** Since 1.4: whether the copies are sent as SRTP ({@link #srtpOffer()} called, {@link #plainRtp()} not since). */
    default boolean srtp() {
        return false;
    }
}
