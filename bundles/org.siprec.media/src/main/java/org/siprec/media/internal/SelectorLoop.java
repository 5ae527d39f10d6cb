package org.siprec.media.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread. It owns a {@link Selector}, the channels of the streams assigned to it and one direct buffer
 * that every packet it moves passes through. Other threads talk to it only through {@link #execute(Runnable)}
 * (a queue drained after each wake-up), so all per-stream packet state has a single writer.
 */
final class SelectorLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SelectorLoop.class);

    /** Largest UDP payload; a smaller buffer would silently truncate jumbo packets. */
    static final int BUFFER_SIZE = 65536;
    /** Packets read from one channel per readiness, so that one busy stream cannot starve the others. */
    static final int BURST = 32;
    private static final long CLOSE_WAIT_MS = 2000;

    private final String name;
    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private final Consumer<SelectionKey> onReady = this::onReady;
    private final AtomicInteger streams = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    SelectorLoop(String name) throws IOException {
        this.name = name;
        this.selector = Selector.open();
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    String name() {
        return name;
    }

    /** Streams currently assigned to this loop. */
    AtomicInteger streams() {
        return streams;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    boolean isRunning() {
        return running && thread.isAlive();
    }

    /** Runs a task on the selector thread, soon (after the current batch of packets). Safe from any thread. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /**
     * Runs a task on the selector thread and waits for it (at most a few seconds); runs it inline when called on the
     * selector thread or when the loop has stopped.
     */
    void executeAndWait(Runnable task) {
        if (inLoop() || !isRunning()) {
            task.run();
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("Task on {} failed", name, e.getCause());
        } catch (TimeoutException e) {
            LOG.warn("Task on {} did not complete within {} ms; it will still run", name, CLOSE_WAIT_MS);
        }
    }

    /** Registers a channel for reading; the attachment receives its packets. Safe from any thread. */
    void register(DatagramChannel channel, Endpoint endpoint) {
        execute(() -> {
            try {
                channel.register(selector, SelectionKey.OP_READ, endpoint);
            } catch (ClosedChannelException e) {
                LOG.debug("{}: channel of {} closed before it was registered", name, endpoint);
            }
        });
    }

    /**
     * Closes channels registered with this selector and makes sure their sockets are really closed (a registered
     * channel keeps its port until the selector drops the cancelled key). Must run on the selector thread.
     */
    void closeChannels(DatagramChannel... channels) {
        for (DatagramChannel channel : channels) {
            PortPool.closeQuietly(channel);
        }
        if (selector.isOpen()) {
            try {
                selector.selectNow(onReady); // flushes the cancelled keys, which closes the sockets
            } catch (IOException | ClosedSelectorException e) {
                LOG.debug("{}: flushing cancelled keys failed", name, e);
            }
        }
    }

    @Override
    public void run() {
        LOG.debug("{} started", name);
        while (running) {
            try {
                selector.select(onReady);
                runTasks();
            } catch (ClosedSelectorException e) {
                break;
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}: selector loop error, continuing", name, e);
            } catch (Error e) {
                LOG.error("{}: selector loop error", name, e);
                if (e instanceof VirtualMachineError) {
                    throw e;
                }
            }
        }
        runTasks();
        for (SelectionKey key : selector.keys()) {
            PortPool.closeQuietly((DatagramChannel) key.channel());
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("{}: closing selector failed", name, e);
        }
        LOG.debug("{} stopped", name);
    }

    /** Stops the loop, closes whatever channels are still registered and waits for the thread to end. */
    void stop() {
        running = false;
        selector.wakeup();
        if (!inLoop()) {
            try {
                thread.join(CLOSE_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("{} did not stop within {} ms", name, CLOSE_WAIT_MS);
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("{}: task failed", name, e);
            }
        }
    }

    /** Hot path: drains up to {@link #BURST} datagrams from a ready channel. No allocation of our own. */
    private void onReady(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        DatagramChannel channel = (DatagramChannel) key.channel();
        Endpoint endpoint = (Endpoint) key.attachment();
        ByteBuffer buf = buffer;
        for (int i = 0; i < BURST; i++) {
            InetSocketAddress source;
            buf.clear();
            try {
                source = (InetSocketAddress) channel.receive(buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // e.g. PortUnreachableException from an earlier send; the channel stays usable
                LOG.debug("{}: receive on {} failed: {}", name, endpoint, e.toString());
                continue;
            }
            if (source == null) {
                return;
            }
            buf.flip();
            try {
                endpoint.packet(buf, source);
            } catch (RuntimeException e) {
                LOG.warn("{}: relaying a packet of {} failed", name, endpoint, e);
            }
        }
    }
}
