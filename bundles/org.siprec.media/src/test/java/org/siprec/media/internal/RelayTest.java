package org.siprec.media.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siprec.api.media.MirrorSession;
import org.siprec.api.media.RelayStream.Side;
import org.siprec.media.test.Udp;

class RelayTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private RtpRelay relay;
    private MirrorSession session;
    private RelayStreamImpl stream;
    private final List<DatagramSocket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        int base = Udp.freeRange(40);
        // latching=once (not the default): some of these tests relay for a party behind NAT
        relay = new RtpRelay(TestConfig.range(base, base + 39).withLatching("once"));
        session = relay.open("call-1");
        stream = (RelayStreamImpl) session.stream(0);
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

    private DatagramSocket[] pair() {
        DatagramSocket[] pair = Udp.pair();
        sockets.add(pair[0]);
        sockets.add(pair[1]);
        return pair;
    }

    @Test
    void relaysRtpBothWaysFromTheAnnouncedPorts() throws Exception {
        DatagramSocket caller = socket();
        DatagramSocket callee = socket();
        stream.remote(Side.A, Udp.address(caller));
        stream.remote(Side.B, Udp.address(callee));

        byte[] forward = Udp.rtp(1);
        Udp.send(caller, stream.localPort(Side.A), forward);
        DatagramPacket atCallee = Udp.receive(callee);
        assertArrayEquals(forward, Udp.data(atCallee));
        assertEquals(stream.localPort(Side.B), atCallee.getPort(), "callee sees the port announced to it");
        assertEquals(Udp.LOOPBACK, atCallee.getAddress());

        byte[] back = Udp.rtp(2);
        Udp.send(callee, stream.localPort(Side.B), back);
        DatagramPacket atCaller = Udp.receive(caller);
        assertArrayEquals(back, Udp.data(atCaller));
        assertEquals(stream.localPort(Side.A), atCaller.getPort(), "caller sees the port announced to it");
    }

    @Test
    void relaysRtcpOnPortPlusOne() throws Exception {
        DatagramSocket[] caller = pair();
        DatagramSocket[] callee = pair();
        stream.remote(Side.A, Udp.address(caller[0]));
        stream.remote(Side.B, Udp.address(callee[0]));
        assertEquals(callee[1].getLocalPort(), stream.remoteRtcp(Side.B).getPort());

        byte[] senderReport = {(byte) 0x80, (byte) 200, 0, 6, 1, 2, 3, 4};
        Udp.send(caller[1], stream.localPort(Side.A) + 1, senderReport);
        DatagramPacket atCallee = Udp.receive(callee[1]);
        assertArrayEquals(senderReport, Udp.data(atCallee));
        assertEquals(stream.localPort(Side.B) + 1, atCallee.getPort());

        byte[] receiverReport = {(byte) 0x80, (byte) 201, 0, 1, 5, 6, 7, 8};
        Udp.send(callee[1], stream.localPort(Side.B) + 1, receiverReport);
        DatagramPacket atCaller = Udp.receive(caller[1]);
        assertArrayEquals(receiverReport, Udp.data(atCaller));
        assertEquals(stream.localPort(Side.A) + 1, atCaller.getPort());

        await().atMost(WAIT).until(() -> stream.rtcpSent(Side.A) == 1 && stream.rtcpSent(Side.B) == 1);
        assertEquals(0, stream.packetsReceived(Side.A), "RTCP is not counted as RTP");
        assertEquals(0, stream.packetsSent(Side.B));
    }

    @Test
    void latchesToTheRealSource() throws Exception {
        DatagramSocket caller = socket();
        DatagramSocket announced = socket(); // what the callee's SDP says, e.g. a private address behind NAT
        DatagramSocket real = socket(); // where the callee's packets really come from
        stream.remote(Side.A, Udp.address(caller));
        stream.remote(Side.B, Udp.address(announced));
        assertEquals(Udp.address(announced), stream.remote(Side.B));

        Udp.send(real, stream.localPort(Side.B), Udp.rtp(1));
        assertArrayEquals(Udp.rtp(1), Udp.data(Udp.receive(caller)));
        await().atMost(WAIT).until(() -> Udp.address(real).equals(stream.remote(Side.B)));

        Udp.send(caller, stream.localPort(Side.A), Udp.rtp(2));
        DatagramPacket reply = Udp.receive(real);
        assertArrayEquals(Udp.rtp(2), Udp.data(reply));
        assertEquals(stream.localPort(Side.B), reply.getPort());
        assertTrue(Udp.silent(announced, 200), "nothing goes to the announced address after latching");

        // the same SDP again (session refresh) keeps the latch; a new address replaces it
        stream.remote(Side.B, Udp.address(announced));
        assertEquals(Udp.address(real), stream.remote(Side.B));
        DatagramSocket moved = socket();
        stream.remote(Side.B, Udp.address(moved));
        assertEquals(Udp.address(moved), stream.remote(Side.B));
        Udp.send(caller, stream.localPort(Side.A), Udp.rtp(3));
        assertArrayEquals(Udp.rtp(3), Udp.data(Udp.receive(moved)));
    }

    @Test
    void rtcpLatchesSeparately() throws Exception {
        DatagramSocket[] caller = pair();
        DatagramSocket[] announced = pair();
        DatagramSocket realRtcp = socket(); // NAT mapped RTCP to an unrelated port
        stream.remote(Side.A, Udp.address(caller[0]));
        stream.remote(Side.B, Udp.address(announced[0]));

        Udp.send(realRtcp, stream.localPort(Side.B) + 1, new byte[] {(byte) 0x80, (byte) 201, 0, 1, 9, 9, 9, 9});
        Udp.receive(caller[1]);
        await().atMost(WAIT).until(() -> Udp.address(realRtcp).equals(stream.remoteRtcp(Side.B)));
        assertEquals(Udp.address(announced[0]), stream.remote(Side.B), "RTP remote is untouched by RTCP");

        byte[] report = {(byte) 0x80, (byte) 200, 0, 6, 1, 1, 1, 1};
        Udp.send(caller[1], stream.localPort(Side.A) + 1, report);
        DatagramPacket atCallee = Udp.receive(realRtcp);
        assertArrayEquals(report, Udp.data(atCallee));
        assertEquals(stream.localPort(Side.B) + 1, atCallee.getPort());
    }

    @Test
    void dropsWhileTheOtherSideHasNoRemote() throws Exception {
        DatagramSocket caller = socket();
        DatagramSocket callee = socket();
        stream.remote(Side.A, Udp.address(caller));
        for (int i = 0; i < 3; i++) {
            Udp.send(caller, stream.localPort(Side.A), Udp.rtp(i));
        }
        await().atMost(WAIT).until(() -> stream.packetsDropped(Side.A) == 3);
        assertEquals(3, stream.packetsReceived(Side.A));
        assertEquals(0, stream.packetsSent(Side.B));

        stream.remote(Side.B, Udp.address(callee));
        Udp.send(caller, stream.localPort(Side.A), Udp.rtp(9));
        assertArrayEquals(Udp.rtp(9), Udp.data(Udp.receive(callee)));
        await().atMost(WAIT).until(() -> stream.packetsSent(Side.B) == 1);
    }

    @Test
    void holdingASideStopsSendingAndLatching() throws Exception {
        DatagramSocket caller = socket();
        DatagramSocket callee = socket();
        stream.remote(Side.A, Udp.address(caller));
        stream.remote(Side.B, Udp.address(callee));
        stream.remote(Side.B, null);
        assertNull(stream.remote(Side.B));

        Udp.send(callee, stream.localPort(Side.B), Udp.rtp(1)); // received, relayed to A, but B does not latch
        Udp.receive(caller);
        Udp.send(caller, stream.localPort(Side.A), Udp.rtp(2));
        await().atMost(WAIT).until(() -> stream.packetsDropped(Side.A) == 1);
        assertNull(stream.remote(Side.B));
        assertTrue(Udp.silent(callee, 200));
    }

    @Test
    void countsEveryPacketBothWays() throws Exception {
        DatagramSocket caller = socket();
        DatagramSocket callee = socket();
        stream.remote(Side.A, Udp.address(caller));
        stream.remote(Side.B, Udp.address(callee));
        int n = 50;
        for (int i = 0; i < n; i++) {
            Udp.send(caller, stream.localPort(Side.A), Udp.rtp(i));
            assertArrayEquals(Udp.rtp(i), Udp.data(Udp.receive(callee)));
        }
        for (int i = 0; i < n / 2; i++) {
            Udp.send(callee, stream.localPort(Side.B), Udp.rtp(1000 + i));
            assertArrayEquals(Udp.rtp(1000 + i), Udp.data(Udp.receive(caller)));
        }
        await().atMost(WAIT).untilAsserted(() -> {
            assertEquals(n, stream.packetsReceived(Side.A));
            assertEquals(n, stream.packetsSent(Side.B));
            assertEquals(n / 2, stream.packetsReceived(Side.B));
            assertEquals(n / 2, stream.packetsSent(Side.A));
            assertEquals(0, stream.packetsDropped(Side.A));
            assertEquals(0, stream.packetsDropped(Side.B));
        });
    }

    @Test
    void keepsRelayingAfterSendingToADeadRemote() throws Exception {
        DatagramSocket caller = socket();
        DatagramSocket gone = socket();
        InetSocketAddress dead = Udp.address(gone);
        gone.close(); // ICMP port unreachable for whatever is sent there
        stream.remote(Side.A, Udp.address(caller));
        stream.remote(Side.B, dead);
        for (int i = 0; i < 5; i++) {
            Udp.send(caller, stream.localPort(Side.A), Udp.rtp(i));
        }
        await().atMost(WAIT).until(() -> stream.packetsReceived(Side.A) == 5);

        DatagramSocket callee = socket();
        stream.remote(Side.B, Udp.address(callee));
        Udp.send(caller, stream.localPort(Side.A), Udp.rtp(7));
        assertArrayEquals(Udp.rtp(7), Udp.data(Udp.receive(callee)));
        Udp.send(callee, stream.localPort(Side.B), Udp.rtp(8));
        assertArrayEquals(Udp.rtp(8), Udp.data(Udp.receive(caller)));
    }

    @Test
    void tapSeesEveryPacket() throws Exception {
        DatagramSocket caller = socket();
        DatagramSocket callee = socket();
        stream.remote(Side.A, Udp.address(caller));
        stream.remote(Side.B, Udp.address(callee));
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        stream.tap((from, rtcp, packet) -> seen.add(from + (rtcp ? " rtcp " : " rtp ") + packet.remaining()));

        Udp.send(caller, stream.localPort(Side.A), Udp.rtp(1));
        Udp.receive(callee);
        await().atMost(WAIT).until(() -> seen.contains("A rtp 172"));
    }

    @Test
    void streamsOfManySessionsAreIndependent() throws Exception {
        MirrorSession second = relay.open("call-2");
        RelayStreamImpl other = (RelayStreamImpl) second.stream(0);
        DatagramSocket caller = socket();
        DatagramSocket callee = socket();
        DatagramSocket caller2 = socket();
        DatagramSocket callee2 = socket();
        stream.remote(Side.A, Udp.address(caller));
        stream.remote(Side.B, Udp.address(callee));
        other.remote(Side.A, Udp.address(caller2));
        other.remote(Side.B, Udp.address(callee2));

        Udp.send(caller2, other.localPort(Side.A), Udp.rtp(2));
        Udp.send(caller, stream.localPort(Side.A), Udp.rtp(1));
        assertArrayEquals(Udp.rtp(1), Udp.data(Udp.receive(callee)));
        assertArrayEquals(Udp.rtp(2), Udp.data(Udp.receive(callee2)));
        assertEquals(2, relay.openSessions());
        second.close();
        assertEquals(1, relay.openSessions());
    }
}
