package org.siprec.media.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.siprec.api.media.RelayStream.Side;

/** What a registered channel is: the RTP or RTCP port of one side of one stream. The selection key's attachment. */
final class Endpoint {
    final RelayStreamImpl stream;
    final Side side;
    final boolean rtcp;

    Endpoint(RelayStreamImpl stream, Side side, boolean rtcp) {
        this.stream = stream;
        this.side = side;
        this.rtcp = rtcp;
    }

    /** Called on the selector thread with a packet received on this endpoint (buffer position 0, limit = length). */
    void packet(ByteBuffer packet, InetSocketAddress source) {
        stream.received(this, packet, source);
    }

    @Override
    public String toString() {
        return stream + "/" + side + (rtcp ? "/rtcp" : "/rtp");
    }
}
