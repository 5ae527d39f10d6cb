package org.siprec.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.SipURI;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Request;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siprec.sip.SipApplication;

/**
 * Two endpoints, each with its own JAIN-SIP stack and key stores, talk SIP over TLS on real sockets: a request
 * reaches a server whose certificate the client trusts; a server with a certificate from an unknown CA, or one
 * naming another address, is refused by the client (the request fails, nothing reaches the server); a bad TLS
 * configuration leaves the endpoint on UDP and TCP with no TLS port.
 */
class TlsListeningPointTest {
    @TempDir
    static Path dir;
    static TestCertificates trusted;
    static TestCertificates rogue;
    static TestCertificates otherName;

    @BeforeAll
    static void certificates() throws Exception {
        trusted = TestCertificates.create(dir, "trusted", "trusted", "ip:127.0.0.1");
        rogue = TestCertificates.selfSigned(dir, "rogue", "ip:127.0.0.1");
        otherName = TestCertificates.create(dir, "trusted", "other", "ip:127.0.0.2");
    }

    static Map<String, Object> tls(int port, TestCertificates keys, Path trustStore) {
        Map<String, Object> v = new HashMap<>();
        v.put("udp.port", port);
        v.put("tcp.port", port);
        v.put("tls.port", port + 1);
        v.put("tls.keystore", keys.keyStore.toString());
        v.put("tls.keystore.password", TestCertificates.PASSWORD);
        v.put("tls.truststore", trustStore.toString());
        v.put("tls.truststore.password", TestCertificates.PASSWORD);
        return v;
    }

    @Test
    void requestOverTlsReachesATrustedServer() throws Exception {
        assertEquals(503, sendOptions(trusted, trusted));
    }

    @Test
    void serverWithCertificateOfUnknownCaIsRefused() throws Exception {
        assertNull(sendOptions(rogue, trusted), "no answer over TLS from a server the trust store does not vouch for");
    }

    @Test
    void serverWhoseCertificateNamesAnotherAddressIsRefused() throws Exception {
        assertNull(sendOptions(otherName, trusted), "no answer from a server whose certificate is for 127.0.0.2");
    }

    @Test
    void clientAuthNeedAdmitsOnlyClientsWithATrustedCertificate() throws Exception {
        SipEndpointComponent server = new SipEndpointComponent();
        Map<String, Object> values = tls(25280, trusted, trusted.trustStore);
        values.put("tls.client.auth", "need");
        server.activate(SipEndpointComponentTest.config(values));
        try {
            assertEquals(503, sendOptions(server, trusted, trusted), "a client with a certificate of the trusted CA");
            assertNull(sendOptions(server, rogue, trusted), "a client with a self-signed certificate is refused");
        } finally {
            server.deactivate();
        }
    }

    @Test
    void tlsIsAddedAndRemovedLive() throws Exception {
        SipEndpointComponent server = new SipEndpointComponent();
        Map<String, Object> values = new HashMap<>(Map.of("udp.port", 25280, "tcp.port", 25280));
        server.activate(SipEndpointComponentTest.config(values));
        try {
            assertEquals(0, server.tlsPort());
            server.modified(SipEndpointComponentTest.config(tls(25280, trusted, trusted.trustStore)));
            assertEquals(25281, server.tlsPort());
            assertEquals(503, sendOptions(server, trusted));
            assertEquals("SIP/2.0 503 Service unavailable", SipEndpointComponentTest.options(25280), "UDP untouched");
            server.modified(SipEndpointComponentTest.config(values));
            assertEquals(0, server.tlsPort());
            assertNull(sendOptions(server, trusted), "TLS port closed");
        } finally {
            server.deactivate();
        }
    }

    @Test
    void badTlsConfigurationKeepsUdpAndTcp() throws Exception {
        for (Map.Entry<String, Object> bad : List.of(Map.entry("tls.keystore", (Object) dir.resolve("missing.p12").toString()),
                Map.entry("tls.keystore.password", (Object) "wrong"), Map.entry("tls.keystore", (Object) trusted.trustStore.toString()),
                Map.entry("tls.client.auth", (Object) "sometimes"))) {
            Map<String, Object> values = tls(25270, trusted, trusted.trustStore);
            values.put(bad.getKey(), bad.getValue());
            SipEndpointComponent endpoint = new SipEndpointComponent();
            endpoint.activate(SipEndpointComponentTest.config(values));
            try {
                assertEquals(0, endpoint.tlsPort(), bad.toString());
                assertEquals("SIP/2.0 503 Service unavailable", SipEndpointComponentTest.options(25270), bad.toString());
            } finally {
                endpoint.deactivate();
            }
        }
    }

    /**
     * Starts a server endpoint with {@code serverKeys} and a client endpoint trusting {@code clientTrust}'s CA, sends
     * an OPTIONS from client to server over TLS; returns the status code or null when the request failed (I/O error,
     * time-out or refused on sending) within 20 s.
     */
    private static Integer sendOptions(TestCertificates serverKeys, TestCertificates clientTrust) throws Exception {
        SipEndpointComponent server = new SipEndpointComponent();
        server.activate(SipEndpointComponentTest.config(tls(25280, serverKeys, serverKeys.trustStore)));
        try {
            assertEquals(25281, server.tlsPort());
            return sendOptions(server, clientTrust);
        } finally {
            server.deactivate();
        }
    }

    /** An OPTIONS over TLS to {@code server}'s port 25281 from a client endpoint trusting {@code clientTrust}'s CA. */
    private static Integer sendOptions(SipEndpointComponent server, TestCertificates clientTrust) throws Exception {
        return sendOptions(server, trusted, clientTrust);
    }

    /**
     * An OPTIONS over TLS to {@code server}'s port 25281 from a client endpoint with {@code clientKeys}' certificate,
     * trusting {@code clientTrust}'s CA. The transaction's T1 is 100 ms: a request whose connection the server drops
     * after the handshake (TLS 1.3 checks the client's certificate after the client sent) times out in 6.4 s.
     */
    private static Integer sendOptions(SipEndpointComponent server, TestCertificates clientKeys, TestCertificates clientTrust)
            throws Exception {
        SipEndpointComponent client = new SipEndpointComponent();
        Map<String, Object> values = tls(25290, clientKeys, clientTrust.trustStore);
        client.activate(SipEndpointComponentTest.config(values));
        try {
            assertEquals(25291, client.tlsPort());
            CompletableFuture<Integer> outcome = new CompletableFuture<>();
            client.attach(new Outcome(outcome));
            SipURI target = (SipURI) client.addressFactory().createURI("sip:srs@127.0.0.1:25281;transport=tls");
            HeaderFactory h = client.headerFactory();
            SipURI from = client.addressFactory().createSipURI("src", "127.0.0.1");
            Request options = client.messageFactory().createRequest(target, Request.OPTIONS, client.provider().getNewCallId(),
                    h.createCSeqHeader(1L, Request.OPTIONS), h.createFromHeader(client.addressFactory().createAddress(from), "t1"),
                    h.createToHeader(client.addressFactory().createAddress(target), null),
                    List.of(h.createViaHeader("127.0.0.1", 25291, "tls", null)), h.createMaxForwardsHeader(70));
            ClientTransaction ct = client.provider().getNewClientTransaction(options);
            ct.setRetransmitTimer(100);
            try {
                ct.sendRequest();
            } catch (Exception e) {
                outcome.complete(null);
            }
            try {
                return outcome.get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("neither an answer nor a failure within 20 s");
            }
        } finally {
            client.deactivate();
        }
    }

    /** Completes with the final status, or null on an I/O error or time-out. */
    private record Outcome(CompletableFuture<Integer> result) implements SipApplication {
        @Override
        public void processResponse(ResponseEvent event) {
            if (event.getResponse().getStatusCode() >= 200) {
                result.complete(event.getResponse().getStatusCode());
            }
        }

        @Override
        public void processIOException(IOExceptionEvent event) {
            result.complete(null);
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
            result.complete(null);
        }

        @Override
        public void processRequest(RequestEvent event) {
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent event) {
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent event) {
        }
    }
}
