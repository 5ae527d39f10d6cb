package org.siprec.sip.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The endpoint on real sockets: answers while no application is registered, moves its port live, refuses bad config. */
class SipEndpointComponentTest {

    static SipEndpointConfig config(Map<String, Object> values) {
        return (SipEndpointConfig) Proxy.newProxyInstance(SipEndpointConfig.class.getClassLoader(),
                new Class<?>[] {SipEndpointConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return SipEndpointConfig.class;
                    }
                    Object v = values.get(method.getName().replace('_', '.'));
                    return v != null ? v : method.getDefaultValue();
                });
    }

    /** Sends an OPTIONS over UDP; returns the status line or null when nothing answers. */
    static String options(int port) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(1000);
            String msg = "OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bK" + System.nanoTime() + "\r\n"
                    + "From: <sip:t@127.0.0.1>;tag=1\r\nTo: <sip:127.0.0.1>\r\nCall-ID: " + System.nanoTime() + "\r\n"
                    + "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
            byte[] data = msg.getBytes(UTF_8);
            socket.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), port));
            byte[] buf = new byte[4096];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            String text = new String(buf, 0, p.getLength(), UTF_8);
            return text.substring(0, text.indexOf('\r'));
        }
    }

    @Test
    void withoutApplicationRequestsGet503AndAPortChangeAppliesLive() throws Exception {
        Map<String, Object> values = new HashMap<>(Map.of("udp.port", 25260, "tcp.port", 25260));
        SipEndpointComponent endpoint = new SipEndpointComponent();
        endpoint.activate(config(values));
        try {
            assertEquals("SIP/2.0 503 Service unavailable", options(25260));
            values.put("udp.port", 25262);
            values.put("tcp.port", 25262);
            endpoint.modified(config(values));
            assertEquals(25262, endpoint.udpPort());
            assertEquals("SIP/2.0 503 Service unavailable", options(25262));
            assertEquals(null, options(25260), "the old port no longer answers");
        } finally {
            endpoint.deactivate();
        }
    }

    @Test
    void invalidValuesAreRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ListenSettings.from(config(Map.of("udp.port", 70000))));
        assertTrue(e.getMessage().contains("udp.port"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ListenSettings.from(config(Map.of("listen.address", "not an address!"))));
        assertTrue(e.getMessage().contains("listen.address"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ListenSettings.from(config(Map.of("udp.port", 0, "tcp.port", 0))));
        assertTrue(e.getMessage().contains("udp.port and tcp.port"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ListenSettings.from(config(Map.of("t1.ms", 1))));
        assertTrue(e.getMessage().contains("t1.ms"), e.getMessage());
    }

    @Test
    void anInvalidLiveChangeKeepsTheCurrentPort() throws Exception {
        SipEndpointComponent endpoint = new SipEndpointComponent();
        endpoint.activate(config(Map.of("udp.port", 25264, "tcp.port", 25264)));
        try {
            assertThrows(IllegalArgumentException.class, () -> endpoint.modified(config(Map.of("udp.port", -1))));
            assertEquals("SIP/2.0 503 Service unavailable", options(25264));
        } finally {
            endpoint.deactivate();
        }
    }

    @Test
    void aFactoryEndpointNeedsItsOwnName() {
        ExtraSipEndpoint extra = new ExtraSipEndpoint();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> extra.activate(config(Map.of("udp.port", 25266, "tcp.port", 25266))));
        assertTrue(e.getMessage().contains("endpoint.name"), e.getMessage());
    }
}
