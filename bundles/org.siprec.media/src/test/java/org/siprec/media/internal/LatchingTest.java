package org.siprec.media.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.siprec.api.media.ForkStream;
import org.siprec.api.media.RelayStream.Side;
import org.siprec.media.test.Udp;

/**
 * Who may send into a relayed stream and who receives from it, per latching mode, over real UDP sockets on loopback:
 * a caller (side A), a callee (side B), and strangers who know the relay's ports.
 */
class LatchingTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int QUIET_MS = 200;

    private RtpRelay relay;
    private RelayStreamImpl stream;
    private final List<DatagramSocket> sockets = new ArrayList<>();

    private void start(String latching) throws Exception {
        start(latching, 2000);
    }

    private void start(String latching, int windowMs) throws Exception {
        int base = Udp.freeRange(12);
        relay = new RtpRelay(TestConfig.range(base, base + 11).withLatching(latching).withLatchWindow(windowMs));
        stream = (RelayStreamImpl) relay.open("call").stream(0);
    }

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.deactivate();
        }
        sockets.forEach(DatagramSocket::close);
    }

    private DatagramSocket socket() throws Exception {
        DatagramSocket socket = Udp.socket();
        sockets.add(socket);
        return socket;
    }

    /** A party on 127.0.0.2: another host than the caller and callee (127.0.0.1). */
    private DatagramSocket otherHost() throws Exception {
        DatagramSocket socket = Udp.socket("127.0.0.2");
        sockets.add(socket);
        return socket;
    }

    private DatagramSocket[] pair() {
        DatagramSocket[] pair = Udp.pair();
        sockets.add(pair[0]);
        sockets.add(pair[1]);
        return pair;
    }

    private int port(Side side) {
        return stream.localPort(side);
    }

    /** Sends one RTP packet from {@code from} into side {@code side} and asserts {@code to} gets it unchanged. */
    private void assertRelayed(DatagramSocket from, Side side, DatagramSocket to, int sequence) throws Exception {
        Udp.send(from, port(side), Udp.rtp(sequence));
        assertArrayEquals(Udp.rtp(sequence), Udp.data(Udp.receive(to)), "packet " + sequence + " into side " + side);
    }

    private static void assertSilent(DatagramSocket... sockets) throws Exception {
        for (DatagramSocket socket : sockets) {
            assertTrue(Udp.silent(socket, QUIET_MS), "nothing reaches " + socket.getLocalSocketAddress());
        }
    }

    @ParameterizedTest(name = "latching={0}")
    @ValueSource(strings = {"off", "once"})
    void aThirdAddressIsNotRelayedReceivesNothingAndTheCallsAudioStaysIntact(String latching) throws Exception {
        start(latching);
        DatagramSocket caller = socket();
        DatagramSocket callee = socket();
        DatagramSocket intruder = otherHost();
        DatagramSocket srs = socket();
        stream.remote(Side.A, Udp.address(caller));
        stream.remote(Side.B, Udp.address(callee));
        ForkStream recording = stream.fork(Side.A);
        recording.target(Udp.address(srs));
        assertRelayed(caller, Side.A, callee, 1);
        Udp.receive(srs);
        assertRelayed(callee, Side.B, caller, 2);

        for (int i = 0; i < 5; i++) { // injection into both sides
            Udp.send(intruder, port(Side.A), Udp.rtp(100 + i));
            Udp.send(intruder, port(Side.B), Udp.rtp(200 + i));
        }
        Udp.send(intruder, port(Side.A) + 1, new byte[] {(byte) 0x80, (byte) 203, 0, 1, 1, 2, 3, 4}); // RTCP BYE
        await().atMost(WAIT).until(() -> stream.packetsRejected(Side.A) == 6 && stream.packetsRejected(Side.B) == 5);
        assertSilent(caller, callee, srs);

        // the call goes on as before: both ways, to the right parties, and recorded; the intruder hears nothing
        for (int i = 3; i < 8; i++) {
            assertRelayed(caller, Side.A, callee, i);
            assertRelayed(callee, Side.B, caller, 100 + i);
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(3 + i, Udp.data(Udp.receive(srs))[3], "only the caller's packets are recorded");
        }
        assertSilent(intruder, srs);
        assertEquals(Udp.address(callee), stream.remote(Side.B));
        assertEquals(Udp.address(caller), stream.remote(Side.A));
        await().atMost(WAIT).until(() -> stream.packetsReceived(Side.A) == 6 && stream.packetsReceived(Side.B) == 6);
        assertEquals(11, relay.packetsRejected(), "counted in the relay's total too");
        assertEquals(0, stream.rtcpReceived(Side.A), "the injected RTCP is not counted as the caller's");
    }

    @Test
    void onceLatchesToANatedPeerAndThenToNobodyElse() throws Exception {
        start("once");
        DatagramSocket caller = socket();
        DatagramSocket announced = socket(); // what the callee's SDP says: its private address, never seen here
        DatagramSocket mapped = socket(); // where its packets really come from: the NAT's public mapping
        DatagramSocket intruder = socket();
        stream.remote(Side.A, Udp.address(caller));
        stream.remote(Side.B, Udp.address(announced));
        assertFalse(stream.rtpLatched(Side.B));

        assertRelayed(mapped, Side.B, caller, 1);
        await().atMost(WAIT).until(() -> stream.rtpLatched(Side.B));
        assertEquals(Udp.address(mapped), stream.remote(Side.B));
        assertRelayed(caller, Side.A, mapped, 2);
        assertSilent(announced);

        Udp.send(intruder, port(Side.B), Udp.rtp(3));
        await().atMost(WAIT).until(() -> stream.packetsRejected(Side.B) == 1);
        assertRelayed(caller, Side.A, mapped, 4);
        assertSilent(intruder, caller);
        assertEquals(Udp.address(mapped), stream.remote(Side.B), "the latch did not follow the intruder");
        assertRelayed(mapped, Side.B, caller, 5);
    }

    @Test
    void theDefaultIsOff() throws Exception {
        int base = Udp.freeRange(12);
        relay = new RtpRelay(TestConfig.range(base, base + 11));
        assertEquals(Latching.OFF, ((RelayStreamImpl) relay.open("call").stream(0)).latching());
    }

    @Test
    void onceNothingLatchesBeforeTheSideWasSignalled() throws Exception {
        start("once");
        DatagramSocket caller = socket();
        DatagramSocket stranger = otherHost();
        DatagramSocket mapped = socket();
        stream.remote(Side.A, Udp.address(caller));
        // side B has no address yet (the callee has not answered): a stranger's well-formed RTP takes nothing
        Udp.send(stranger, port(Side.B), Udp.rtp(1));
        await().atMost(WAIT).until(() -> stream.packetsRejected(Side.B) == 1);
        assertFalse(stream.rtpLatched(Side.B));
        assertSilent(caller);
        // the answer names the callee's (private) address: its NATed packets latch within the window
        stream.remote(Side.B, Udp.address(socket()));
        assertRelayed(mapped, Side.B, caller, 2);
        assertEquals(Udp.address(mapped), stream.remote(Side.B));
        Udp.send(stranger, port(Side.B), Udp.rtp(3));
        await().atMost(WAIT).until(() -> stream.packetsRejected(Side.B) == 2);
        assertSilent(stranger, caller);
    }

    @Test
    void onceNothingLatchesAfterTheWindowAndTheSignalledAddressStillWorks() throws Exception {
        start("once", 300);
        DatagramSocket caller = socket();
        DatagramSocket callee = socket();
        DatagramSocket stranger = otherHost();
        DatagramSocket lateNated = socket();
        stream.remote(Side.A, Udp.address(caller));
        stream.remote(Side.B, Udp.address(callee));
        Thread.sleep(500); // the window has passed and nobody has sent on side B

        Udp.send(stranger, port(Side.B), Udp.rtp(1));
        Udp.send(lateNated, port(Side.B), Udp.rtp(2)); // even a real party behind NAT, too late: the documented cost
        await().atMost(WAIT).until(() -> stream.packetsRejected(Side.B) == 2);
        assertFalse(stream.rtpLatched(Side.B));
        assertEquals(Udp.address(callee), stream.remote(Side.B));
        assertRelayed(caller, Side.A, callee, 3);
        assertSilent(stranger, lateNated);
        assertRelayed(callee, Side.B, caller, 4); // the signalled address is always accepted
        assertEquals(2, relay.packetsRejected());

        // a new address in SDP (re-INVITE) opens a new window
        stream.remote(Side.B, Udp.address(socket()));
        assertRelayed(lateNated, Side.B, caller, 5);
        assertEquals(Udp.address(lateNated), stream.remote(Side.B));
    }

    @Test
    void onceRtcpFromTheLatchedHostMayLatchAfterTheWindowAStrangersMayNot() throws Exception {
        start("once", 300);
        DatagramSocket[] caller = pair();
        DatagramSocket announced = socket();
        DatagramSocket mappedRtp = socket();
        DatagramSocket mappedRtcp = socket(); // same host (127.0.0.1), another port: what a NAT does
        DatagramSocket stranger = otherHost();
        stream.remote(Side.A, Udp.address(caller[0]));
        stream.remote(Side.B, Udp.address(announced));
        assertRelayed(mappedRtp, Side.B, caller[0], 1);
        Thread.sleep(500); // RTCP starts seconds after RTP
        byte[] report = {(byte) 0x80, (byte) 200, 0, 6, 1, 2, 3, 4};
        Udp.send(stranger, port(Side.B) + 1, report);
        await().atMost(WAIT).until(() -> stream.packetsRejected(Side.B) == 1);
        Udp.send(mappedRtcp, port(Side.B) + 1, report);
        assertArrayEquals(report, Udp.data(Udp.receive(caller[1])));
        await().atMost(WAIT).until(() -> Udp.address(mappedRtcp).equals(stream.remoteRtcp(Side.B)));
        assertSilent(stranger);
    }

    @Test
    void offDropsWhatDoesNotComeFromTheSignalledAddress() throws Exception {
        start("off");
        DatagramSocket caller = socket();
        DatagramSocket announced = socket();
        DatagramSocket mapped = socket();
        stream.remote(Side.A, Udp.address(caller));
        stream.remote(Side.B, Udp.address(announced));

        Udp.send(mapped, port(Side.B), Udp.rtp(1)); // a NATed callee cannot be served without latching
        await().atMost(WAIT).until(() -> stream.packetsRejected(Side.B) == 1);
        assertSilent(caller);
        assertRelayed(caller, Side.A, announced, 2);
        assertSilent(mapped);
        assertEquals(Udp.address(announced), stream.remote(Side.B));
        assertRelayed(announced, Side.B, caller, 3);
    }

    @Test
    void aNewAddressInSdpReopensTheLatchAndTheSameAddressKeepsIt() throws Exception {
        start("once");
        DatagramSocket caller = socket();
        DatagramSocket announced = socket();
        DatagramSocket mapped = socket();
        stream.remote(Side.A, Udp.address(caller));
        stream.remote(Side.B, Udp.address(announced));
        assertRelayed(mapped, Side.B, caller, 1);
        await().atMost(WAIT).until(() -> Udp.address(mapped).equals(stream.remote(Side.B)));

        stream.remote(Side.B, Udp.address(announced)); // a re-INVITE or UPDATE with the same SDP: nothing changes
        assertTrue(stream.rtpLatched(Side.B));
        assertEquals(Udp.address(mapped), stream.remote(Side.B));

        // a re-INVITE moves the callee (e.g. a transfer, or a new network): new SDP address, new NAT mapping
        DatagramSocket movedAnnounced = socket();
        DatagramSocket movedMapped = socket();
        stream.remote(Side.B, Udp.address(movedAnnounced));
        assertFalse(stream.rtpLatched(Side.B), "the latch is open again");
        assertEquals(Udp.address(movedAnnounced), stream.remote(Side.B), "until it latches, media goes where SDP says");
        assertRelayed(movedMapped, Side.B, caller, 2);
        await().atMost(WAIT).until(() -> Udp.address(movedMapped).equals(stream.remote(Side.B)));
        assertRelayed(caller, Side.A, movedMapped, 3);

        Udp.send(mapped, port(Side.B), Udp.rtp(4)); // the old source is a stranger now
        await().atMost(WAIT).until(() -> stream.packetsRejected(Side.B) == 1);
        assertSilent(caller, mapped, movedAnnounced);
    }

    @Test
    void onceTheSignalledAddressWinsBackALatchAStrangerTookFirst() throws Exception {
        start("once");
        DatagramSocket caller = socket();
        DatagramSocket callee = socket();
        DatagramSocket intruder = socket();
        stream.remote(Side.A, Udp.address(caller));
        stream.remote(Side.B, Udp.address(callee));

        // the intruder is quicker than the callee's first packet and hears the caller: the residual risk of
        // latching (docs/media.md), which latching=off does not have
        assertRelayed(intruder, Side.B, caller, 1);
        await().atMost(WAIT).until(() -> Udp.address(intruder).equals(stream.remote(Side.B)));
        assertRelayed(caller, Side.A, intruder, 2);

        // as soon as the callee speaks from the address its SDP gave, the latch is its, for good
        assertRelayed(callee, Side.B, caller, 3);
        await().atMost(WAIT).until(() -> Udp.address(callee).equals(stream.remote(Side.B)));
        Udp.send(intruder, port(Side.B), Udp.rtp(4));
        await().atMost(WAIT).until(() -> stream.packetsRejected(Side.B) == 1);
        assertRelayed(caller, Side.A, callee, 5);
        assertSilent(intruder, caller);
    }

    @Test
    void garbageDoesNotTakeAnOpenLatch() throws Exception {
        start("once");
        DatagramSocket caller = socket();
        DatagramSocket announced = socket();
        DatagramSocket stranger = socket();
        DatagramSocket mapped = socket();
        stream.remote(Side.A, Udp.address(caller));
        stream.remote(Side.B, Udp.address(announced));

        Udp.send(stranger, port(Side.B), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}); // not RTP
        await().atMost(WAIT).until(() -> stream.packetsRejected(Side.B) == 1);
        assertFalse(stream.rtpLatched(Side.B));
        assertRelayed(mapped, Side.B, caller, 1);
        await().atMost(WAIT).until(() -> Udp.address(mapped).equals(stream.remote(Side.B)));
        assertSilent(stranger);
    }

    @Test
    void rtcpLatchesOnceAndOnlyToTheHostRtpCameFrom() throws Exception {
        start("once");
        DatagramSocket[] caller = pair();
        DatagramSocket[] callee = pair();
        DatagramSocket sameHost = socket();
        DatagramSocket otherHost = otherHost();
        stream.remote(Side.A, Udp.address(caller[0]));
        stream.remote(Side.B, Udp.address(callee[0]));
        byte[] report = {(byte) 0x80, (byte) 200, 0, 6, 1, 2, 3, 4};

        Udp.send(callee[1], port(Side.B) + 1, report); // B's RTCP latches to the callee
        assertArrayEquals(report, Udp.data(Udp.receive(caller[1])));
        Udp.send(sameHost, port(Side.B) + 1, report);
        await().atMost(WAIT).until(() -> stream.packetsRejected(Side.B) == 1);

        // the caller sends RTP but no RTCP (as many endpoints and SIPp do): its RTCP latch stays open, but only to
        // the caller's host
        assertRelayed(caller[0], Side.A, callee[0], 1);
        Udp.send(otherHost, port(Side.A) + 1, report);
        await().atMost(WAIT).until(() -> stream.packetsRejected(Side.A) == 1);
        Udp.send(callee[1], port(Side.B) + 1, report);
        assertArrayEquals(report, Udp.data(Udp.receive(caller[1])), "RTCP still goes to the caller's port + 1");
        assertSilent(sameHost, otherHost, callee[1]);
    }

    @Test
    void followTakesEveryNewSourceWhichIsWhyItIsNotTheDefault() throws Exception {
        start("follow");
        DatagramSocket caller = socket();
        DatagramSocket callee = socket();
        DatagramSocket intruder = socket();
        stream.remote(Side.A, Udp.address(caller));
        stream.remote(Side.B, Udp.address(callee));
        assertRelayed(callee, Side.B, caller, 1);

        assertRelayed(intruder, Side.B, caller, 2); // injected and relayed
        await().atMost(WAIT).until(() -> Udp.address(intruder).equals(stream.remote(Side.B)));
        assertRelayed(caller, Side.A, intruder, 3); // and the intruder hears the caller
        assertSilent(callee);
        assertEquals(0, relay.packetsRejected());
    }

    @Test
    void aLiveChangeOfLatchingAppliesToNewStreams() throws Exception {
        start("once");
        relay.modified(TestConfig.range(relay.settings().portMin(), relay.settings().portMax()).withLatching("off"));
        RelayStreamImpl next = (RelayStreamImpl) relay.open("next").stream(0);
        assertEquals(Latching.OFF, next.latching());
        assertEquals(Latching.ONCE, stream.latching());
    }
}
