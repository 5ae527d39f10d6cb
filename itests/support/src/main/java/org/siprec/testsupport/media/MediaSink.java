package org.siprec.testsupport.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One receiver thread over every RTP socket of the bench (thousands of them at N=1,000: a selector, not a thread
 * per socket). Each socket is attached to the {@link SinkStats} of the role it belongs to; the receive time is taken
 * right after the datagram is read, so the figure includes this thread's own scheduling (an upper bound on the
 * path's added delay, which is what a receiving phone would see too).
 */
public final class MediaSink implements AutoCloseable {
    private final Selector selector;
    private final Queue<Object[]> pending = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private long foreign;

    public MediaSink() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::run, "mediabench-sink");
        thread.setDaemon(true);
        thread.start();
    }

    /** Opens a non-blocking UDP socket on 127.0.0.1 (ephemeral port) whose packets count for {@code stats}. */
    public DatagramChannel open(SinkStats stats) {
        try {
            DatagramChannel ch = DatagramChannel.open();
            ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 256 * 1024);
            ch.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            ch.configureBlocking(false);
            pending.add(new Object[] {ch, stats});
            selector.wakeup();
            return ch;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocateDirect(2048);
        try {
            while (running) {
                selector.select(100);
                for (Object[] p; (p = pending.poll()) != null; ) {
                    ((DatagramChannel) p[0]).register(selector, SelectionKey.OP_READ, p[1]);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel ch = (DatagramChannel) key.channel();
                    SinkStats stats = (SinkStats) key.attachment();
                    while (true) {
                        buf.clear();
                        if (ch.receive(buf) == null) {
                            break;
                        }
                        long now = System.nanoTime();
                        buf.flip();
                        RtpProbe.Probe probe = RtpProbe.read(buf);
                        if (probe == null) {
                            foreign++; // RTCP or anything else: not ours to count
                        } else {
                            stats.received(probe.call(), probe.direction(), probe.seq(), now - probe.sentNanos());
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            System.err.println("mediabench: receiver stopped: " + e);
        }
    }

    /** Datagrams that were not bench packets (e.g. RTCP from the relay). Valid after {@link #close()}. */
    public long foreign() {
        return foreign;
    }

    /** Stops the receiver; the statistics may be read afterwards. */
    @Override
    public void close() throws InterruptedException {
        if (!selector.isOpen()) {
            return; // closed already: the statistics stay as they were
        }
        running = false;
        selector.wakeup();
        thread.join(5000);
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // closing at the end of a run
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing at the end of a run
        }
    }
}
