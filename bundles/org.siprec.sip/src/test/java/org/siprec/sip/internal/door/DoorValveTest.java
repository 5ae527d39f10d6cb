package org.siprec.sip.internal.door;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.siprec.sip.RequestAdmission;
import org.siprec.sip.SipApplication;
import org.siprec.sip.internal.SipEndpointConfig;
import org.siprec.sip.internal.SipEndpointComponent;

/**
 * The request door on real sockets (UDP and TCP on loopback): each rule's exact answer, or no answer for drops,
 * and a good request still answered afterwards. The endpoint's application answers OPTIONS 200 and INVITE 180
 * (keeping the INVITE transaction alive). 127.0.0.1 is trusted, 127.0.0.2 is not.
 */
class DoorValveTest {
    private static final int PORT = 25290;
    static final int PORT_FOR_TESTS = PORT;
    private static final AtomicLong SEQ = new AtomicLong();
    private static SipEndpointComponent endpoint;

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

    static Map<String, Object> settings() {
        Map<String, Object> values = new HashMap<>(Map.of("udp.port", PORT, "tcp.port", PORT, "max.header.count", 40));
        values.put("rate.untrusted.per.second", 1.0);
        values.put("rate.untrusted.burst", 10);
        values.put("max.message.size.udp", 4000);
        return values;
    }

    @BeforeAll
    static void start() throws Exception {
        endpoint = new SipEndpointComponent();
        endpoint.activate(config(settings()));
        endpoint.attach(new Answering(endpoint));
        endpoint.admission(new RequestAdmission() {
            @Override
            public boolean trusted(InetAddress address) {
                return address.getHostAddress().equals("127.0.0.1");
            }

            @Override
            public int admit(Request request, InetSocketAddress source) {
                return ACCEPT;
            }

            /** Only requests to {@code sip:lenient@}: the door's Contact repair is the application's choice. */
            @Override
            public boolean acceptsUnparseableContact(Request request) {
                return request.getRequestURI().toString().startsWith("sip:lenient@");
            }
        });
    }

    @AfterAll
    static void stop() {
        endpoint.deactivate();
    }

    /** OPTIONS: 200; INVITE: 180 and nothing more (its server transaction stays alive). */
    static final class Answering implements SipApplication {
        private final SipEndpointComponent endpoint;

        Answering(SipEndpointComponent endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public void processRequest(RequestEvent event) {
            Request request = event.getRequest();
            try {
                if (request.getMethod().equals(Request.ACK)) {
                    return;
                }
                ServerTransaction tx = event.getServerTransaction() != null ? event.getServerTransaction()
                        : endpoint.provider().getNewServerTransaction(request);
                int status = request.getMethod().equals(Request.INVITE) ? Response.RINGING : Response.OK;
                Response r = endpoint.messageFactory().createResponse(status, request);
                tx.sendResponse(r);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void processResponse(ResponseEvent e) {
        }

        @Override
        public void processTimeout(TimeoutEvent e) {
        }

        @Override
        public void processIOException(IOExceptionEvent e) {
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent e) {
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent e) {
        }
    }

    // --- messages

    static String request(String method, String transport, int localPort, String... replace) {
        long n = SEQ.incrementAndGet();
        String m = method + " sip:door@127.0.0.1:" + PORT + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " 127.0.0.1:" + localPort + ";branch=z9hG4bKdoor" + n + "x" + System.nanoTime() + "\r\n"
                + "From: <sip:t@127.0.0.1>;tag=f" + n + "\r\n"
                + "To: <sip:door@127.0.0.1>\r\n"
                + "Call-ID: door-" + n + "-" + System.nanoTime() + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
        for (int i = 0; i + 1 < replace.length; i += 2) {
            m = m.replaceFirst(replace[i], replace[i + 1]);
        }
        return m;
    }

    // --- transports

    interface Peer extends AutoCloseable {
        int port();

        void send(String message) throws Exception;

        /** The next message received, or null. */
        String receive(int timeoutMillis) throws Exception;

        @Override
        void close() throws Exception;
    }

    static Peer udp(String localAddress) throws Exception {
        DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName(localAddress));
        return new Peer() {
            public int port() {
                return socket.getLocalPort();
            }

            public void send(String message) throws Exception {
                byte[] data = message.getBytes(ISO_8859_1);
                socket.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), PORT));
            }

            public String receive(int timeoutMillis) throws Exception {
                socket.setSoTimeout(timeoutMillis);
                byte[] buf = new byte[65536];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    return null;
                }
                return new String(buf, 0, p.getLength(), ISO_8859_1);
            }

            public void close() {
                socket.close();
            }
        };
    }

    static Peer tcp() throws Exception {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT), 2000);
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        return new Peer() {
            public int port() {
                return socket.getLocalPort();
            }

            public void send(String message) throws Exception {
                out.write(message.getBytes(ISO_8859_1));
                out.flush();
            }

            public String receive(int timeoutMillis) throws Exception {
                socket.setSoTimeout(timeoutMillis);
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                try {
                    while (true) {
                        int c = in.read();
                        if (c < 0) {
                            return head.size() == 0 ? null : head.toString(ISO_8859_1);
                        }
                        head.write(c);
                        String s = head.toString(ISO_8859_1);
                        if (s.equals("\r\n")) {
                            return s; // a keep-alive pong (RFC 5626 3.5.1)
                        }
                        if (s.endsWith("\r\n\r\n")) {
                            int length = contentLength(s);
                            byte[] body = in.readNBytes(length);
                            return s + new String(body, ISO_8859_1);
                        }
                    }
                } catch (SocketTimeoutException e) {
                    return null;
                }
            }

            public void close() throws Exception {
                socket.close();
            }
        };
    }

    static Peer peer(String transport) throws Exception {
        return transport.equals("UDP") ? udp("127.0.0.1") : tcp();
    }

    static int contentLength(String message) {
        for (String line : message.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && (line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")
                    || line.substring(0, colon).trim().equalsIgnoreCase("l"))) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        return 0;
    }

    static String statusLine(String message) {
        return message == null ? null : message.substring(0, message.indexOf('\r'));
    }

    static String header(String message, String name) {
        for (String line : message.split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    /** Sends one message; returns the first answer (or null), after asserting a good OPTIONS still gets 200. */
    static String exchange(String transport, java.util.function.IntFunction<String> build) throws Exception {
        try (Peer peer = peer(transport)) {
            peer.send(build.apply(peer.port()));
            String answer = peer.receive(1500);
            peer.send(request("OPTIONS", transport, peer.port()));
            String good = peer.receive(2000);
            while (good != null && !good.contains("CSeq: 1 OPTIONS") && !good.startsWith("SIP/2.0 200")) {
                good = peer.receive(2000); // an answer to the first message arriving late
            }
            assertEquals("SIP/2.0 200 OK", statusLine(good), "a good OPTIONS is still answered after: " + answer);
            return answer;
        }
    }

    static void assertRejected(String answer, String statusLine) {
        assertNotNull(answer, "expected " + statusLine);
        assertEquals(statusLine, statusLine(answer));
        String to = header(answer, "To");
        assertTrue(to != null && to.contains(";tag="), "a To tag is added: " + answer);
    }

    // --- conformance

    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void aRequestWithoutCSeqGets400(String t) throws Exception {
        String a = exchange(t, port -> request("OPTIONS", t, port, "CSeq: 1 OPTIONS\r\n", ""));
        assertRejected(a, "SIP/2.0 400 Missing CSeq Header");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void aRequestWithoutFromGets400(String t) throws Exception {
        String a = exchange(t, port -> request("OPTIONS", t, port, "From: [^\r]*\r\n", ""));
        assertRejected(a, "SIP/2.0 400 Missing From Header");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void aDuplicatedSingleValueHeaderGets400(String t) throws Exception {
        String a = exchange(t, port -> request("OPTIONS", t, port, "To: ", "t: <sip:other@127.0.0.1>\r\nTo: "));
        assertRejected(a, "SIP/2.0 400 Duplicate To Header");
        a = exchange(t, port -> request("OPTIONS", t, port, "Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nMax-Forwards: 69\r\n"));
        assertRejected(a, "SIP/2.0 400 Duplicate Max-Forwards Header");
    }

    @Test
    void conflictingContentLengthsGet400() throws Exception {
        String a = exchange("UDP", port -> request("MESSAGE", "UDP", port, "Content-Length: 0\r\n\r\n",
                "Content-Type: text/plain\r\nContent-Length: 5\r\nl: 3\r\n\r\nhello"));
        assertRejected(a, "SIP/2.0 400 Duplicate Content-Length Header");
    }

    @Test
    void aContentLengthLargerThanTheDatagramGets400() throws Exception {
        String a = exchange("UDP", port -> request("MESSAGE", "UDP", port, "Content-Length: 0\r\n\r\n",
                "Content-Type: text/plain\r\nContent-Length: 50\r\n\r\nhello"));
        // the RI's parser refuses it; the door answers in its place, with the reason its raw check found
        assertRejected(a, "SIP/2.0 400 Content-Length Larger Than Body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void anotherSipVersionGets505(String t) throws Exception {
        String a = exchange(t, port -> request("OPTIONS", t, port, " SIP/2.0\r\n", " SIP/7.0\r\n"));
        assertRejected(a, "SIP/2.0 505 Version Not Supported");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void anUnsupportedRequireGets420ListingTheTags(String t) throws Exception {
        String a = exchange(t, port -> request("OPTIONS", t, port, "Max-Forwards", "Require: 100rel, nonsense\r\nMax-Forwards"));
        assertRejected(a, "SIP/2.0 420 Bad Extension");
        assertEquals("nonsense", header(a, "Unsupported"), a);
    }

    @Test
    void aSupportedRequireIsServed() throws Exception {
        String a = exchange("UDP", port -> request("OPTIONS", "UDP", port, "Max-Forwards", "Require: 100rel\r\nMax-Forwards"));
        assertEquals("SIP/2.0 200 OK", statusLine(a));
    }

    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void anUnknownUriSchemeGets416(String t) throws Exception {
        String a = exchange(t, port -> request("OPTIONS", t, port, "OPTIONS sip:door@127.0.0.1:\\d+ ", "OPTIONS foo:bar@example.com "));
        assertRejected(a, "SIP/2.0 416 Unsupported URI Scheme");
        // tel: stays routable (the B2BUA sends it to its outbound proxy)
        a = exchange(t, port -> request("OPTIONS", t, port, "OPTIONS sip:door@127.0.0.1:\\d+ ", "OPTIONS tel:+15551234 "));
        assertEquals("SIP/2.0 200 OK", statusLine(a));
    }

    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void aCSeqMethodOtherThanTheRequestMethodGets400(String t) throws Exception {
        String a = exchange(t, port -> request("OPTIONS", t, port, "CSeq: 1 OPTIONS", "CSeq: 1 INVITE"));
        assertRejected(a, "SIP/2.0 400 CSeq Method Does Not Match The Request Method");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void aBadAckIsNeverAnswered(String t) throws Exception {
        assertNull(exchange(t, port -> request("ACK", t, port, "CSeq: 1 ACK", "CSeq: 1 BYE")));
        assertNull(exchange(t, port -> request("ACK", t, port, " SIP/2.0\r\n", " SIP/7.0\r\n")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void aRequestWithoutViaIsDropped(String t) throws Exception {
        assertNull(exchange(t, port -> request("OPTIONS", t, port, "Via: [^\r]*\r\n", "")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void anRfc2543RequestWithoutBranchIsServed(String t) throws Exception {
        String a = exchange(t, port -> request("OPTIONS", t, port, ";branch=[^\r]*\r\n", "\r\n"));
        assertEquals("SIP/2.0 200 OK", statusLine(a));
        a = exchange(t, port -> request("INVITE", t, port, ";branch=[^\r]*\r\n", "\r\n", "Max-Forwards", "Contact: <sip:t@127.0.0.1>\r\nMax-Forwards"));
        assertEquals("SIP/2.0 180 Ringing", statusLine(a));
    }

    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void aViaWithAnUnknownProtocolIsAnsweredOrDroppedWithoutHarm(String t) throws Exception {
        String a = exchange(t, port -> request("OPTIONS", t, port, "SIP/2.0/" + t, "FOO/2.0/" + t));
        assertRejected(a, "SIP/2.0 400 Unsupported Via Protocol");
    }

    // --- limits

    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void tooManyHeadersGet400(String t) throws Exception {
        String a = exchange(t, port -> request("OPTIONS", t, port, "Max-Forwards", "X-Pad: 1\r\n".repeat(50) + "Max-Forwards"));
        assertRejected(a, "SIP/2.0 400 Too Many Headers");
    }

    @Test
    void anOversizedDatagramIsDroppedAndCounted() throws Exception {
        long before = endpoint.doorCounters().getOrDefault(DoorCounters.TOO_LARGE_DROPPED, 0L);
        assertNull(exchange("UDP", port -> request("MESSAGE", "UDP", port, "Content-Length: 0\r\n\r\n",
                "Content-Type: text/plain\r\nContent-Length: 5000\r\n\r\n" + "x".repeat(5000))));
        assertEquals(before + 1, endpoint.doorCounters().get(DoorCounters.TOO_LARGE_DROPPED));
    }

    @Test
    void aCrlfKeepAliveOverTcpIsAnsweredWithCrlf() throws Exception {
        try (Peer peer = tcp()) {
            peer.send("\r\n\r\n");
            String pong = peer.receive(1000);
            assertTrue(pong == null || pong.equals("\r\n"), "a pong or nothing: " + pong);
            peer.send(request("OPTIONS", "TCP", peer.port()));
            assertEquals("SIP/2.0 200 OK", statusLine(peer.receive(2000)));
        }
    }

    // --- RFC 3261 18.2.2: over a connection, the answer goes back on it whatever the Via names

    @Test
    void aRequestOverTcpWhoseViaNamesUdpIsAnsweredOnTheConnection() throws Exception {
        try (Peer peer = tcp()) {
            peer.send(request("OPTIONS", "UDP", peer.port(), "127.0.0.1:\\d+;branch", "funky.invalid;branch"));
            assertEquals("SIP/2.0 200 OK", statusLine(peer.receive(3000)), "a transaction's response");
            peer.send(request("OPTIONS", "UDP", peer.port(), " SIP/2.0\r\n", " SIP/7.0\r\n"));
            assertRejected(peer.receive(3000), "SIP/2.0 505 Version Not Supported"); // the door's stateless answer
            peer.send("\r\n\r\n");
            assertEquals("\r\n", peer.receive(3000), "the keep-alive pong (RFC 5626 4.4.1)");
        }
    }

    @Test
    void aFirstCrlfKeepAliveOnANewConnectionGetsItsPong() throws Exception {
        try (Peer peer = tcp()) {
            peer.send("\r\n\r\n");
            assertEquals("\r\n", peer.receive(3000));
        }
    }

    // --- requests the stack's parser cannot parse

    /** An unbalanced quote in To (RFC 4475 3.1.2.6): the RI's parser refuses the whole request. */
    static String unparseable(String transport, int port) {
        return request("OPTIONS", transport, port, "To: <sip:door@127.0.0.1>", "To: \"Mr. J. User <sip:door@127.0.0.1>");
    }

    @Test
    void anUnparseableDatagramFromATrustedSourceGets400WithAFixedReason() throws Exception {
        String a = exchange("UDP", port -> unparseable("UDP", port));
        assertRejected(a, "SIP/2.0 400 Bad Request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void aGarbledLineAmongTheHeadersIsKeptUnparsedAndTheConnectionServes(String t) throws Exception {
        // a line the parser cannot name (a control character, no colon): over TCP it killed the connection's reader
        // thread (a NullPointerException) and nothing more was answered on it; now both transports serve the request
        String a = exchange(t, port -> request("OPTIONS", t, port, " SIP/2.0\r\nVia: ", " SIP/2.0\r\n\u0007V\r\nVia: "));
        assertEquals("SIP/2.0 200 OK", statusLine(a), a);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void aRequestWithoutViaAndCSeqIsDroppedAndCountedNotAStackError(String t) throws Exception {
        // found by RsInviteFuzzTest: the stack failed on the missing CSeq (a NullPointerException, the raw bytes in
        // the log); nothing can be answered without a Via
        long before = endpoint.doorCounters().getOrDefault(DoorCounters.UNANSWERABLE_DROPPED, 0L);
        String a = exchange(t, port -> request("OPTIONS", t, port, "Via: [^\r]*\r\n", "", "CSeq: 1 OPTIONS\r\n", ""));
        assertNull(a, "nothing to answer to");
        assertTrue(endpoint.doorCounters().getOrDefault(DoorCounters.UNANSWERABLE_DROPPED, 0L) > before, "counted");
    }

    @Test
    void anUnparseableDatagramFromAnUntrustedSourceGetsNothing() throws Exception {
        try (Peer peer = udp("127.0.0.2")) {
            peer.send(unparseable("UDP", peer.port()).replace("UDP 127.0.0.1", "UDP 127.0.0.2"));
            assertNull(peer.receive(1500));
        }
    }

    @Test
    void anUnparseableRequestOverTcpWithoutBodyGets400AndTheConnectionStaysUsable() throws Exception {
        try (Peer peer = tcp()) {
            peer.send(unparseable("TCP", peer.port()));
            assertRejected(peer.receive(3000), "SIP/2.0 400 Bad Request");
            peer.send(request("OPTIONS", "TCP", peer.port()));
            assertEquals("SIP/2.0 200 OK", statusLine(peer.receive(3000)));
        }
    }

    @Test
    void anUnparseableRequestOverTcpWithABodyGets400AndTheConnectionIsClosed() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), PORT)) {
            String withBody = unparseable("TCP", socket.getLocalPort()).replace("Content-Length: 0\r\n\r\n",
                    "Content-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
            socket.getOutputStream().write(withBody.getBytes(ISO_8859_1));
            socket.setSoTimeout(3000);
            String all = new String(socket.getInputStream().readAllBytes(), ISO_8859_1); // until the platform closes
            assertRejected(all, "SIP/2.0 400 Bad Request");
        }
    }

    // --- RFC 2543 (RFC 4475 3.4.1)

    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void anRfc2543InviteWithoutContactIsServed(String t) throws Exception {
        String a = exchange(t, port -> request("INVITE", t, port, ";branch=[^\r]*\r\n", "\r\n", "Max-Forwards: 70\r\n", ""));
        assertEquals("SIP/2.0 180 Ringing", statusLine(a));
    }

    /**
     * An INVITE whose only Contact cannot be parsed (unclosed {@code <}), to an application that does not accept it:
     * the door gives it no Contact, so it is not served as it is (this test application's
     * {@code getNewServerTransaction} refuses an INVITE without Contact and it gets no answer; the SRS's dispatcher
     * answers such an INVITE 400).
     */
    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void anUnparseableContactIsNotRepairedWhereTheApplicationDoesNotAcceptIt(String t) throws Exception {
        String a = exchange(t, port -> request("INVITE", t, port, "Content-Length: 0",
                "Contact: <sip:t@127.0.0.1:" + port + "\r\nContent-Length: 0"));
        assertTrue(statusLine(a) == null || !statusLine(a).startsWith("SIP/2.0 180 "), a);
    }

    /** The same INVITE to an application that accepts it: served, with a Contact the door built from its source. */
    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void anUnparseableContactIsServedWhereTheApplicationAcceptsIt(String t) throws Exception {
        String a = exchange(t, port -> request("INVITE", t, port, "INVITE sip:door@", "INVITE sip:lenient@", "Content-Length: 0",
                "Contact: <sip:t@127.0.0.1:" + port + "\r\nContent-Length: 0"));
        assertEquals("SIP/2.0 180 Ringing", statusLine(a));
    }

    // --- the size of a message on a connection

    @Test
    void aTcpHeaderLineBeyondTheMaximumSizeClosesTheConnectionPromptly() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), PORT)) {
            byte[] head = request("OPTIONS", "TCP", socket.getLocalPort(), "Content-Length: 0\r\n\r\n", "X-Filler: ").getBytes(ISO_8859_1);
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(head);
                    byte[] filler = "a".repeat(64 * 1024).getBytes(ISO_8859_1);
                    for (int i = 0; i < 64; i++) { // 4 MB of one header line that never ends
                        out.write(filler);
                    }
                } catch (Exception e) {
                    // closed by the platform while writing: what is asserted
                }
            });
            writer.setDaemon(true);
            long start = System.nanoTime();
            writer.start();
            socket.setSoTimeout(8000);
            try {
                socket.getInputStream().readAllBytes();
            } catch (java.net.SocketException e) {
                // reset: closed too
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5000, "closed after " + millis + " ms");
        }
    }

    // --- RFC 3261 17.2.3

    @Test
    void aBranchReusedByAnotherSenderIsRefusedNotSwallowed() throws Exception {
        try (Peer first = udp("127.0.0.1"); Peer other = udp("127.0.0.1")) {
            String invite = request("INVITE", "UDP", first.port(), "Max-Forwards", "Contact: <sip:t@127.0.0.1>\r\nMax-Forwards");
            first.send(invite);
            assertEquals("SIP/2.0 180 Ringing", statusLine(first.receive(2000)));
            // the same branch with another sent-by (another port), and with another method
            other.send(invite.replace("127.0.0.1:" + first.port(), "127.0.0.1:" + other.port()));
            assertRejected(other.receive(2000), "SIP/2.0 400 Branch In Use By Another Transaction");
            first.send(invite.replace("INVITE", "OPTIONS"));
            String answer = first.receive(2000);
            assertEquals("SIP/2.0 400 Branch In Use By Another Transaction", statusLine(answer));
            // a real retransmission still is one: the 180 again
            first.send(invite);
            assertEquals("SIP/2.0 180 Ringing", statusLine(first.receive(2000)));
        }
    }

    // --- rate

    @Test
    void anUntrustedBurstIsCutToTheBucketWhileATrustedSourceIsServed() throws Exception {
        long before = endpoint.doorCounters().getOrDefault(DoorCounters.OVER_RATE_UNTRUSTED, 0L);
        try (Peer untrusted = udp("127.0.0.2"); Peer trusted = udp("127.0.0.1")) {
            for (int i = 0; i < 60; i++) {
                untrusted.send(request("OPTIONS", "UDP", untrusted.port()).replace("Via: SIP/2.0/UDP 127.0.0.1", "Via: SIP/2.0/UDP 127.0.0.2"));
            }
            List<String> answers = new ArrayList<>();
            for (String a; (a = untrusted.receive(1500)) != null;) {
                answers.add(statusLine(a));
            }
            assertTrue(answers.size() >= 10 && answers.size() <= 12, "burst 10 at 1/s: " + answers.size());
            assertTrue(answers.stream().allMatch("SIP/2.0 200 OK"::equals), answers.toString());
            long dropped = endpoint.doorCounters().get(DoorCounters.OVER_RATE_UNTRUSTED) - before;
            assertEquals(60 - answers.size(), dropped);
            trusted.send(request("OPTIONS", "UDP", trusted.port()));
            assertEquals("SIP/2.0 200 OK", statusLine(trusted.receive(2000)), "the trusted source is still served");
        }
    }
}
