package org.siprec.media.rtp;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.BitSet;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP port range handed out as RTP/RTCP pairs: RTP on an even port, RTCP on the next (RFC 3550 section 11).
 * {@link #allocate()} binds both channels (non-blocking, unconnected) on the pool's address; a pair that cannot be
 * bound, e.g. because another process holds one of its ports, is skipped and stays free for later. Released pairs go
 * to the back of the queue, so a port just freed is reused last and late packets of an ended stream are unlikely to
 * reach a new one.
 *
 * <p>Thread-safe. Binding happens outside the pool's lock, so concurrent allocations do not wait for each other's
 * system calls.
 */
public final class PortPool {
    private static final Logger LOG = LoggerFactory.getLogger(PortPool.class);

    /**
     * Two bound, non-blocking, unconnected channels of one pool: RTP on the even port {@code rtpPort}, RTCP on the
     * next.
     */
    public record PortPair(int rtpPort, DatagramChannel rtp, DatagramChannel rtcp) {
        public PortPair {
            Objects.requireNonNull(rtp, "rtp");
            Objects.requireNonNull(rtcp, "rtcp");
        }

        public int rtcpPort() {
            return rtpPort + 1;
        }

        /** Closes both channels; harmless when already closed. */
        public void close() {
            closeQuietly(rtp);
            closeQuietly(rtcp);
        }
    }

    private final InetAddress address;
    private final ProtocolFamily family;
    private final int min;
    private final int max;
    private final int first;
    private final int receiveBuffer;
    /** Pair indexes (port = first + 2 * index) not allocated, in the order they will be tried: a ring buffer. */
    private final int[] queue;
    private int head;
    private int size;
    /** Pair indexes handed out (or being bound), to refuse a release of a pair that is not out. */
    private final BitSet out;

    /**
     * A pool over {@code min..max} (inclusive) on {@code address}, with the operating system's socket buffers.
     *
     * @throws IllegalArgumentException when the range holds no even/odd pair or lies outside 1..65535
     */
    public PortPool(InetAddress address, int min, int max) {
        this(address, min, max, 0);
    }

    /**
     * A pool whose channels ask for a receive buffer of {@code receiveBufferBytes} (0: the system's default). A
     * receiver that decodes in bursts (a recorder) wants a larger one than a relay that forwards at once.
     *
     * @throws IllegalArgumentException when the range holds no even/odd pair or lies outside 1..65535, or the buffer
     *     size is negative
     */
    public PortPool(InetAddress address, int min, int max, int receiveBufferBytes) {
        this.address = Objects.requireNonNull(address, "address");
        if (min < 1 || max > 65535 || min > max) {
            throw new IllegalArgumentException("not a UDP port range: " + min + "-" + max);
        }
        if (receiveBufferBytes < 0) {
            throw new IllegalArgumentException("negative receive buffer size: " + receiveBufferBytes);
        }
        this.family = address instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        this.min = min;
        this.max = max;
        this.first = min % 2 == 0 ? min : min + 1;
        int pairs = first + 1 <= max ? (max - first + 1) / 2 : 0;
        if (pairs == 0) {
            throw new IllegalArgumentException("port range " + min + "-" + max + " holds no RTP/RTCP pair");
        }
        this.receiveBuffer = receiveBufferBytes;
        this.queue = new int[pairs];
        for (int i = 0; i < pairs; i++) {
            queue[i] = i;
        }
        this.size = pairs;
        this.out = new BitSet(pairs);
    }

    /** The address the channels are bound to. */
    public InetAddress address() {
        return address;
    }

    /** The range as configured, e.g. {@code 20000-29999}. */
    public String range() {
        return min + "-" + max;
    }

    /** Pairs in the range, allocated or not. */
    public int capacity() {
        return queue.length;
    }

    /** Pairs not allocated; some may be held by other processes and will be skipped. */
    public synchronized int freePairs() {
        return size;
    }

    /** Ports not allocated, RTP and RTCP each counted: {@code 2 * freePairs()}. */
    public int freePorts() {
        return 2 * freePairs();
    }

    /**
     * Binds the next free pair that can be bound.
     *
     * @throws PortsExhaustedException when no pair is free, or none of the free ones could be bound; the message names
     *     the range and address
     */
    public PortPair allocate() throws PortsExhaustedException {
        int attempts = freePairs();
        for (int i = 0; i < attempts; i++) {
            int index;
            synchronized (this) {
                if (size == 0) {
                    break;
                }
                index = queue[head];
                head = (head + 1) % queue.length;
                size--;
                out.set(index);
            }
            PortPair pair = tryBind(first + 2 * index);
            if (pair != null) {
                return pair;
            }
            synchronized (this) {
                out.clear(index);
                enqueue(index);
            }
        }
        throw new PortsExhaustedException(
                "no free media ports in " + range() + " on " + address.getHostAddress());
    }

    /**
     * Closes the pair's channels (if still open) and gives its ports back. A pair that is not out of this pool (a
     * second release, another pool's pair) is left alone and the call is logged as a warning.
     *
     * <p>A channel still registered with a {@link java.nio.channels.Selector} keeps its port bound until the selector
     * drops the cancelled key: close such channels through {@link SelectorLoop#close(DatagramChannel...)} first, or
     * the next bind of the pair may fail (it is then skipped, not lost).
     */
    public void release(PortPair pair) {
        int port = pair.rtpPort();
        int index = (port - first) / 2;
        synchronized (this) {
            if (port < first || port + 1 > max || (port - first) % 2 != 0 || !out.get(index)) {
                LOG.warn("Ignoring release of media port {} that is not allocated from {} on {}", port, range(),
                        address.getHostAddress());
                return;
            }
            out.clear(index); // a second release of the same pair now fails the check above
        }
        pair.close();
        synchronized (this) {
            enqueue(index);
        }
    }

    /** Under the lock. */
    private void enqueue(int index) {
        queue[(head + size) % queue.length] = index;
        size++;
    }

    private PortPair tryBind(int port) {
        DatagramChannel rtp = null;
        DatagramChannel rtcp = null;
        try {
            rtp = open(port);
            rtcp = open(port + 1);
            return new PortPair(port, rtp, rtcp);
        } catch (IOException e) {
            LOG.debug("Media ports {}/{} on {} not available, skipped: {}", port, port + 1,
                    address.getHostAddress(), e.toString());
            closeQuietly(rtp);
            closeQuietly(rtcp);
            return null;
        }
    }

    private DatagramChannel open(int port) throws IOException {
        DatagramChannel channel = DatagramChannel.open(family);
        try {
            if (receiveBuffer > 0) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
            }
            channel.configureBlocking(false);
            channel.bind(new InetSocketAddress(address, port));
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
