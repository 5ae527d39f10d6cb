package org.siprec.media.rtpengine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siprec.api.media.ForkStream;
import org.siprec.api.media.MediaException;
import org.siprec.api.media.MirrorSession;
import org.siprec.api.media.RelayStream;
import org.siprec.api.media.RelayStream.Side;
import org.siprec.testsupport.rtpengine.RtpengineDaemon;

/**
 * The mirror against a real rtpengine (userspace) with real RTP on loopback: a caller, a callee and an SRS socket.
 */
class RtpengineMirrorTest {
    private static RtpengineDaemon daemon;
    private RtpengineMirror mirror;
    private DatagramSocket caller;
    private DatagramSocket callee;
    private DatagramSocket srs;

    @BeforeAll
    static void startRtpengine(@TempDir Path dir) throws Exception {
        daemon = RtpengineDaemon.start(45000, 46999, dir.resolve("rtpengine.log"));
    }

    @AfterAll
    static void stopRtpengine() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    @BeforeEach
    void peers() throws Exception {
        mirror = new RtpengineMirror(new NgClient(daemon.ngAddress(), 500, 3), "127.0.0.1");
        caller = socket();
        callee = socket();
        srs = socket();
    }

    @AfterEach
    void close() {
        mirror.deactivate();
        caller.close();
        callee.close();
        srs.close();
    }

    private static DatagramSocket socket() throws Exception {
        DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        s.setSoTimeout(50);
        return s;
    }

    @Test
    void relaysBothDirectionsAndForksEachToTheSrs() throws Exception {
        MirrorSession session = mirror.open("call-1");
        assertEquals(1, mirror.openSessions());
        RelayStream stream = session.stream(0);
        stream.remote(Side.A, address(caller));
        stream.remote(Side.B, address(callee));
        assertNotEquals(stream.localPort(Side.A), stream.localPort(Side.B));
        assertEquals(address(caller), stream.remote(Side.A));

        assertTrue(flows(caller, stream.localPort(Side.A), callee, 0x1111), "caller's RTP reaches the callee");
        assertTrue(flows(callee, stream.localPort(Side.B), caller, 0x2222), "callee's RTP reaches the caller");

        ForkStream fromCaller = stream.fork(Side.A);
        ForkStream fromCallee = stream.fork(Side.B);
        assertNotEquals(fromCaller.localPort(), fromCallee.localPort());
        DatagramSocket srsB = socket();
        try {
            fromCaller.target(address(srs));
            fromCallee.target(address(srsB));
            assertTrue(flows(caller, stream.localPort(Side.A), srs, 0x1111), "the caller's copy reaches the SRS");
            assertEquals(fromCaller.localPort(), lastSource.getPort(), "copies come from the announced port");
            assertTrue(flows(callee, stream.localPort(Side.B), srsB, 0x2222), "the callee's copy reaches the SRS");
            assertEquals(fromCallee.localPort(), lastSource.getPort(), "copies come from the announced port");
        } finally {
            srsB.close();
        }

        session.close();
        assertEquals(0, mirror.openSessions());
        NgException gone = assertThrows(NgException.class, () -> mirror.ng().request(Map.of("command", "query",
                "call-id", "call-1#0")));
        assertTrue(gone.getMessage().contains("refused 'query'"), gone.getMessage());
    }

    @Test
    void pauseStopsTheCopiesAndResumeRestartsThemFromTheSamePort() throws Exception {
        RelayStream stream = mirror.open("call-2").stream(0);
        stream.remote(Side.A, address(caller));
        stream.remote(Side.B, address(callee));
        ForkStream fork = stream.fork(Side.A);
        int port = fork.localPort();
        fork.target(address(srs));
        assertTrue(flows(caller, stream.localPort(Side.A), srs, 0x3333));

        fork.paused(true);
        assertTrue(fork.paused());
        drain(srs);
        assertTrue(flows(caller, stream.localPort(Side.A), callee, 0x3333), "the call's media goes on while paused");
        assertEquals(0, drain(srs), "no copies while paused");

        fork.paused(false);
        assertTrue(flows(caller, stream.localPort(Side.A), srs, 0x3333), "copies again after resume");
        assertEquals(port, fork.localPort());

        fork.target(null);
        drain(srs);
        assertTrue(flows(caller, stream.localPort(Side.A), callee, 0x3333));
        assertEquals(0, drain(srs), "no copies without a target");
    }

    @Test
    void aChangedAddressIsFollowedOnTheSamePort() throws Exception {
        RelayStream stream = mirror.open("call-3").stream(0);
        stream.remote(Side.A, address(caller));
        stream.remote(Side.B, address(callee));
        int towardsCallee = stream.localPort(Side.B);
        try (DatagramSocket movedCallee = socket()) {
            stream.remote(Side.B, address(movedCallee)); // e.g. a re-INVITE from the callee
            assertEquals(towardsCallee, stream.localPort(Side.B));
            assertTrue(flows(caller, stream.localPort(Side.A), movedCallee, 0x4444), "media follows the new address");
        }
    }

    @Test
    void whatRtpengineCannotDoFailsCleanly() throws Exception {
        RelayStream stream = mirror.open("call-4").stream(0);
        MediaException e = assertThrows(MediaException.class, () -> stream.play(Side.A, 8, new short[160], (p, o) -> { }));
        assertTrue(e.getMessage().startsWith("announcements cannot be played with the rtpengine media mirror"),
                e.getMessage());
        stream.telephoneEvents(101, (from, event) -> { });
        stream.bridged(false);
        assertFalse(stream.bridged());
        stream.bridged(true);
    }

    @Test
    void anEngineThatDoesNotAnswerFailsTheStreamNotTheCaller() throws Exception {
        try (DatagramSocket silent = socket()) {
            RtpengineMirror deaf = new RtpengineMirror(new NgClient(address(silent), 50, 1), "127.0.0.1");
            MirrorSession session = deaf.open("call-5");
            MediaException e = assertThrows(MediaException.class, () -> session.stream(0));
            assertTrue(e.getMessage().startsWith("rtpengine cannot anchor stream call-5#0: rtpengine "), e.getMessage());
            assertTrue(e.getMessage().contains("did not answer 'offer'"), e.getMessage());
            session.close();
            deaf.deactivate();
        }
    }

    private static InetSocketAddress address(DatagramSocket s) {
        return (InetSocketAddress) s.getLocalSocketAddress();
    }

    /** Where the last packet {@link #flows} saw came from. */
    private InetSocketAddress lastSource;

    /** Sends RTP (one packet per 50 ms receive timeout, at most 150) from {@code from} to rtpengine's port until {@code to} receives some. */
    private boolean flows(DatagramSocket from, int port, DatagramSocket to, int ssrc) throws Exception {
        InetSocketAddress engine = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        for (int seq = 0; seq < 150; seq++) {
            byte[] rtp = new byte[172];
            rtp[0] = (byte) 0x80;
            rtp[1] = 8;
            rtp[2] = (byte) (seq >> 8);
            rtp[3] = (byte) seq;
            rtp[7] = (byte) (seq * 160);
            rtp[6] = (byte) ((seq * 160) >> 8);
            rtp[8] = (byte) (ssrc >> 24);
            rtp[9] = (byte) (ssrc >> 16);
            rtp[10] = (byte) (ssrc >> 8);
            rtp[11] = (byte) ssrc;
            from.send(new DatagramPacket(rtp, rtp.length, engine));
            DatagramPacket got = new DatagramPacket(new byte[2048], 2048);
            try {
                to.receive(got); // the 50 ms socket timeout paces the loop
                if (got.getLength() == 172) {
                    lastSource = (InetSocketAddress) got.getSocketAddress();
                    return true;
                }
            } catch (SocketTimeoutException e) {
                // not yet: rtpengine learns the new address, or the subscription starts
            }
        }
        return false;
    }

    /** Counts what arrives within 300 ms. */
    private static int drain(DatagramSocket s) throws Exception {
        int count = 0;
        long end = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < end) {
            try {
                s.receive(new DatagramPacket(new byte[2048], 2048));
                count++;
            } catch (SocketTimeoutException e) {
                // keep listening until the end
            }
        }
        return count;
    }
}
