package org.siprec.srs.sip;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.siprec.api.ops.SrsGroupMonitor.SrsStatus;
import org.siprec.api.srs.SrsTarget;
import org.siprec.sip.internal.ExtraSipEndpoint;
import org.siprec.sip.internal.SipEndpointConfig;
import org.siprec.testsupport.Configs;

/**
 * OPTIONS health on real loopback sockets: the adapter probes from a real SIP endpoint (JAIN-SIP, as in the
 * distribution's {@code srsprobe} endpoint) an SRS played by a small UDP responder that answers OPTIONS 200 and can
 * be made silent, and an SRS address where nothing listens.
 */
class OptionsHealthTest {
    static final int PROBE = 35400;
    static final int SRS = 35402;
    static final int NOBODY = 35404;
    static final SrsTarget ANSWERING = new SrsTarget("sip:srs@127.0.0.1:" + SRS);
    static final SrsTarget SILENT = new SrsTarget("sip:srs@127.0.0.1:" + NOBODY);

    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).run();
        }
    }

    /** An SRS that answers OPTIONS with 200 OK (to the Via's sent-by, RFC 3261 18.2.2) while {@link #answering} is set. */
    static final class OptionsResponder implements Runnable {
        final DatagramSocket socket;
        final AtomicBoolean answering = new AtomicBoolean(true);
        final AtomicInteger received = new AtomicInteger();

        OptionsResponder(int port) throws SocketException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    String request = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                    if (!request.startsWith("OPTIONS ")) {
                        continue;
                    }
                    received.incrementAndGet();
                    if (!answering.get()) {
                        continue;
                    }
                    StringBuilder ok = new StringBuilder("SIP/2.0 200 OK\r\n");
                    InetSocketAddress sentBy = null;
                    for (String line : request.split("\r\n")) {
                        String name = line.contains(":") ? line.substring(0, line.indexOf(':')).trim().toLowerCase() : "";
                        switch (name) {
                            case "via" -> {
                                ok.append(line).append("\r\n");
                                String hostPort = line.substring(line.indexOf("UDP") + 3).trim().split(";")[0];
                                sentBy = new InetSocketAddress(hostPort.split(":")[0], Integer.parseInt(hostPort.split(":")[1]));
                            }
                            case "from", "call-id", "cseq" -> ok.append(line).append("\r\n");
                            case "to" -> ok.append(line).append(";tag=srs1\r\n");
                            default -> {
                            }
                        }
                    }
                    ok.append("Allow: INVITE, ACK, BYE, OPTIONS\r\nContent-Length: 0\r\n\r\n");
                    byte[] out = ok.toString().getBytes(StandardCharsets.UTF_8);
                    socket.send(new DatagramPacket(out, out.length, sentBy));
                } catch (Exception e) {
                    if (!socket.isClosed()) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }

    private ConfiguredSrsAdapter adapter(String mode) throws Exception {
        ExtraSipEndpoint endpoint = new ExtraSipEndpoint();
        endpoint.activate(Configs.of(SipEndpointConfig.class, Map.of("endpoint.name", ConfiguredSrsAdapter.PROBE_ENDPOINT,
                "udp.port", PROBE, "tcp.port", PROBE, "thread.pool.size", 2)));
        cleanup.add(endpoint::deactivate);
        ConfiguredSrsAdapter adapter = new ConfiguredSrsAdapter(Configs.of(ConfiguredSrsAdapter.Config.class, Map.of(
                "srs.uris", ANSWERING.uri() + "," + SILENT.uri(), "selection.mode", mode,
                "health.interval.ms", 200, "health.timeout.ms", 150, "health.down.threshold", 3, "health.up.threshold", 2)));
        cleanup.add(adapter::deactivate);
        adapter.probeEndpoint = endpoint; // as SCR binds the srsprobe endpoint
        SrsProbeResponses responses = new SrsProbeResponses(); // as SCR wires the probe endpoint's application
        responses.bindEndpoint(endpoint);
        responses.bindProbeListener(adapter);
        endpoint.attach(responses);
        return adapter;
    }

    private OptionsResponder srs() throws Exception {
        OptionsResponder srs = new OptionsResponder(SRS);
        cleanup.add(srs.socket::close);
        Thread t = new Thread(srs, "options-responder");
        t.setDaemon(true);
        t.start();
        return srs;
    }

    private static SrsStatus status(ConfiguredSrsAdapter adapter, SrsTarget target) {
        return adapter.members().stream().filter(s -> s.uri().equals(target.uri())).findFirst().orElseThrow();
    }

    @Test
    void anSrsThatStopsAnsweringIsDownSkippedAndUpAgainWhenItAnswers() throws Exception {
        OptionsResponder srs = srs();
        ConfiguredSrsAdapter adapter = adapter("round-robin");

        await().atMost(Duration.ofSeconds(5)).until(() -> "up".equals(status(adapter, ANSWERING).state())
                && "down".equals(status(adapter, SILENT).state()));
        assertTrue(status(adapter, ANSWERING).lastRttMillis() >= 0);
        assertTrue(status(adapter, SILENT).lastError().contains("no answer to OPTIONS"), status(adapter, SILENT).lastError());
        assertTrue(adapter.healthy());
        for (int i = 0; i < 10; i++) {
            assertEquals(List.of(ANSWERING), adapter.targets(null), "the down SRS is skipped for new calls, round-robin or not");
        }

        srs.answering.set(false);
        long silentFrom = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> "down".equals(status(adapter, ANSWERING).state()));
        // three probes missed, 200 ms apart, each after a 150 ms wait: not before ~550 ms
        assertTrue(System.nanoTime() - silentFrom >= Duration.ofMillis(400).toNanos(), "down only after the threshold of misses");
        assertFalse(adapter.healthy(), "healthy() agrees with the group: every SRS is down");
        assertEquals(List.of(), adapter.targets(null));

        int before = srs.received.get();
        await().atMost(Duration.ofSeconds(3)).until(() -> srs.received.get() >= before + 3);
        assertEquals("down", status(adapter, ANSWERING).state(), "a down SRS goes on being probed");

        java.time.Instant silent = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        srs.answering.set(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> "up".equals(status(adapter, ANSWERING).state()));
        // up again, the last error still shown (what went wrong last) but with its time, so it reads as past
        String lastError = status(adapter, ANSWERING).lastError();
        assertTrue(lastError.contains("no answer to OPTIONS"), lastError);
        java.time.Instant at = java.time.Instant.parse(lastError.substring(0, lastError.indexOf(' ')));
        assertFalse(at.isBefore(silent.minusSeconds(5)) || at.isAfter(java.time.Instant.now()),
                "the last error's time is when the probes were missed: " + lastError);
        assertTrue(adapter.healthy());
        assertEquals(List.of(ANSWERING), adapter.targets(null));
        assertEquals("down", status(adapter, SILENT).state());
    }
}
