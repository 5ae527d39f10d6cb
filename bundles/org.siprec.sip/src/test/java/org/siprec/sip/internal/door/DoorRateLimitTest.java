package org.siprec.sip.internal.door;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.siprec.sip.internal.door.DoorValveTest.header;
import static org.siprec.sip.internal.door.DoorValveTest.statusLine;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.siprec.sip.RequestAdmission;
import org.siprec.sip.internal.SipEndpointComponent;

/**
 * The per-source rates of the door with their limits lowered through the endpoint's configuration (as an operator
 * would, {@code rate.trusted.per.second}, {@code rate.trusted.burst}, ...) rather than sending thousands of
 * requests: a trusted source over its rate gets 503 with Retry-After (a peer we serve backs off or fails over), an
 * untrusted one nothing; and what the door did is one INFO summary line per interval, not a line per request.
 * Real sockets on loopback; 127.0.0.1 is trusted, 127.0.0.2 is not.
 */
class DoorRateLimitTest {
    private static final int PORT = 25296;
    private static final int TRUSTED_BURST = 5;
    private static SipEndpointComponent endpoint;
    /** Everything the test JVM's logger (slf4j-simple, on System.err) wrote while this class ran. */
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static PrintStream originalErr;

    @BeforeAll
    static void start() throws Exception {
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, LOG), true, StandardCharsets.UTF_8));
        Map<String, Object> values = new HashMap<>(Map.of("udp.port", PORT, "tcp.port", PORT));
        values.put("rate.trusted.per.second", 0.5);
        values.put("rate.trusted.burst", TRUSTED_BURST);
        values.put("rate.untrusted.per.second", 0.5);
        values.put("rate.untrusted.burst", 2);
        endpoint = new SipEndpointComponent();
        endpoint.activate(DoorValveTest.config(values));
        endpoint.attach(new DoorValveTest.Answering(endpoint));
        endpoint.admission(new RequestAdmission() {
            @Override
            public boolean trusted(InetAddress address) {
                return address.getHostAddress().equals("127.0.0.1");
            }

            @Override
            public int admit(Request request, InetSocketAddress source) {
                return ACCEPT;
            }
        });
    }

    @AfterAll
    static void stop() {
        endpoint.deactivate();
        System.setErr(originalErr);
    }

    @Test
    void aTrustedSourceOverItsRateGets503WithRetryAfterAndIsCounted() throws Exception {
        long before = endpoint.doorCounters().getOrDefault(DoorCounters.OVER_RATE_TRUSTED, 0L);
        List<String> answers = new ArrayList<>();
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            for (int i = 0; i < TRUSTED_BURST + 3; i++) {
                send(socket, "127.0.0.1", i);
                answers.add(receive(socket));
            }
        }
        for (int i = 0; i < TRUSTED_BURST; i++) {
            assertEquals("SIP/2.0 200 OK", statusLine(answers.get(i)), "within the burst: " + i);
        }
        for (int i = TRUSTED_BURST; i < answers.size(); i++) {
            String a = answers.get(i);
            assertNotNull(a, "over the rate a trusted source is answered, not dropped");
            assertEquals("SIP/2.0 503 Over Rate Limit", statusLine(a));
            assertEquals("1", header(a, "Retry-After"), a);
            assertTrue(header(a, "To").contains(";tag="), a);
        }
        assertEquals(before + 3, endpoint.doorCounters().get(DoorCounters.OVER_RATE_TRUSTED));
    }

    @Test
    void anUntrustedFloodDrawsOneSummaryLineNamingTheSourceNotALinePerRequest() throws Exception {
        int flood = 40;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("127.0.0.2"))) {
            for (int i = 0; i < flood; i++) {
                send(socket, "127.0.0.2", 100 + i);
            }
            int answered = 0;
            while (receive(socket) != null) {
                answered++;
            }
            assertTrue(answered <= 3, "burst 2 at 0.5/s: " + answered + " answered");
            assertNull(receive(socket));
        }
        // the summary runs every DoorValve.SUMMARY_SECONDS (10 s) from the endpoint's start
        long deadline = System.currentTimeMillis() + (DoorValve.SUMMARY_SECONDS + 3) * 1000;
        List<String> lines = summaryLines();
        while (lines.stream().noneMatch(l -> l.contains("top source 127.0.0.2")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            lines = summaryLines();
        }
        Thread.sleep(1000);
        lines = summaryLines().stream().filter(l -> l.contains("top source 127.0.0.2")).toList();
        assertEquals(1, lines.size(), "one summary line in the interval: " + lines);
        String line = lines.get(0);
        assertTrue(line.contains(" INFO "), line);
        assertTrue(line.matches(".*over the rate: (\\d+) from .*") , line);
        int dropped = Integer.parseInt(line.replaceAll(".*over the rate: (\\d+) from .*", "$1"));
        assertTrue(dropped >= flood - 3, "the line counts the flood: " + line);
        long perRequest = LOG.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("127.0.0.2")).count();
        assertTrue(perRequest <= 2, "no line per request: " + perRequest + " lines name 127.0.0.2");
    }

    private static List<String> summaryLines() {
        return LOG.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("door: ")).toList();
    }

    private static void send(DatagramSocket socket, String from, int n) throws Exception {
        String m = DoorValveTest.request("OPTIONS", "UDP", socket.getLocalPort()).replace("UDP 127.0.0.1", "UDP " + from)
                .replace(":" + DoorValveTest.PORT_FOR_TESTS + " SIP/2.0", ":" + PORT + " SIP/2.0");
        byte[] data = m.getBytes(StandardCharsets.ISO_8859_1);
        socket.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), PORT));
    }

    private static String receive(DatagramSocket socket) throws Exception {
        socket.setSoTimeout(1000);
        byte[] buf = new byte[65536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return new String(buf, 0, p.getLength(), StandardCharsets.ISO_8859_1);
    }

    /** Writes to both streams: the log stays visible in the build output and is kept for the assertions. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
