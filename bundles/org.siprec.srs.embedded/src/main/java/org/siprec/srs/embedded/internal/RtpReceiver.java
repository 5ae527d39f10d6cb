package org.siprec.srs.embedded.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the datagrams of every recorded stream on one selector thread (no thread per stream). Handlers run on that
 * thread and must not block: they decode into memory; files are written by the recorder's flush timer.
 */
final class RtpReceiver implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(RtpReceiver.class);
    private static final int MAX_BURST = 64;

    /** Called on the receiver thread with the datagram in {@code data[0..length)}; the array is reused afterwards. */
    interface Handler {
        void onPacket(byte[] data, int length, long arrivalNanos);
    }

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    RtpReceiver(String name) throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts delivering the channel's datagrams to the handler; the channel must be non-blocking. */
    void register(DatagramChannel channel, Handler handler) {
        pending.add(() -> {
            try {
                channel.register(selector, SelectionKey.OP_READ, handler);
            } catch (ClosedChannelException e) {
                LOG.debug("channel closed before it was registered");
            }
        });
        selector.wakeup();
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        byte[] array = buffer.array();
        while (running) {
            try {
                selector.select(1000);
                Runnable task;
                while ((task = pending.poll()) != null) {
                    task.run();
                }
                var keys = selector.selectedKeys();
                for (var it = keys.iterator(); it.hasNext();) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    DatagramChannel channel = (DatagramChannel) key.channel();
                    Handler handler = (Handler) key.attachment();
                    for (int i = 0; i < MAX_BURST; i++) {
                        buffer.clear();
                        if (channel.receive(buffer) == null) {
                            break;
                        }
                        long now = System.nanoTime();
                        try {
                            handler.onPacket(array, buffer.position(), now);
                        } catch (RuntimeException e) {
                            LOG.warn("RTP handler failed: {}", e.toString());
                        }
                    }
                }
            } catch (ClosedChannelException e) {
                // a stream closed while packets were read; its key is cancelled
            } catch (IOException e) {
                if (running) {
                    LOG.warn("RTP receiver: {}", e.toString());
                }
            } catch (RuntimeException e) {
                LOG.error("RTP receiver error", e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        selector.close();
    }
}
