package org.siprec.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.siprec.media.rtp.PortPool.PortPair;
import org.siprec.media.test.Udp;

/** The pool on real sockets: what it binds is really bound, what it releases can be bound again. */
class PortPoolTest {
    private final List<PortPair> taken = new ArrayList<>();

    @AfterEach
    void closeAll() {
        taken.forEach(PortPair::close);
    }

    private PortPair allocate(PortPool pool) throws PortsExhaustedException {
        PortPair pair = pool.allocate();
        taken.add(pair);
        return pair;
    }

    private static void assertBound(int port) {
        assertThrows(SocketException.class, () -> new DatagramSocket(new InetSocketAddress(Udp.LOOPBACK, port)).close(),
                "port " + port + " is bound");
    }

    private static void assertFree(int port) throws SocketException {
        new DatagramSocket(new InetSocketAddress(Udp.LOOPBACK, port)).close();
    }

    @Test
    void allocatesBoundEvenRtpPortsWithRtcpOnTheNext() throws Exception {
        int base = Udp.freeRange(6);
        PortPool pool = new PortPool(Udp.LOOPBACK, base, base + 5);
        assertEquals(3, pool.capacity());
        assertEquals(3, pool.freePairs());
        assertEquals(6, pool.freePorts());
        assertEquals(base + "-" + (base + 5), pool.range());
        assertEquals(Udp.LOOPBACK, pool.address());

        PortPair pair = allocate(pool);
        assertEquals(base, pair.rtpPort());
        assertEquals(base + 1, pair.rtcpPort());
        assertEquals(new InetSocketAddress(Udp.LOOPBACK, base), pair.rtp().getLocalAddress());
        assertEquals(new InetSocketAddress(Udp.LOOPBACK, base + 1), pair.rtcp().getLocalAddress());
        assertFalse(pair.rtp().isBlocking(), "ready for a selector");
        assertFalse(pair.rtcp().isBlocking());
        assertFalse(pair.rtp().isConnected(), "unconnected: packets from any source can be read (and judged)");
        assertBound(base);
        assertBound(base + 1);
        assertEquals(2, pool.freePairs());
        assertEquals(base + 2, allocate(pool).rtpPort());
    }

    @Test
    void exhaustionIsAnExceptionNamingTheRangeAndReleaseMakesThePairUsableAgain() throws Exception {
        int base = Udp.freeRange(4);
        PortPool pool = new PortPool(Udp.LOOPBACK, base, base + 3);
        PortPair first = allocate(pool);
        PortPair second = allocate(pool);
        assertEquals(0, pool.freePairs());
        PortsExhaustedException e = assertThrows(PortsExhaustedException.class, pool::allocate);
        assertEquals("no free media ports in " + base + "-" + (base + 3) + " on 127.0.0.1", e.getMessage());

        pool.release(first);
        assertFalse(first.rtp().isOpen(), "release closes the channels");
        assertFalse(first.rtcp().isOpen());
        assertFree(base);
        assertFree(base + 1);
        assertEquals(1, pool.freePairs());
        assertEquals(base, allocate(pool).rtpPort());
        assertTrue(second.rtp().isOpen(), "the other pair is untouched");
    }

    @Test
    void aReleasedPairIsReusedLast() throws Exception {
        int base = Udp.freeRange(6);
        PortPool pool = new PortPool(Udp.LOOPBACK, base, base + 5);
        PortPair first = allocate(pool);
        pool.release(first);
        assertEquals(base + 2, allocate(pool).rtpPort());
        assertEquals(base + 4, allocate(pool).rtpPort());
        assertEquals(base, allocate(pool).rtpPort(), "the pair freed first comes back only after the others");
    }

    @Test
    void skipsPairsHeldByOtherProcessesAndKeepsThemForLater() throws Exception {
        int base = Udp.freeRange(6);
        PortPool pool = new PortPool(Udp.LOOPBACK, base, base + 5);
        DatagramSocket otherRtcp = new DatagramSocket(new InetSocketAddress(Udp.LOOPBACK, base + 1));
        try {
            assertEquals(base + 2, allocate(pool).rtpPort(), "the pair whose RTCP port is taken is skipped");
            assertFree(base); // the RTP channel bound during the failed attempt was closed again
            assertEquals(base + 4, allocate(pool).rtpPort());
            assertThrows(PortsExhaustedException.class, pool::allocate);
            assertEquals(1, pool.freePairs(), "the skipped pair is still free");
        } finally {
            otherRtcp.close();
        }
        assertEquals(base, allocate(pool).rtpPort());
    }

    @Test
    void aSecondReleaseOrAForeignPairIsIgnored() throws Exception {
        int base = Udp.freeRange(8);
        PortPool pool = new PortPool(Udp.LOOPBACK, base, base + 3);
        PortPool other = new PortPool(Udp.LOOPBACK, base + 4, base + 7);
        PortPair pair = allocate(pool);
        pool.release(pair);
        pool.release(pair);
        assertEquals(2, pool.freePairs(), "counted once");
        PortPair foreign = allocate(other);
        pool.release(foreign);
        assertEquals(2, pool.freePairs());
        assertEquals(1, other.freePairs(), "still out of its own pool");
        assertTrue(foreign.rtp().isOpen(), "another pool's pair is left alone");
    }

    @Test
    void anOddMinimumStartsAtTheNextEvenPort() throws Exception {
        int base = Udp.freeRange(6);
        PortPool pool = new PortPool(Udp.LOOPBACK, base + 1, base + 5);
        assertEquals(2, pool.capacity());
        assertEquals(base + 2, allocate(pool).rtpPort());
    }

    @Test
    void rejectsRangesWithoutAPair() {
        assertThrows(IllegalArgumentException.class, () -> new PortPool(Udp.LOOPBACK, 30001, 30001));
        assertThrows(IllegalArgumentException.class, () -> new PortPool(Udp.LOOPBACK, 30001, 30002));
        assertThrows(IllegalArgumentException.class, () -> new PortPool(Udp.LOOPBACK, 30010, 30000));
        assertThrows(IllegalArgumentException.class, () -> new PortPool(Udp.LOOPBACK, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new PortPool(Udp.LOOPBACK, 65534, 65536));
        assertThrows(IllegalArgumentException.class, () -> new PortPool(Udp.LOOPBACK, 30000, 30001, -1));
    }

    @Test
    void aReceiveBufferSizeIsAppliedToBothChannels() throws Exception {
        int base = Udp.freeRange(4);
        PortPair small = allocate(new PortPool(Udp.LOOPBACK, base, base + 1, 4096));
        PortPair large = allocate(new PortPool(Udp.LOOPBACK, base + 2, base + 3, 128 * 1024));
        int smallRtp = small.rtp().getOption(java.net.StandardSocketOptions.SO_RCVBUF);
        assertEquals(smallRtp, (int) small.rtcp().getOption(java.net.StandardSocketOptions.SO_RCVBUF));
        assertTrue(large.rtp().getOption(java.net.StandardSocketOptions.SO_RCVBUF) > smallRtp,
                "the kernel may round, but the larger request gives the larger buffer");
    }

    @Test
    void concurrentAllocationsNeverHandOutAPairTwice() throws Exception {
        int pairs = 40;
        int base = Udp.freeRange(2 * pairs);
        PortPool pool = new PortPool(Udp.LOOPBACK, base, base + 2 * pairs - 1);
        ConcurrentLinkedQueue<PortPair> got = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                executor.execute(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < pairs / threads + 2; i++) {
                            try {
                                got.add(pool.allocate());
                            } catch (PortsExhaustedException e) {
                                // the last ones find the pool empty
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
            }
            start.countDown();
            executor.shutdown();
            assertTrue(executor.awaitTermination(20, TimeUnit.SECONDS));
        } finally {
            taken.addAll(got);
        }
        assertTrue(failures.isEmpty(), failures.toString());
        Set<Integer> ports = new HashSet<>();
        got.forEach(pair -> ports.add(pair.rtpPort()));
        assertEquals(pairs, got.size());
        assertEquals(pairs, ports.size());
        assertEquals(0, pool.freePairs());
        got.forEach(pool::release);
        assertEquals(pairs, pool.freePairs());
    }
}
