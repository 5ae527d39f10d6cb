package org.siprec.media.rtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Objects;
import java.util.PriorityQueue;
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
 * One selector thread that reads datagrams from many channels and hands each to the {@link PacketHandler} the channel
 * was registered with. It owns a {@link Selector} and one direct buffer that every packet passes through, so there is
 * no thread per stream and no allocation per packet of its own. Other threads talk to it only through
 * {@link #execute(Runnable)} (a queue drained after each wake-up), so state touched by the handlers has a single
 * writer and needs no lock.
 *
 * <p>Handlers run on the loop's thread and must not block: relay or decode into memory, and leave file I/O to
 * another thread.
 */
public final class SelectorLoop {
    private static final Logger LOG = LoggerFactory.getLogger(SelectorLoop.class);

    /** Largest UDP payload; a smaller buffer would silently truncate jumbo packets. */
    public static final int BUFFER_SIZE = 65536;
    /** Datagrams read from one channel per readiness, so that one busy stream cannot starve the others. */
    public static final int BURST = 32;
    /** How long {@link #executeAndWait(Runnable)}, {@link #close(DatagramChannel...)} and {@link #stop()} wait. */
    public static final long WAIT_MS = 2000;

    /** Receives the datagrams of one registered channel, on the loop's thread. */
    @FunctionalInterface
    public interface PacketHandler {
        /**
         * @param packet the datagram from position 0 to the limit; the buffer is the loop's own and is reused for the
         *     next datagram, so do not keep it; the handler may change its position, limit and content
         * @param source where it came from
         */
        void packet(ByteBuffer packet, InetSocketAddress source);
    }

    private final String name;
    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private final Consumer<SelectionKey> onReady = this::onReady;
    private final AtomicInteger channels = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;
    /** Loop thread only: tasks due at a {@link System#nanoTime()}, earliest first (prompt packets every 20 ms). */
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long timerSequence;

    /** A task due at {@code due}; {@code order} keeps tasks due at the same time in the order they were scheduled. */
    private record Timer(long due, long order, Runnable task) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer other) {
            int byDue = Long.compare(due - other.due, 0); // nanoTime values compare by difference (overflow-safe)
            return byDue != 0 ? byDue : Long.compare(order, other.order);
        }
    }

    private SelectorLoop(String name) throws IOException {
        this.name = name;
        this.selector = Selector.open();
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /**
     * Opens a selector and starts its thread (a daemon) named {@code name}.
     *
     * @throws IOException when no selector can be opened
     */
    public static SelectorLoop start(String name) throws IOException {
        SelectorLoop loop = new SelectorLoop(name);
        loop.thread.start();
        return loop;
    }

    public String name() {
        return name;
    }

    /**
     * Channels registered and not yet closed through {@link #close(DatagramChannel...)}: a measure of load for
     * callers that spread streams over several loops.
     */
    public int channels() {
        return channels.get();
    }

    /** Whether the calling thread is this loop's thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    public boolean isRunning() {
        return running && thread.isAlive();
    }

    /**
     * Runs a task on the loop's thread, soon (after the current batch of packets). Safe from any thread.
     *
     * @throws IllegalStateException when the loop has been stopped
     */
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (!running) {
            throw new IllegalStateException(name + " is stopped");
        }
        tasks.add(task);
        selector.wakeup();
    }

    /**
     * Runs a task on the loop's thread and waits for it (at most {@value #WAIT_MS} ms); runs it on the calling thread
     * when that is the loop's thread or when the loop has stopped (no packet is read any more then).
     */
    public void executeAndWait(Runnable task) {
        if (inLoop() || !isRunning()) {
            task.run();
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            execute(() -> {
                try {
                    task.run();
                    done.complete(null);
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (IllegalStateException stoppedMeanwhile) {
            task.run();
            return;
        }
        try {
            done.get(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("Task on {} failed", name, e.getCause());
        } catch (TimeoutException e) {
            LOG.warn("Task on {} did not complete within {} ms; it will still run", name, WAIT_MS);
        }
    }

    /**
     * Runs a task on the loop's thread when {@link System#nanoTime()} reaches {@code dueNanos} (or soon after: the
     * selector wakes with millisecond resolution), after the packets and tasks of that wake-up. Safe from any thread;
     * a task that must be cancellable checks its own state when it runs. This is what paces packets the platform
     * originates (prompts): no thread of their own, sent by the thread that owns the channel.
     *
     * @throws IllegalStateException when the loop has been stopped
     */
    public void schedule(long dueNanos, Runnable task) {
        Objects.requireNonNull(task, "task");
        if (inLoop()) {
            timers.add(new Timer(dueNanos, timerSequence++, task));
        } else {
            execute(() -> timers.add(new Timer(dueNanos, timerSequence++, task)));
        }
    }

    /**
     * Registers a non-blocking channel for reading; its datagrams go to {@code handler}. Safe from any thread;
     * datagrams arriving before the registration is done wait in the socket's buffer.
     *
     * @throws IllegalStateException when the loop has been stopped
     */
    public void register(DatagramChannel channel, PacketHandler handler) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(handler, "handler");
        channels.incrementAndGet();
        try {
            execute(() -> {
                try {
                    channel.register(selector, SelectionKey.OP_READ, handler);
                } catch (ClosedChannelException e) {
                    channels.decrementAndGet();
                    LOG.debug("{}: channel of {} closed before it was registered", name, handler);
                }
            });
        } catch (IllegalStateException e) {
            channels.decrementAndGet();
            throw e;
        }
    }

    /**
     * Closes channels (registered with this loop or not) and waits until their sockets are really closed, so their
     * ports can be bound again at once: a registered channel keeps its port until the selector drops the cancelled
     * key, which happens on the loop's thread. Safe from any thread, waits at most {@value #WAIT_MS} ms.
     */
    public void close(DatagramChannel... toClose) {
        executeAndWait(() -> {
            for (DatagramChannel channel : toClose) {
                if (channel.keyFor(selector) != null) {
                    channels.decrementAndGet();
                }
                PortPool.closeQuietly(channel);
            }
            if (selector.isOpen()) {
                try {
                    selector.selectNow(onReady); // flushes the cancelled keys, which closes the sockets
                } catch (IOException | ClosedSelectorException e) {
                    LOG.debug("{}: flushing cancelled keys failed", name, e);
                }
            }
        });
    }

    /**
     * Stops the loop: tasks already queued still run, then every channel still registered is closed and the thread
     * ends. Waits at most {@value #WAIT_MS} ms unless called on the loop's own thread. Idempotent.
     */
    public void stop() {
        running = false;
        selector.wakeup();
        if (!inLoop()) {
            try {
                thread.join(WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("{} did not stop within {} ms", name, WAIT_MS);
            }
        }
    }

    private void run() {
        LOG.debug("{} started", name);
        while (running) {
            try {
                Timer next = timers.peek();
                if (next == null) {
                    selector.select(onReady);
                } else {
                    long waitNanos = next.due() - System.nanoTime();
                    if (waitNanos <= 0) {
                        selector.selectNow(onReady);
                    } else {
                        // round up: waking a little late keeps one wake-up per timer, early would spin
                        selector.select(onReady, Math.max(1, (waitNanos + 999_999) / 1_000_000));
                    }
                }
                runTasks();
                runTimers();
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
        channels.set(0);
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("{}: closing selector failed", name, e);
        }
        LOG.debug("{} stopped", name);
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

    private void runTimers() {
        long now = System.nanoTime();
        Timer timer;
        while ((timer = timers.peek()) != null && timer.due() - now <= 0) {
            timers.poll();
            try {
                timer.task().run();
            } catch (RuntimeException e) {
                LOG.warn("{}: timer task failed", name, e);
            }
        }
    }

    /** Hot path: drains up to {@link #BURST} datagrams from a ready channel. No allocation of our own. */
    private void onReady(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        DatagramChannel channel = (DatagramChannel) key.channel();
        PacketHandler handler = (PacketHandler) key.attachment();
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
                LOG.debug("{}: receive for {} failed: {}", name, handler, e.toString());
                continue;
            }
            if (source == null) {
                return;
            }
            buf.flip();
            try {
                handler.packet(buf, source);
            } catch (RuntimeException e) {
                LOG.warn("{}: handling a packet of {} failed", name, handler, e);
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
