package org.siprec.src.b2bua;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A forking proxy in front of the callee: two branches answer 200 with different To tags. The B2BUA must keep one,
 * acknowledge the other and release it with BYE (RFC 3261 13.2.2.4), and the caller's call must succeed.
 */
class ForkedAnswerTest {
    private static final int SIP = 25460;

    @Test
    void theSecondForkedAnswerIsAcknowledgedAndReleased() throws Exception {
        try (SippFixture sipp = new SippFixture();
                LoopbackPlatform platform = new LoopbackPlatform(SIP, 26600, Map.of());
                DatagramSocket fork = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 25470))) {
            fork.setSoTimeout(200);
            List<String> received = new CopyOnWriteArrayList<>();
            Thread proxy = new Thread(() -> serveForkedCallee(fork, received));
            proxy.start();
            Process caller = sipp.sipp("forked-uac", "-sn", "uac", "-i", "127.0.0.1", "-p", "25480", "-s", "callee", "-m", "1",
                    "-d", "1500", "127.0.0.1:25470", "-rsa", "127.0.0.1:" + SIP);
            assertEquals(0, SippFixture.waitFor(caller), "the caller's call succeeded: " + SippFixture.errors("forked-uac"));
            proxy.join(10_000);
            // which branch is kept depends on which 2xx the stack handles first; either way both branches are
            // acknowledged, one is released at once with BYE and the other ends with the caller's hang-up
            for (String branch : List.of("branch1", "branch2")) {
                assertTrue(received.stream().anyMatch(m -> m.startsWith("ACK") && m.contains("tag=" + branch)),
                        branch + " is acknowledged: " + received);
                assertTrue(received.stream().anyMatch(m -> m.startsWith("BYE") && m.contains("tag=" + branch)),
                        branch + " gets a BYE: " + received);
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> "1".equals(platform.calls.status().get("calls.answered")));
        }
    }

    /** Plays two branches of a forking proxy until both branches got their BYE. */
    private static void serveForkedCallee(DatagramSocket socket, List<String> received) {
        long deadline = System.currentTimeMillis() + 15_000;
        byte[] buf = new byte[8192];
        java.util.Set<String> ended = new java.util.HashSet<>();
        try {
            while (System.currentTimeMillis() < deadline && ended.size() < 2) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                String msg = new String(p.getData(), 0, p.getLength(), UTF_8);
                received.add(msg);
                if (msg.startsWith("INVITE")) {
                    send(socket, p, response(msg, "180 Ringing", "branch1", false));
                    send(socket, p, response(msg, "200 OK", "branch1", true));
                    send(socket, p, response(msg, "200 OK", "branch2", true));
                } else if (msg.startsWith("BYE")) {
                    send(socket, p, response(msg, "200 OK", null, false));
                    ended.add(msg.contains("tag=branch1") ? "branch1" : "branch2");
                }
            }
        } catch (Exception e) {
            received.add("error: " + e);
        }
    }

    private static void send(DatagramSocket socket, DatagramPacket to, String text) throws Exception {
        byte[] data = text.getBytes(UTF_8);
        socket.send(new DatagramPacket(data, data.length, to.getSocketAddress()));
    }

    private static String header(String msg, String name) {
        Matcher m = Pattern.compile("(?im)^" + name + ":\\s*(.*)$").matcher(msg);
        return m.find() ? m.group(1).trim() : "";
    }

    private static String response(String request, String status, String toTag, boolean sdp) {
        String to = header(request, "To");
        if (toTag != null && !to.contains("tag=")) {
            to = to + ";tag=" + toTag;
        }
        String body = sdp ? "v=0\r\no=callee 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 26690 RTP/AVP 0\r\n" : "";
        return "SIP/2.0 " + status + "\r\n"
                + "Via: " + header(request, "Via") + "\r\n"
                + "From: " + header(request, "From") + "\r\n"
                + "To: " + to + "\r\n"
                + "Call-ID: " + header(request, "Call-ID") + "\r\n"
                + "CSeq: " + header(request, "CSeq") + "\r\n"
                + (toTag != null ? "Contact: <sip:" + toTag + "@127.0.0.1:25470>\r\n" : "")
                + (sdp ? "Content-Type: application/sdp\r\n" : "")
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }
}
