package org.siprec.srs.embedded.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.BitSet;

/**
 * The receive ports of the SRS: pairs of UDP ports (RTP even, RTCP the next odd one) in a configured range, bound on
 * the media address. A pair whose ports another process holds is skipped.
 */
final class PortPool {
    /** A bound pair of ports. */
    record PortPair(int rtpPort, DatagramChannel rtp, DatagramChannel rtcp) {
        void close() {
            try {
                rtp.close();
            } catch (IOException e) {
                // nothing to do
            }
            try {
                rtcp.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    private final InetAddress address;
    private final int first;
    private final int pairs;
    private final BitSet used;
    private int next;

    PortPool(InetAddress address, int min, int max) {
        this.address = address;
        this.first = min % 2 == 0 ? min : min + 1;
        this.pairs = Math.max(0, (max - first + 1) / 2);
        this.used = new BitSet(pairs);
    }

    synchronized int freePairs() {
        return pairs - used.cardinality();
    }

    InetAddress address() {
        return address;
    }

    /** Binds the next free pair, or returns {@code null} when none is left. */
    PortPair allocate() {
        for (int attempt = 0; attempt < pairs; attempt++) {
            int index;
            synchronized (this) {
                index = used.nextClearBit(next);
                if (index >= pairs) {
                    index = used.nextClearBit(0);
                    if (index >= pairs) {
                        return null;
                    }
                }
                used.set(index);
                next = index + 1 >= pairs ? 0 : index + 1;
            }
            int port = first + 2 * index;
            DatagramChannel rtp = null;
            try {
                rtp = open(port);
                DatagramChannel rtcp = open(port + 1);
                return new PortPair(port, rtp, rtcp);
            } catch (IOException e) {
                if (rtp != null) {
                    try {
                        rtp.close();
                    } catch (IOException ignored) {
                        // nothing to do
                    }
                }
                synchronized (this) {
                    used.clear(index); // held by someone else now; try the next one
                }
            }
        }
        return null;
    }

    private DatagramChannel open(int port) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 256 * 1024);
            channel.bind(new InetSocketAddress(address, port));
            channel.configureBlocking(false);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    void release(PortPair pair) {
        pair.close();
        int index = (pair.rtpPort() - first) / 2;
        synchronized (this) {
            if (index >= 0 && index < pairs) {
                used.clear(index);
            }
        }
    }
}
