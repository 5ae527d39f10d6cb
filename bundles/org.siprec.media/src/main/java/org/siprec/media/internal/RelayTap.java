package org.siprec.media.internal;

import java.nio.ByteBuffer;
import org.siprec.api.media.RelayStream.Side;

/**
 * Extension point for the next step, forking to the SRS: sees every packet a {@link RelayStreamImpl} relays.
 *
 * <p>The planned implementation (not built yet) holds, per direction, a channel bound from the pool and registered on
 * the stream's own {@link SelectorLoop}, an SRS address from the recording session's SDP answer and its own SSRC and
 * sequence/timestamp offsets; it copies the packet into its own buffer, rewrites the RTP header and sends the copy.
 * "Pause" is then simply not sending. Because it runs on the selector thread, it needs no locking against the relay.
 */
interface RelayTap {
    /**
     * Called on the stream's selector thread after a packet from side {@code from} was received (whether or not it
     * could be relayed to the other side).
     *
     * @param packet the whole datagram, position 0, limit = its length; read-only use, do not keep it after
     *     returning (the buffer is reused for the next packet); position and limit may be changed
     */
    void packet(Side from, boolean rtcp, ByteBuffer packet);
}
