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

    /**
     * A further copy of the RTP received from {@code from}, for another recording session of the same call (several
     * recordings per call, each to its own SRS): copy {@code 0} is {@link #fork(Side)}; every other number is a fork
     * of its own (own port pair and SSRC), allocated on first use, the same one on later calls with that number.
     * The default offers copy 0 only, for media engines that fork each direction once.
     *
     * @throws MediaException when no ports are left, or the engine offers no further copy
     * @since 1.4
     */
    default ForkStream fork(Side from, int copy) throws MediaException {
        if (copy == 0) {
            return fork(from);
        }
        throw new MediaException("this media engine copies each direction to one recorder only");
    }

    /**
     * Plays a prompt toward a side: RTP packets from the port announced to that side ({@link #localPort(Side)}) to its
     * remote, 20 ms (160 samples) each, G.711 coded by {@code payloadType} (0 = PCMU, 8 = PCMA, the side's negotiated
     * payload type), with an SSRC of the platform's own, a random initial sequence number and timestamp, and the
     * marker bit on the first packet (RFC 3551 section 4.1: start of a talkspurt). While a prompt plays toward a side,
     * nothing is relayed to that side from the other. The listener is told once when the prompt ends.
     *
     * @param pcm the prompt as 16-bit linear PCM, 8 kHz mono; the last packet is padded with silence
     * @throws MediaException when the payload type is not G.711, the stream is closed, or a prompt already plays
     *     toward that side
     * @since 1.2
     */
    Playback play(Side to, int payloadType, short[] pcm, PlaybackListener listener) throws MediaException;

    /**
     * Whether media received from one side is relayed to the other (and forked); {@code true} when the stream opens.
     * While not bridged packets are still accepted and counted, not relayed and not forked: how the parties are kept
     * apart while a prompt plays.
     *
     * @since 1.2
     */
    void bridged(boolean bridged);

    /** @since 1.2 */
    boolean bridged();

    /**
     * Reports the RFC 4733 telephone-events received in RTP packets of {@code payloadType} (the stream's negotiated
     * {@code telephone-event}) from either side: once per event, when its end packet arrives (retransmitted end
     * packets are reported once), and only while the stream is bridged. The packets are relayed and forked as
     * before. A {@code null} listener stops it.
     *
     * @since 1.3
     */
    void telephoneEvents(int payloadType, TelephoneEventListener listener);
}
