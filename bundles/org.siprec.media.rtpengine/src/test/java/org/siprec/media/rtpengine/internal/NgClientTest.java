package org.siprec.media.rtpengine.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siprec.testsupport.rtpengine.RtpengineDaemon;

/** The NG client against a real rtpengine (Debian rtpengine-daemon, userspace) and against peers that misbehave. */
class NgClientTest {
    private static RtpengineDaemon daemon;

    @BeforeAll
    static void startRtpengine(@TempDir Path dir) throws Exception {
        daemon = RtpengineDaemon.start(43000, 44999, dir.resolve("rtpengine.log"));
    }

    @AfterAll
    static void stopRtpengine() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void pingIsAnsweredPong() throws Exception {
        try (NgClient ng = new NgClient(daemon.ngAddress(), 500, 3)) {
            assertEquals("pong", ng.request(Map.of("command", "ping")).get("result"));
        }
    }

    @Test
    void anOfferIsAnsweredWithRtpenginesSdp() throws Exception {
        try (NgClient ng = new NgClient(daemon.ngAddress(), 500, 3)) {
            Map<String, Object> reply = ng.request(Map.of("command", "offer", "call-id", "ng-test-offer", "from-tag", "a",
                    "sdp", Sdp.of(new InetSocketAddress("127.0.0.1", 6000), "sendrecv")));
            int port = Sdp.port(reply.get("sdp"));
            assertTrue(port >= 43000 && port <= 44999, "port " + port + " from rtpengine's range");
            assertTrue(((String) reply.get("sdp")).contains("c=IN IP4 127.0.0.1"), reply.toString());
            ng.request(Map.of("command", "delete", "call-id", "ng-test-offer"));
        }
    }

    @Test
    void anErrorResultFailsWithRtpenginesReason() throws Exception {
        try (NgClient ng = new NgClient(daemon.ngAddress(), 500, 3)) {
            NgException e = assertThrows(NgException.class, () -> ng.request(Map.of("command", "subscribe request",
                    "call-id", "no-such-call", "from-tag", "a")));
            assertTrue(e.getMessage().startsWith("rtpengine " + daemon.ngAddress() + " refused 'subscribe request': "),
                    e.getMessage());
        }
    }

    @Test
    void concurrentRequestsEachGetTheirOwnReply() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (NgClient ng = new NgClient(daemon.ngAddress(), 500, 3)) {
            List<Future<Object>> replies = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String callId = "ng-test-concurrent-" + i;
                replies.add(pool.submit(() -> {
                    Object sdp = ng.request(Map.of("command", "offer", "call-id", callId, "from-tag", "a",
                            "sdp", Sdp.of(null, "sendrecv"))).get("sdp");
                    ng.request(Map.of("command", "delete", "call-id", callId));
                    return sdp;
                }));
            }
            Set<Integer> ports = new LinkedHashSet<>();
            for (Future<Object> reply : replies) {
                ports.add(Sdp.port(reply.get()));
            }
            assertTrue(ports.size() > 1, "replies of different calls: " + ports);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aSilentEngineIsAskedAgainWithTheSameCookieThenTheRequestFails() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                NgClient ng = new NgClient((InetSocketAddress) silent.getLocalSocketAddress(), 100, 3)) {
            NgException e = assertThrows(NgException.class, () -> ng.request(Map.of("command", "ping")));
            assertTrue(e.getMessage().contains("did not answer 'ping' (3 attempts, 100 ms each)"), e.getMessage());
            silent.setSoTimeout(1000);
            Set<String> datagrams = new LinkedHashSet<>();
            for (int i = 0; i < 3; i++) {
                DatagramPacket p = new DatagramPacket(new byte[512], 512);
                silent.receive(p);
                datagrams.add(new String(p.getData(), 0, p.getLength(), US_ASCII));
            }
            assertEquals(1, datagrams.size(), "three identical datagrams (one cookie): " + datagrams);
            assertTrue(datagrams.iterator().next().endsWith(" d7:command4:pinge"), datagrams.toString());
        }
    }

    @Test
    void aGarbledReplyFailsTheRequestAndTheClientGoesOn() throws Exception {
        try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                NgClient ng = new NgClient((InetSocketAddress) peer.getLocalSocketAddress(), 1000, 1)) {
            Thread fake = new Thread(() -> {
                try {
                    for (String body : List.of("d6:result", "d6:result4:ponge")) {
                        DatagramPacket p = new DatagramPacket(new byte[512], 512);
                        peer.receive(p);
                        String request = new String(p.getData(), 0, p.getLength(), US_ASCII);
                        byte[] reply = (request.substring(0, request.indexOf(' ') + 1) + body).getBytes(US_ASCII);
                        peer.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            fake.start();
            NgException e = assertThrows(NgException.class, () -> ng.request(Map.of("command", "ping")));
            assertTrue(e.getMessage().contains("broken reply to 'ping'") && e.getMessage().contains("truncated"),
                    e.getMessage());
            assertEquals("pong", ng.request(Map.of("command", "ping")).get("result"));
            fake.join(2000);
        }
    }
}
