package org.siprec.media.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siprec.api.media.ForkStream;
import org.siprec.api.media.MediaDirection;
import org.siprec.api.media.MirrorSession;
import org.siprec.api.media.PacketCounts;
import org.siprec.api.media.RelayStream.Side;
import org.siprec.media.test.Udp;

/**
 * The relay's RTP counts per direction ({@link RtpRelay#packetCounts(MediaDirection)}, the metrics'
 * {@code siprec_media_packets_*_total{direction}}): a known number of packets sent each way over real UDP sockets on
 * loopback, with a gap in the caller's sequence numbers, the caller held for a while, a copy to an SRS, RTCP and a
 * stranger's packets that must not count.
 */
class DirectionCountersTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int CALLER_SSRC = 0x0A0A0A0A;
    private static final int CALLEE_SSRC = 0x0B0B0B0B;

    private RtpRelay relay;
    private RelayStreamImpl stream;
    private final List<DatagramSocket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        int base = Udp.freeRange(40);
        relay = new RtpRelay(TestConfig.range(base, base + 39));
        MirrorSession session = relay.open("call-1");
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

    private static byte[] rtp(int sequence, int ssrc) {
        byte[] packet = Udp.rtp(sequence);
        ByteBuffer.wrap(packet).putInt(8, ssrc);
        return packet;
    }

    private static void receive(DatagramSocket socket, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            Udp.receive(socket);
        }
    }

    @Test
    void countsEachDirectionsPacketsReceivedSentDroppedAndLost() throws Exception {
        DatagramSocket[] callerPorts = Udp.pair(); // RTP and, on the next port, RTCP
        sockets.add(callerPorts[0]);
        sockets.add(callerPorts[1]);
        DatagramSocket caller = callerPorts[0];
        DatagramSocket callee = socket();
        DatagramSocket srs = socket();
        DatagramSocket stranger = socket();
        stream.remote(Side.A, Udp.address(caller));
        stream.remote(Side.B, Udp.address(callee));
        ForkStream fork = stream.fork(Side.A);
        fork.target(Udp.address(srs));

        // caller -> callee: sequence 1..10, then 13..20 (11 and 12 lost on the way): 18 packets, 2 lost
        for (int seq = 1; seq <= 20; seq++) {
            if (seq != 11 && seq != 12) {
                Udp.send(caller, stream.localPort(Side.A), rtp(seq, CALLER_SSRC));
            }
        }
        receive(callee, 18);
        receive(srs, 18);

        // callee -> caller: 5 packets while the caller is held (dropped), 7 after it is back
        stream.remote(Side.A, null);
        for (int seq = 1; seq <= 5; seq++) {
            Udp.send(callee, stream.localPort(Side.B), rtp(seq, CALLEE_SSRC));
        }
        await().atMost(WAIT).until(() -> stream.packetsDropped(Side.B) == 5);
        stream.remote(Side.A, Udp.address(caller));
        for (int seq = 6; seq <= 12; seq++) {
            Udp.send(callee, stream.localPort(Side.B), rtp(seq, CALLEE_SSRC));
        }
        receive(caller, 7);

        // not media: RTCP (from the caller's RTP port + 1 to the relay's), and RTP from a source the callee's side does not accept
        Udp.send(callerPorts[1], stream.localPort(Side.A) + 1, new byte[] {(byte) 0x80, (byte) 200, 0, 6, 1, 2, 3, 4});
        Udp.send(stranger, stream.localPort(Side.B), rtp(100, 0x0C0C0C0C));
        await().atMost(WAIT).until(() -> stream.rtcpReceived(Side.A) == 1 && relay.packetsRejected() == 1);

        await().atMost(WAIT).untilAsserted(() -> {
            assertEquals(new PacketCounts(18, 18, 0, 2), relay.packetCounts(MediaDirection.CALLER).orElseThrow());
            assertEquals(new PacketCounts(12, 7, 5, 0), relay.packetCounts(MediaDirection.CALLEE).orElseThrow());
            assertEquals(new PacketCounts(18, 18, 0, 0), relay.packetCounts(MediaDirection.SRS).orElseThrow());
        });
    }

    @Test
    void countsStayWhenTheCallEnds() throws Exception {
        DatagramSocket caller = socket();
        DatagramSocket callee = socket();
        stream.remote(Side.A, Udp.address(caller));
        stream.remote(Side.B, Udp.address(callee));
        for (int seq = 1; seq <= 3; seq++) {
            Udp.send(caller, stream.localPort(Side.A), rtp(seq, CALLER_SSRC));
        }
        receive(callee, 3);
        await().atMost(WAIT).until(() -> relay.packetCounts(MediaDirection.CALLER).orElseThrow().sent() == 3);

        stream.close();

        assertEquals(new PacketCounts(3, 3, 0, 0), relay.packetCounts(MediaDirection.CALLER).orElseThrow(),
                "a counter never goes down: the call's packets stay counted after it ended");
    }

    @Test
    void sequenceGapsAcrossTheWrapAndNewSendersAreJudgedPerSource() {
        DirectionCounters.SequenceTracker tracker = new DirectionCounters.SequenceTracker();
        assertEquals(0, tracker.skipped(ByteBuffer.wrap(rtp(65534, 1))), "the first packet");
        assertEquals(1, tracker.skipped(ByteBuffer.wrap(rtp(0, 1))), "65535 skipped across the wrap");
        assertEquals(0, tracker.skipped(ByteBuffer.wrap(rtp(0, 1))), "a duplicate");
        assertEquals(0, tracker.skipped(ByteBuffer.wrap(rtp(65535, 1))), "the late one changes nothing");
        assertEquals(2, tracker.skipped(ByteBuffer.wrap(rtp(3, 1))));
        assertEquals(0, tracker.skipped(ByteBuffer.wrap(rtp(500, 2))), "another SSRC starts afresh");
        assertEquals(0, tracker.skipped(ByteBuffer.wrap(rtp(9000, 2))), "a jump beyond 3,000 is a restart");
        assertEquals(0, tracker.skipped(ByteBuffer.wrap(rtp(9001, 2))));
    }
}
