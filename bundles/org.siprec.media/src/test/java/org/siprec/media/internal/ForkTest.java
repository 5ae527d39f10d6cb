package org.siprec.media.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siprec.api.media.ForkStream;
import org.siprec.api.media.MediaException;
import org.siprec.api.media.MirrorSession;
import org.siprec.api.media.RelayStream.Side;
import org.siprec.media.srtp.SdesCrypto;
import org.siprec.media.srtp.SrtpStream;
import org.siprec.media.test.Udp;

/** Forking each direction of a stream to a (fake) SRS, over real UDP sockets on loopback. */
class ForkTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int CALLER_SSRC = 0x11223344;
    private static final int CALLEE_SSRC = 0x55667788;

    private RtpRelay relay;
    private MirrorSession session;
    private RelayStreamImpl stream;
    private DatagramSocket caller;
    private DatagramSocket callee;
    private final List<DatagramSocket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        int base = Udp.freeRange(40);
        relay = new RtpRelay(TestConfig.range(base, base + 39));
        session = relay.open("call-1");
        stream = (RelayStreamImpl) session.stream(0);
        caller = socket();
        callee = socket();
        stream.remote(Side.A, Udp.address(caller));
        stream.remote(Side.B, Udp.address(callee));
    }

    @AfterEach
    void stop() {
        relay.deactivate();
        sockets.forEach(DatagramSocket::close);
    }

    private DatagramSocket socket() throws Exception {
        DatagramSocket socket = Udp.socket();
        sockets.add(socket);
        return socket;
    }

    /** A fake RTP packet with a sequence number, a timestamp and the sender's SSRC. */
    private static byte[] rtp(int sequence, int ssrc) {
        byte[] packet = Udp.rtp(sequence);
        ByteBuffer.wrap(packet).putInt(4, 160 * sequence + 12345).putInt(8, ssrc);
        return packet;
    }

    /** What the SRS must receive for {@code original}: the same bytes with bytes 8..11 replaced by the fork's SSRC. */
    private static byte[] copy(byte[] original, ForkStream fork) {
        byte[] expected = original.clone();
        ByteBuffer.wrap(expected).putInt(8, (int) fork.ssrc());
        return expected;
    }

    private static int ssrcOf(byte[] packet) {
        return ByteBuffer.wrap(packet).getInt(8);
    }

    @Test
    void relaysAndSendsACopyWithTheForksSsrcFromTheForksPort() throws Exception {
        DatagramSocket srs = socket();
        ForkStream fork = stream.fork(Side.A);
        assertSame(fork, stream.fork(Side.A), "one fork per direction");
        assertEquals(0, fork.localPort() % 2, "RTP on an even port");
        assertNotEquals(0, fork.ssrc());
        assertTrue(fork.ssrc() >= 0 && fork.ssrc() <= 0xFFFF_FFFFL, "an unsigned 32-bit value");
        assertFalse(fork.paused());
        fork.target(Udp.address(srs));

        for (int i = 1; i <= 3; i++) {
            byte[] original = rtp(i, CALLER_SSRC);
            Udp.send(caller, stream.localPort(Side.A), original);

            DatagramPacket relayed = Udp.receive(callee);
            assertArrayEquals(original, Udp.data(relayed), "the relayed packet is unchanged");
            assertEquals(stream.localPort(Side.B), relayed.getPort());

            DatagramPacket recorded = Udp.receive(srs);
            assertArrayEquals(copy(original, fork), Udp.data(recorded),
                    "payload, sequence number and timestamp kept, SSRC replaced");
            assertEquals(fork.localPort(), recorded.getPort(), "sent from the port announced to the SRS");
            assertEquals(Udp.LOOPBACK, recorded.getAddress());
        }
        await().atMost(WAIT).until(() -> fork.packetsSent() == 3);
        assertEquals(3, stream.packetsSent(Side.B), "forking does not change the relay's counters");

        // the other direction has no fork: nothing reaches the SRS
        Udp.send(callee, stream.localPort(Side.B), rtp(9, CALLEE_SSRC));
        assertArrayEquals(rtp(9, CALLEE_SSRC), Udp.data(Udp.receive(caller)));
        assertTrue(Udp.silent(srs, 200));
    }

    /**
     * SRTP copies: what the socket standing for the SRS captures is not the plaintext (payload encrypted, a tag
     * appended), decrypts with the key of the offered a=crypto line to exactly the plain copy, while the relayed packet
     * stays plaintext; a new key (the next SRS) and plain RTP again work too.
     */
    @Test
    void srtpCopiesAreEncryptedWithTheOfferedKeyAndTheRelayIsNot() throws Exception {
        DatagramSocket srs = socket();
        ForkStream fork = stream.fork(Side.A);
        String offered = fork.srtpOffer();
        assertTrue(fork.srtp());
        SdesCrypto crypto = SdesCrypto.parse(offered);
        SrtpStream receiver = new SrtpStream(crypto);
        fork.target(Udp.address(srs));
        for (int i = 1; i <= 5; i++) {
            byte[] original = rtp(i, CALLER_SSRC);
            Udp.send(caller, stream.localPort(Side.A), original);
            assertArrayEquals(original, Udp.data(Udp.receive(callee)), "the relayed packet is plaintext");
            byte[] captured = Udp.data(Udp.receive(srs));
            byte[] plain = copy(original, fork);
            assertEquals(plain.length + 10, captured.length, "an 80-bit tag appended");
            assertArrayEquals(Arrays.copyOf(plain, 12), Arrays.copyOf(captured, 12), "the RTP header stays readable");
            assertFalse(Arrays.equals(Arrays.copyOfRange(plain, 12, plain.length),
                    Arrays.copyOfRange(captured, 12, plain.length)), "the payload on the wire is not the plaintext");
            ByteBuffer b = ByteBuffer.wrap(captured);
            assertEquals(SrtpStream.Verdict.OK, receiver.unprotect(b));
            assertArrayEquals(plain, Arrays.copyOf(captured, b.limit()), "decrypts to the plain copy");
        }
        // the source jumps back in its sequence space (a transferred party): the copies go on contiguously, so the
        // SRS's rollover counter guess stays right and no packet index (keystream) is used twice
        for (int seq : new int[] {40_000, 40_001}) {
            Udp.send(caller, stream.localPort(Side.A), rtp(seq, CALLER_SSRC));
            Udp.receive(callee);
            ByteBuffer b = ByteBuffer.wrap(Udp.data(Udp.receive(srs)));
            assertEquals(SrtpStream.Verdict.OK, receiver.unprotect(b), "after a jump to " + seq);
            assertEquals(6 + seq - 40_000, b.getShort(2) & 0xFFFF, "contiguous sequence numbers on the copies");
        }
        for (int seq : new int[] {39_000, 39_001}) { // sent as is, these would be indexes 1,001 behind: "replays"
            Udp.send(caller, stream.localPort(Side.A), rtp(seq, CALLER_SSRC));
            Udp.receive(callee);
            ByteBuffer b = ByteBuffer.wrap(Udp.data(Udp.receive(srs)));
            assertEquals(SrtpStream.Verdict.OK, receiver.unprotect(b), "after a jump back to " + seq + " (not a replay)");
            assertEquals(8 + seq - 39_000, b.getShort(2) & 0xFFFF);
        }
        // the next SRS gets a new key: the old one no longer authenticates
        SrtpStream next = new SrtpStream(SdesCrypto.parse(fork.srtpOffer()));
        Udp.send(caller, stream.localPort(Side.A), rtp(20, CALLER_SSRC)); // an index the old key has not seen
        Udp.receive(callee);
        byte[] captured = Udp.data(Udp.receive(srs));
        assertEquals(SrtpStream.Verdict.AUTH_FAILED, receiver.unprotect(ByteBuffer.wrap(captured.clone())));
        assertEquals(SrtpStream.Verdict.OK, next.unprotect(ByteBuffer.wrap(captured)));
        fork.plainRtp();
        assertFalse(fork.srtp());
        byte[] original = rtp(21, CALLER_SSRC);
        Udp.send(caller, stream.localPort(Side.A), original);
        Udp.receive(callee);
        assertArrayEquals(copy(original, fork), Udp.data(Udp.receive(srs)), "plain RTP again, sequence numbers as sent");
    }

    @Test
    void forksBothDirectionsToTwoRecordersWithDistinctSsrcs() throws Exception {
        DatagramSocket srsA = socket();
        DatagramSocket srsB = socket();
        ForkStream forkA = stream.fork(Side.A);
        ForkStream forkB = stream.fork(Side.B);
        assertNotEquals(forkA.ssrc(), forkB.ssrc());
        assertNotEquals(forkA.localPort(), forkB.localPort());
        assertEquals(0, forkB.localPort() % 2);
        forkA.target(Udp.address(srsA));
        forkB.target(Udp.address(srsB));

        byte[] fromCaller = rtp(1, CALLER_SSRC);
        byte[] fromCallee = rtp(100, CALLEE_SSRC);
        Udp.send(caller, stream.localPort(Side.A), fromCaller);
        Udp.send(callee, stream.localPort(Side.B), fromCallee);

        assertArrayEquals(fromCaller, Udp.data(Udp.receive(callee)));
        assertArrayEquals(fromCallee, Udp.data(Udp.receive(caller)));
        DatagramPacket atA = Udp.receive(srsA);
        DatagramPacket atB = Udp.receive(srsB);
        assertArrayEquals(copy(fromCaller, forkA), Udp.data(atA));
        assertArrayEquals(copy(fromCallee, forkB), Udp.data(atB));
        assertEquals(forkA.localPort(), atA.getPort());
        assertEquals(forkB.localPort(), atB.getPort());
        assertTrue(Udp.silent(srsA, 200), "each recorder gets only its direction");
        assertTrue(Udp.silent(srsB, 50));
        await().atMost(WAIT).until(() -> forkA.packetsSent() == 1 && forkB.packetsSent() == 1);
    }

    @Test
    void ssrcsAreDistinctAcrossStreamsAndSessions() throws Exception {
        RelayStreamImpl second = (RelayStreamImpl) session.stream(1);
        RelayStreamImpl other = (RelayStreamImpl) relay.open("call-2").stream(0);
        List<Long> ssrcs = List.of(stream.fork(Side.A).ssrc(), stream.fork(Side.B).ssrc(),
                second.fork(Side.A).ssrc(), second.fork(Side.B).ssrc(), other.fork(Side.A).ssrc());
        assertEquals(5, ssrcs.stream().distinct().count(), ssrcs.toString());
        assertEquals(5, relay.ssrcs().size());
        session.close();
        assertEquals(1, relay.ssrcs().size(), "closing releases the SSRCs of the session's forks");
    }

    @Test
    void sendsNothingBeforeATargetIsSetNorAfterItIsCleared() throws Exception {
        DatagramSocket srs = socket();
        ForkStreamImpl fork = (ForkStreamImpl) stream.fork(Side.A);
        for (int i = 0; i < 3; i++) {
            Udp.send(caller, stream.localPort(Side.A), rtp(i, CALLER_SSRC));
            assertArrayEquals(rtp(i, CALLER_SSRC), Udp.data(Udp.receive(callee)), "relayed as before");
        }
        await().atMost(WAIT).until(() -> stream.packetsSent(Side.B) == 3);
        assertEquals(0, fork.packetsSent());
        assertEquals(0, fork.packetsDropped(), "no target is not a drop");

        fork.target(Udp.address(srs));
        Udp.send(caller, stream.localPort(Side.A), rtp(10, CALLER_SSRC));
        Udp.receive(callee);
        DatagramPacket first = Udp.receive(srs);
        assertEquals(10, ((first.getData()[2] & 0xff) << 8) | (first.getData()[3] & 0xff),
                "the first copy is the first packet after the target was set");
        await().atMost(WAIT).until(() -> fork.packetsSent() == 1);

        fork.target(null);
        Udp.send(caller, stream.localPort(Side.A), rtp(11, CALLER_SSRC));
        Udp.receive(callee);
        assertTrue(Udp.silent(srs, 200));
        assertEquals(1, fork.packetsSent());
    }

    @Test
    void pausedSendsNothingAndResumeSendsAgain() throws Exception {
        DatagramSocket srs = socket();
        ForkStream fork = stream.fork(Side.B);
        fork.target(Udp.address(srs));
        Udp.send(callee, stream.localPort(Side.B), rtp(1, CALLEE_SSRC));
        Udp.receive(caller);
        assertEquals(ssrcOf(copy(rtp(1, CALLEE_SSRC), fork)), ssrcOf(Udp.data(Udp.receive(srs))));

        fork.paused(true);
        assertTrue(fork.paused());
        for (int i = 2; i <= 4; i++) {
            Udp.send(callee, stream.localPort(Side.B), rtp(i, CALLEE_SSRC));
            assertArrayEquals(rtp(i, CALLEE_SSRC), Udp.data(Udp.receive(caller)), "pause does not touch the call");
        }
        assertTrue(Udp.silent(srs, 200));
        assertEquals(1, fork.packetsSent());

        fork.paused(false);
        byte[] after = rtp(5, CALLEE_SSRC);
        Udp.send(callee, stream.localPort(Side.B), after);
        Udp.receive(caller);
        assertArrayEquals(copy(after, fork), Udp.data(Udp.receive(srs)), "the target was kept while paused");
        await().atMost(WAIT).until(() -> fork.packetsSent() == 2);
    }

    @Test
    void aPacketShorterThanAnRtpHeaderIsRelayedButNotForked() throws Exception {
        DatagramSocket srs = socket();
        ForkStream fork = stream.fork(Side.A);
        fork.target(Udp.address(srs));

        byte[] runt = {(byte) 0x80, 8, 0, 1, 0, 0, 0, 1, 0x11, 0x22, 0x33};
        Udp.send(caller, stream.localPort(Side.A), runt);
        assertArrayEquals(runt, Udp.data(Udp.receive(callee)));
        byte[] headerOnly = Arrays.copyOf(rtp(2, CALLER_SSRC), org.siprec.media.rtp.RtpPacket.FIXED_HEADER_LENGTH);
        Udp.send(caller, stream.localPort(Side.A), headerOnly);
        assertArrayEquals(headerOnly, Udp.data(Udp.receive(callee)));

        assertArrayEquals(copy(headerOnly, fork), Udp.data(Udp.receive(srs)),
                "the 12-byte packet is the first copy: the 11-byte one was not forked");
        await().atMost(WAIT).until(() -> stream.packetsSent(Side.B) == 2);
        assertEquals(1, fork.packetsSent());
    }

    @Test
    void rtcpIsNotForkedAndRtcpFromTheRecorderIsDiscarded() throws Exception {
        DatagramSocket[] callerPair = Udp.pair();
        DatagramSocket[] calleePair = Udp.pair();
        sockets.addAll(List.of(callerPair[0], callerPair[1], calleePair[0], calleePair[1]));
        stream.remote(Side.A, Udp.address(callerPair[0]));
        stream.remote(Side.B, Udp.address(calleePair[0]));
        DatagramSocket[] srs = Udp.pair();
        sockets.addAll(List.of(srs[0], srs[1]));
        ForkStreamImpl fork = (ForkStreamImpl) stream.fork(Side.A);
        fork.target(Udp.address(srs[0]));

        byte[] senderReport = {(byte) 0x80, (byte) 200, 0, 6, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        Udp.send(callerPair[1], stream.localPort(Side.A) + 1, senderReport);
        assertArrayEquals(senderReport, Udp.data(Udp.receive(calleePair[1])), "RTCP still relayed");
        assertTrue(Udp.silent(srs[0], 200), "RTCP is not forked");
        assertTrue(Udp.silent(srs[1], 50));

        byte[] receiverReport = {(byte) 0x80, (byte) 201, 0, 1, 9, 9, 9, 9};
        Udp.send(srs[1], fork.localPort() + 1, receiverReport);
        Udp.send(srs[0], fork.localPort(), Udp.rtp(1)); // a confused recorder sending RTP back
        await().atMost(WAIT).until(() -> fork.packetsDiscarded() == 2);
        assertTrue(Udp.silent(callerPair[0], 100));
        assertTrue(Udp.silent(callerPair[1], 50));
        assertTrue(Udp.silent(calleePair[0], 50));
        assertTrue(Udp.silent(calleePair[1], 50));
        assertEquals(0, stream.packetsReceived(Side.A) + stream.packetsReceived(Side.B));
    }

    @Test
    void closeReturnsEveryPortIncludingTheForks() throws Exception {
        int free = relay.freePorts(); // the stream of start() holds 4
        ForkStream forkA = stream.fork(Side.A);
        ForkStream forkB = stream.fork(Side.B);
        assertEquals(free - 4, relay.freePorts(), "each fork takes an RTP/RTCP pair");
        forkA.target(Udp.address(socket()));

        session.close();
        assertEquals(free + 4, relay.freePorts());
        for (int port : new int[] {forkA.localPort(), forkB.localPort()}) {
            for (int p : new int[] {port, port + 1}) {
                try (DatagramSocket rebound = new DatagramSocket(new InetSocketAddress(Udp.LOOPBACK, p))) {
                    assertEquals(p, rebound.getLocalPort(), "fork port really closed");
                }
            }
        }
        assertThrows(MediaException.class, () -> stream.fork(Side.A), "no fork on a closed stream");
        assertEquals(0, relay.ssrcs().size());
        session.close(); // harmless
        assertEquals(free + 4, relay.freePorts());
    }

    @Test
    void forkFailsCleanlyWhenThePoolIsEmpty() throws Exception {
        relay.deactivate();
        int base = Udp.freeRange(6);
        relay = new RtpRelay(TestConfig.range(base, base + 5));
        RelayStreamImpl small = (RelayStreamImpl) relay.open("tiny").stream(0);
        ForkStream fork = small.fork(Side.A);
        assertEquals(base + 4, fork.localPort());
        assertEquals(0, relay.freePorts());
        MediaException e = assertThrows(MediaException.class, () -> small.fork(Side.B));
        assertTrue(e.getMessage().contains("no free media ports"), e.getMessage());
        assertSame(fork, small.fork(Side.A));
        relay.deactivate(); // closes the session
        assertEquals(6, relay.freePorts());
    }

    @Test
    void rejectsUnusableTargets() throws Exception {
        ForkStream fork = stream.fork(Side.A);
        assertThrows(IllegalArgumentException.class,
                () -> fork.target(InetSocketAddress.createUnresolved("srs.example", 4000)));
        assertThrows(IllegalArgumentException.class, () -> fork.target(new InetSocketAddress(Udp.LOOPBACK, 0)));
        assertThrows(IllegalArgumentException.class,
                () -> fork.target(new InetSocketAddress(java.net.InetAddress.getByName("::1"), 4000)),
                "an IPv4 relay cannot send to an IPv6 recorder");
    }

    @Test
    void theTapSeesThePacketAsReceived() throws Exception {
        DatagramSocket srs = socket();
        ForkStream fork = stream.fork(Side.A);
        fork.target(Udp.address(srs));
        List<Integer> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        stream.tap((from, rtcp, packet) -> seen.add(packet.getInt(8)));
        Udp.send(caller, stream.localPort(Side.A), rtp(1, CALLER_SSRC));
        Udp.receive(callee);
        assertEquals((int) fork.ssrc(), ssrcOf(Udp.data(Udp.receive(srs))));
        await().atMost(WAIT).until(() -> seen.equals(List.of(CALLER_SSRC)));
    }

    /** An RFC 4733 telephone-event packet: payload type 101, event, E bit, duration; timestamp = the event's start. */
    private static byte[] telephoneEvent(int sequence, int timestamp, int event, boolean end) {
        byte[] packet = new byte[16];
        ByteBuffer b = ByteBuffer.wrap(packet);
        b.put(0, (byte) 0x80).put(1, (byte) 101).putShort(2, (short) sequence).putInt(4, timestamp).putInt(8, CALLER_SSRC);
        b.put(12, (byte) event).put(13, (byte) (end ? 0x80 | 10 : 10)).putShort(14, (short) (160 * sequence));
        return packet;
    }

    @Test
    void telephoneEventsAreReportedOncePerEventAtTheirEndAndStillRelayed() throws Exception {
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        stream.telephoneEvents(101, (side, event) -> heard.add(side + ":" + event));
        int seq = 1;
        // '*' (10): start, continuation, three end packets (RFC 4733 section 2.5.1.4), then '1' from the callee's side
        for (boolean end : new boolean[] {false, false, true, true, true}) {
            Udp.send(caller, stream.localPort(Side.A), telephoneEvent(seq++, 8000, 10, end));
        }
        Udp.send(caller, stream.localPort(Side.A), rtp(seq++, CALLER_SSRC)); // audio: not an event
        for (boolean end : new boolean[] {false, true, true, true}) {
            Udp.send(callee, stream.localPort(Side.B), telephoneEvent(seq++, 16000, 1, end));
        }
        await().atMost(WAIT).until(() -> heard.size() >= 2);
        for (int i = 0; i < 10; i++) {
            Udp.receive(i < 6 ? callee : caller); // all relayed: 6 packets to the callee, 4 to the caller
        }
        assertEquals(List.of("A:10", "B:1"), heard);

        stream.telephoneEvents(101, null);
        Udp.send(caller, stream.localPort(Side.A), telephoneEvent(seq++, 24000, 2, true));
        Udp.receive(callee);
        assertEquals(List.of("A:10", "B:1"), heard, "no listener: nothing reported");
    }

    /** Several recordings of one call: each copy of a direction is a fork of its own, to its own SRS. */
    @Test
    void furtherCopiesOfADirectionGoToTheirOwnRecordersWithTheirOwnSsrcAndPort() throws Exception {
        DatagramSocket first = socket();
        DatagramSocket second = socket();
        ForkStream copy0 = stream.fork(Side.A, 0);
        ForkStream copy2 = stream.fork(Side.A, 2);
        assertSame(copy0, stream.fork(Side.A), "copy 0 is the first fork");
        assertSame(copy2, stream.fork(Side.A, 2), "the same copy on later calls");
        assertNotEquals(copy0.ssrc(), copy2.ssrc());
        assertNotEquals(copy0.localPort(), copy2.localPort());
        assertThrows(MediaException.class, () -> stream.fork(Side.A, -1));
        copy0.target(Udp.address(first));
        copy2.target(Udp.address(second));

        byte[] original = rtp(1, CALLER_SSRC);
        Udp.send(caller, stream.localPort(Side.A), original);
        assertArrayEquals(original, Udp.data(Udp.receive(callee)), "the relayed packet is unchanged");
        DatagramPacket atFirst = Udp.receive(first);
        DatagramPacket atSecond = Udp.receive(second);
        assertArrayEquals(copy(original, copy0), Udp.data(atFirst));
        assertArrayEquals(copy(original, copy2), Udp.data(atSecond), "each copy with its own SSRC");
        assertEquals(copy2.localPort(), atSecond.getPort(), "sent from the port announced to that SRS");

        copy2.target(null); // that recording stopped: the other goes on
        Udp.send(caller, stream.localPort(Side.A), rtp(2, CALLER_SSRC));
        assertArrayEquals(copy(rtp(2, CALLER_SSRC), copy0), Udp.data(Udp.receive(first)));
        assertTrue(Udp.silent(second, 200));
    }
}
