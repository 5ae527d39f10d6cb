package org.siprec.media.internal;

import java.nio.ByteBuffer;
import org.siprec.api.media.RelayStream.Side;

/**
 * Sees every packet a {@link RelayStreamImpl} receives, on the stream's selector thread, after it was relayed and
 * before a fork rewrites its SSRC (so the tap sees it as received). Forking itself does not use the tap (see
 * {@link ForkStreamImpl}); the tap is for diagnostics and tests, and for later uses such as DTMF or level detection.
 * Because it runs on the selector thread, it needs no locking against the relay, and it must not block.
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
