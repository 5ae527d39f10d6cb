package org.siprec.media.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.siprec.api.media.RelayStream.Side;
import org.siprec.media.rtp.SelectorLoop;

/**
 * What a registered channel is: the RTP or RTCP port of one side of one stream, or (when {@link #fork} is set) one
 * of the ports of a fork, whose input is discarded.
 */
final class Endpoint implements SelectorLoop.PacketHandler {
    final RelayStreamImpl stream;
    final Side side;
    final boolean rtcp;
    /** Non-null for a fork's port: what arrives there is read and thrown away. */
    final ForkStreamImpl fork;

    Endpoint(RelayStreamImpl stream, Side side, boolean rtcp) {
        this(stream, side, rtcp, null);
    }

    Endpoint(RelayStreamImpl stream, Side side, boolean rtcp, ForkStreamImpl fork) {
        this.stream = stream;
        this.side = side;
        this.rtcp = rtcp;
        this.fork = fork;
    }

    /** Called on the selector thread with a packet received on this endpoint (buffer position 0, limit = length). */
    @Override
    public void packet(ByteBuffer packet, InetSocketAddress source) {
        if (fork == null) {
            stream.received(this, packet, source);
        } else {
            fork.discard();
        }
    }

    @Override
    public String toString() {
        return fork != null ? fork + (rtcp ? "/rtcp" : "/rtp") : stream + "/" + side + (rtcp ? "/rtcp" : "/rtp");
    }
}
