package org.siprec.api.media;

import java.net.InetSocketAddress;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One anchored media stream. Side {@link Side#A} faces the caller, side {@link Side#B} the callee. The platform
 * listens on an even RTP port per side (RTCP on the next odd port); packets arriving on one side are sent to the
 * other side's remote. Remotes come from SDP and are replaced by the packets' real source once media arrives
 * (symmetric RTP latching), so NATed endpoints work.
 */
@ProviderType
public interface RelayStream {
    enum Side {
        A, B;

        public Side other() {
            return this == A ? B : A;
        }
    }

    /** The local RTP port facing the given side; RTCP uses port + 1. */
    int localPort(Side side);

    /** Sets the RTP address the side announced in SDP (RTCP assumed at port + 1); {@code null} stops sending to it. */
    void remote(Side side, InetSocketAddress rtp);

    /** The address RTP is currently sent to for a side (announced or latched), or {@code null}. */
    InetSocketAddress remote(Side side);

    /** RTP packets received from the side. */
    long packetsReceived(Side side);

    /** RTP packets relayed to the side. */
    long packetsSent(Side side);

    /**
     * The copy of the RTP received from {@code from} that goes to a recorder (an SRS), allocated on first use with
     * its own local port pair and SSRC; later calls return the same fork. Nothing is sent until a target is set.
     *
     * @throws MediaException when no ports are left
     */
    ForkStream fork(Side from) throws MediaException;
}
