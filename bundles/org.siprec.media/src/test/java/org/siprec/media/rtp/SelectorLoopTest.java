package org.siprec.media.rtp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siprec.media.rtp.PortPool.PortPair;
import org.siprec.media.test.Udp;

/** One selector loop reading real UDP sockets on loopback. */
class SelectorLoopTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private SelectorLoop loop;
    private PortPool pool;
    private final List<PortPair> pairs = new ArrayList<>();
    private final List<DatagramSocket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        loop = SelectorLoop.start("test-loop");
        int base = Udp.freeRange(8);
        pool = new PortPool(Udp.LOOPBACK, base, base + 7);
    }

    @AfterEach
    void stop() {
        loop.stop();
        pairs.forEach(PortPair::close);
        sockets.forEach(DatagramSocket::close);
    }

    private PortPair pair() throws PortsExhaustedException {
        PortPair pair = pool.allocate();
        pairs.add(pair);
        return pair;
    }

    private DatagramSocket socket() throws Exception {
        DatagramSocket socket = Udp.socket();
        sockets.add(socket);
        return socket;
    }

    /** What a handler saw: the bytes, the source, and the thread it ran on. */
    private record Seen(byte[] data, InetSocketAddress source, String thread) {
    }

    private static SelectorLoop.PacketHandler recorder(List<Seen> seen) {
        return (packet, source) -> {
            byte[] data = new byte[packet.remaining()];
            packet.get(data);
            seen.add(new Seen(data, source, Thread.currentThread().getName()));
        };
    }

    @Test
    void deliversEachDatagramToTheHandlerOfItsChannelOnTheLoopThread() throws Exception {
        PortPair ports = pair();
        List<Seen> onRtp = Collections.synchronizedList(new ArrayList<>());
        List<Seen> onRtcp = Collections.synchronizedList(new ArrayList<>());
        loop.register(ports.rtp(), recorder(onRtp));
        loop.register(ports.rtcp(), recorder(onRtcp));
        assertEquals(2, loop.channels());

        DatagramSocket peer = socket();
        Udp.send(peer, ports.rtpPort(), Udp.rtp(1));
        Udp.send(peer, ports.rtcpPort(), new byte[] {(byte) 0x80, (byte) 201, 0, 1, 1, 2, 3, 4});
        await().atMost(WAIT).until(() -> onRtp.size() == 1 && onRtcp.size() == 1);
        assertArrayEquals(Udp.rtp(1), onRtp.get(0).data());
        assertEquals(Udp.address(peer), onRtp.get(0).source());
        assertEquals("test-loop", onRtp.get(0).thread());
        assertEquals(8, onRtcp.get(0).data().length);
    }

    @Test
    void scheduledTasksRunOnTheLoopThreadInDueOrderAndNotBeforeTheirTime() throws Exception {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        List<Boolean> onLoop = Collections.synchronizedList(new ArrayList<>());
        long now = System.nanoTime();
        long[] ranAt = new long[3];
        loop.schedule(now + 60_000_000L, () -> {
            ranAt[2] = System.nanoTime();
            ran.add("c");
            onLoop.add(loop.inLoop());
        });
        loop.schedule(now + 20_000_000L, () -> {
            ranAt[0] = System.nanoTime();
            ran.add("a");
            onLoop.add(loop.inLoop());
        });
        loop.schedule(now + 40_000_000L, () -> {
            ranAt[1] = System.nanoTime();
            ran.add("b");
            onLoop.add(loop.inLoop());
        });
        loop.schedule(now + 40_000_000L, () -> { throw new IllegalStateException("a failing timer task"); });
        await().atMost(WAIT).until(() -> ran.size() == 3);
        assertEquals(List.of("a", "b", "c"), ran);
        assertEquals(List.of(true, true, true), onLoop);
        assertTrue(ranAt[0] - now >= 20_000_000L && ranAt[1] - now >= 40_000_000L && ranAt[2] - now >= 60_000_000L,
                "no task ran early");
        List<String> later = Collections.synchronizedList(new ArrayList<>());
        loop.execute(() -> loop.schedule(System.nanoTime() + 10_000_000L, () -> later.add("from the loop")));
        await().atMost(WAIT).until(() -> later.size() == 1);
    }

    @Test
    void aFailingHandlerDoesNotStopTheLoop() throws Exception {
        PortPair ports = pair();
        AtomicLong calls = new AtomicLong();
        loop.register(ports.rtp(), (packet, source) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("first packet breaks the handler");
            }
        });
        DatagramSocket peer = socket();
        Udp.send(peer, ports.rtpPort(), Udp.rtp(1));
        Udp.send(peer, ports.rtpPort(), Udp.rtp(2));
        await().atMost(WAIT).until(() -> calls.get() == 2);
        assertTrue(loop.isRunning());
    }

    @Test
    void tasksRunOnTheLoopThreadAndExecuteAndWaitWaits() throws Exception {
        CompletableFuture<Boolean> inLoop = new CompletableFuture<>();
        loop.execute(() -> inLoop.complete(loop.inLoop()));
        assertTrue(inLoop.get());
        assertFalse(loop.inLoop());
        List<String> ran = new ArrayList<>();
        loop.executeAndWait(() -> ran.add(Thread.currentThread().getName()));
        assertEquals(List.of("test-loop"), ran, "done when executeAndWait returns");
    }

    @Test
    void closeReleasesTheSocketAtOnce() throws Exception {
        PortPair ports = pair();
        List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
        loop.register(ports.rtp(), recorder(seen));
        loop.register(ports.rtcp(), recorder(seen));
        DatagramSocket peer = socket();
        Udp.send(peer, ports.rtpPort(), Udp.rtp(1));
        await().atMost(WAIT).until(() -> seen.size() == 1); // registered for sure

        loop.close(ports.rtp(), ports.rtcp());
        assertEquals(0, loop.channels());
        assertFalse(ports.rtp().isOpen());
        // a registered channel's port stays bound until the selector drops its key; close() waits for that
        try (DatagramChannel again = DatagramChannel.open()) {
            again.bind(new InetSocketAddress(Udp.LOOPBACK, ports.rtpPort()));
        }
        pool.release(ports);
        assertEquals(4, pool.freePairs());
        assertEquals(ports.rtpPort(), pairUntil(ports.rtpPort()).rtpPort(), "the pool can bind the pair again");
    }

    /** Allocates until the pair with {@code port} comes back (the pool reuses freed pairs last). */
    private PortPair pairUntil(int port) throws PortsExhaustedException {
        while (true) {
            PortPair pair = pair();
            if (pair.rtpPort() == port) {
                return pair;
            }
        }
    }

    @Test
    void stopClosesRegisteredChannelsAndRefusesNewWork() throws Exception {
        PortPair ports = pair();
        loop.register(ports.rtp(), (packet, source) -> { });
        loop.executeAndWait(() -> { }); // the registration has run
        loop.stop();
        assertFalse(loop.isRunning());
        assertFalse(ports.rtp().isOpen(), "stop closes what is still registered");
        assertThrows(IllegalStateException.class, () -> loop.register(ports.rtcp(), (packet, source) -> { }));
        assertThrows(IllegalStateException.class, () -> loop.execute(() -> { }));
        List<String> ran = new ArrayList<>();
        loop.executeAndWait(() -> ran.add("inline"));
        assertEquals(List.of("inline"), ran, "after stop, executeAndWait runs on the caller");
        loop.stop(); // harmless
    }

    @Test
    void aChannelClosedBeforeItsRegistrationIsNotCounted() throws Exception {
        PortPair ports = pair();
        ports.rtp().close();
        loop.register(ports.rtp(), (packet, source) -> { });
        loop.executeAndWait(() -> { });
        assertEquals(0, loop.channels());
    }

    @Test
    void movingPacketsAllocatesNothingOnTheLoopThread() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        PortPair ports = pair();
        AtomicLong received = new AtomicLong();
        AtomicLong sum = new AtomicLong();
        loop.register(ports.rtp(), (packet, source) -> {
            sum.addAndGet(packet.get(packet.limit() - 1)); // read the bytes, as a relay would
            received.incrementAndGet();
        });
        long[] loopThread = new long[1];
        loop.executeAndWait(() -> loopThread[0] = Thread.currentThread().getId());
        DatagramChannel peer = DatagramChannel.open();
        try {
            peer.bind(new InetSocketAddress(Udp.LOOPBACK, 0));
            ByteBuffer packet = ByteBuffer.wrap(Udp.rtp(1));
            InetSocketAddress to = new InetSocketAddress(Udp.LOOPBACK, ports.rtpPort());
            sendInBatches(peer, packet, to, 2_000, received); // warm up: class loading, JIT, caches

            long before = threads.getThreadAllocatedBytes(loopThread[0]);
            int n = 5_000;
            sendInBatches(peer, packet, to, n, received);
            long allocated = threads.getThreadAllocatedBytes(loopThread[0]) - before;
            assertTrue(allocated < n, "about " + allocated / n + " bytes per packet were allocated: " + allocated);
        } finally {
            peer.close();
        }
    }

    /** Sends {@code n} packets 100 at a time, waiting for each batch, so that no socket buffer overflows. */
    private static void sendInBatches(DatagramChannel peer, ByteBuffer packet, InetSocketAddress to, int n,
            AtomicLong received) throws Exception {
        long target = received.get();
        for (int sent = 0; sent < n; sent += 100) {
            for (int i = 0; i < 100; i++) {
                peer.send(packet.rewind(), to);
            }
            target += 100;
            long expected = target;
            await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                    .until(() -> received.get() == expected);
        }
    }
}
