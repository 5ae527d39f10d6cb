package org.siprec.media.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.siprec.api.media.MediaException;
import org.siprec.api.media.MirrorSession;
import org.siprec.api.media.RelayStream;
import org.siprec.api.media.RelayStream.Side;
import org.siprec.media.test.Udp;

class RelayPortsTest {
    private RtpRelay relay;

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.deactivate();
        }
    }

    private int start(int ports) {
        int base = Udp.freeRange(ports);
        relay = new RtpRelay(TestConfig.range(base, base + ports - 1));
        return base;
    }

    @Test
    void allocatesEvenRtpPortsWithRtcpNextToThem() throws Exception {
        int base = start(8);
        assertEquals(8, relay.freePorts());
        RelayStream stream = relay.open("c").stream(0);
        assertEquals(base, stream.localPort(Side.A));
        assertEquals(base + 2, stream.localPort(Side.B));
        assertEquals(4, relay.freePorts());
        // the RTCP ports are really bound by the relay
        for (int port : new int[] {base, base + 1, base + 2, base + 3}) {
            assertThrows(java.net.SocketException.class,
                    () -> new DatagramSocket(new InetSocketAddress(Udp.LOOPBACK, port)).close(), "port " + port);
        }
    }

    @Test
    void exhaustionThenCloseMakesThePortsReusable() throws Exception {
        int base = start(8);
        MirrorSession session = relay.open("c1");
        RelayStream first = session.stream(0);
        RelayStream second = session.stream(1);
        assertSame(first, session.stream(0), "a stream is allocated once per index");
        assertEquals(0, relay.freePorts());

        MediaException e = assertThrows(MediaException.class, () -> session.stream(2));
        assertTrue(e.getMessage().contains("no free media ports in " + base + "-" + (base + 7)), e.getMessage());
        assertThrows(MediaException.class, () -> relay.open("c2").stream(0));
        assertEquals(2, relay.openSessions());

        Set<Integer> used = Set.of(first.localPort(Side.A), first.localPort(Side.B), second.localPort(Side.A),
                second.localPort(Side.B));
        session.close();
        session.close(); // harmless
        assertEquals(8, relay.freePorts());
        assertEquals(1, relay.openSessions());
        assertThrows(MediaException.class, () -> session.stream(0));

        RelayStream again = relay.open("c3").stream(0);
        assertTrue(used.contains(again.localPort(Side.A)) && used.contains(again.localPort(Side.B)));
    }

    @Test
    void aFailedStreamGivesBackItsFirstPair() throws Exception {
        start(6); // three pairs: one stream, then half of another
        MirrorSession session = relay.open("c");
        session.stream(0);
        assertEquals(2, relay.freePorts());
        assertThrows(MediaException.class, () -> session.stream(1));
        assertEquals(2, relay.freePorts());
        assertEquals(1, session.streams().size());
    }

    @Test
    void skipsPortsTakenByOtherProcesses() throws Exception {
        int base = start(8);
        DatagramSocket takenRtp = new DatagramSocket(new InetSocketAddress(Udp.LOOPBACK, base));
        DatagramSocket takenRtcp = new DatagramSocket(new InetSocketAddress(Udp.LOOPBACK, base + 3));
        try {
            RelayStream stream = relay.open("c1").stream(0);
            assertEquals(base + 4, stream.localPort(Side.A));
            assertEquals(base + 6, stream.localPort(Side.B));
            assertThrows(MediaException.class, () -> relay.open("c2").stream(0));
        } finally {
            Udp.closeAll(takenRtp, takenRtcp);
        }
        RelayStream later = relay.open("c3").stream(0);
        assertEquals(Set.of(base, base + 2), Set.of(later.localPort(Side.A), later.localPort(Side.B)));
    }

    @Test
    void closedStreamsReallyReleaseTheirSockets() throws Exception {
        int base = start(4);
        MirrorSession session = relay.open("c");
        RelayStream stream = session.stream(0);
        // traffic makes sure the channels are registered with the selector before closing
        DatagramSocket caller = Udp.socket();
        try {
            stream.remote(Side.A, Udp.address(caller));
            Udp.send(caller, stream.localPort(Side.A), Udp.rtp(1));
            org.awaitility.Awaitility.await().until(() -> stream.packetsReceived(Side.A) == 1);
        } finally {
            caller.close();
        }
        session.close();
        for (int port = base; port < base + 4; port++) {
            new DatagramSocket(new InetSocketAddress(Udp.LOOPBACK, port)).close();
        }
    }

    @Test
    void deactivateClosesEverything() throws Exception {
        int base = start(8);
        relay.open("c1").stream(0);
        relay.open("c2").stream(0);
        relay.deactivate();
        assertEquals(0, relay.openSessions());
        assertThrows(MediaException.class, () -> relay.open("c3"));
        for (int port = base; port < base + 8; port++) {
            new DatagramSocket(new InetSocketAddress(Udp.LOOPBACK, port)).close();
        }
        relay = null;
    }

    @Test
    void newRangeAppliesToNewStreamsOnly() throws Exception {
        int base = start(8);
        MirrorSession live = relay.open("live");
        RelayStream old = live.stream(0);
        int other = Udp.freeRange(8);
        assertNotEquals(base, other);
        relay.modified(TestConfig.range(other, other + 7));
        assertEquals(8, relay.freePorts());
        RelayStream fresh = relay.open("new").stream(0);
        assertEquals(other, fresh.localPort(Side.A));
        assertEquals(base, old.localPort(Side.A), "the live stream keeps its ports");
        live.close();
        assertEquals(4, relay.freePorts(), "ports of the old range go back to the old range");
    }
}
