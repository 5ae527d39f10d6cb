package org.siprec.media.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import org.siprec.api.media.MediaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media port range as RTP/RTCP pairs (even RTP port, RTCP on port + 1). Allocation binds both UDP channels; a
 * pair that cannot be bound (e.g. a port taken by another process) is skipped and stays in the pool for later.
 * Released pairs go to the back of the queue, so a port just freed is reused last and late packets of an ended call
 * are unlikely to reach a new one.
 */
final class PortPool {
    private static final Logger LOG = LoggerFactory.getLogger(PortPool.class);

    /** Two bound, non-blocking, unconnected channels: RTP on an even port, RTCP on the next. */
    record BoundPair(int port, DatagramChannel rtp, DatagramChannel rtcp) {
        void close() {
            closeQuietly(rtp);
            closeQuietly(rtcp);
        }
    }

    private final InetAddress bindAddress;
    private final ProtocolFamily family;
    private final int min;
    private final int max;
    private final ArrayDeque<Integer> free = new ArrayDeque<>();

    PortPool(InetAddress bindAddress, int min, int max) {
        this.bindAddress = bindAddress;
        this.family = bindAddress instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        this.min = min;
        this.max = max;
        for (int port = min; port + 1 <= max; port += 2) {
            free.addLast(port);
        }
    }

    InetAddress bindAddress() {
        return bindAddress;
    }

    /**
     * Takes the next pair that can be bound.
     *
     * @throws MediaException when every free pair failed to bind or none is left
     */
    synchronized BoundPair allocate() throws MediaException {
        int attempts = free.size();
        for (int i = 0; i < attempts; i++) {
            int port = free.pollFirst();
            BoundPair pair = tryBind(port);
            if (pair != null) {
                return pair;
            }
            free.addLast(port);
        }
        throw new MediaException("no free media ports in " + min + "-" + max + " on " + bindAddress.getHostAddress());
    }

    /** Gives a pair's RTP port back; its channels must already be closed. */
    synchronized void release(int port) {
        if (port < min || port > max || free.contains(port)) {
            LOG.warn("Ignoring release of media port {} that is not allocated from {}-{}", port, min, max);
            return;
        }
        free.addLast(port);
    }

    /** Ports (RTP and RTCP counted separately) not allocated; some may be taken by other processes. */
    synchronized int freePorts() {
        return free.size() * 2;
    }

    private BoundPair tryBind(int port) {
        DatagramChannel rtp = null;
        DatagramChannel rtcp = null;
        try {
            rtp = open(port);
            rtcp = open(port + 1);
            return new BoundPair(port, rtp, rtcp);
        } catch (IOException e) {
            LOG.debug("Media ports {}/{} on {} not available, skipped: {}", port, port + 1,
                    bindAddress.getHostAddress(), e.toString());
            closeQuietly(rtp);
            closeQuietly(rtcp);
            return null;
        }
    }

    private DatagramChannel open(int port) throws IOException {
        DatagramChannel channel = DatagramChannel.open(family);
        try {
            channel.configureBlocking(false);
            channel.bind(new InetSocketAddress(bindAddress, port));
            return channel;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    static void closeQuietly(DatagramChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Closing media channel failed", e);
            }
        }
    }
}
