package org.siprec.events.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.siprec.api.event.EventForwarder;
import org.siprec.api.event.RecordingEvent;
import org.siprec.testsupport.Configs;

/**
 * The forwarder's delivery counts ({@link EventForwarder#counts()}, what {@code /metrics} shows as
 * {@code siprec_events_*{forwarder="webhook"}}): events handed over as the EventAdmin would, to a real HTTP receiver on
 * 127.0.0.1 that refuses the first POST; then the configuration changed to a closed port: the counts go on from where
 * they were, never down.
 */
class WebhookForwarderTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private HttpServer server;
    private final AtomicInteger posts = new AtomicInteger();
    private final WebhookForwarder forwarder = new WebhookForwarder();

    @BeforeEach
    void receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(posts.incrementAndGet() == 1 ? 500 : 204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        forwarder.deactivate();
        server.stop(0);
    }

    private static WebhookForwarder.Config config(String url) {
        return Configs.of(WebhookForwarder.Config.class,
                Map.of("urls", url, "retries", 2, "backoff.ms", 20, "timeout.ms", 2000, "queue.size", 10));
    }

    private static Event event(String topic, String callId) {
        return new Event(topic, Map.of(RecordingEvent.CALL_ID, callId, RecordingEvent.SEQUENCE, 1L));
    }

    @Test
    void deliveriesRetriesAndFailuresAreCountedAcrossReconfigurations() throws IOException {
        assertEquals("webhook", forwarder.name());
        forwarder.activate(config("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"));
        for (String topic : new String[] {RecordingEvent.REQUESTED, RecordingEvent.STARTED, RecordingEvent.STOPPED}) {
            forwarder.handleEvent(event(topic, "call-1"));
        }
        await().atMost(WAIT).until(() -> forwarder.counts().delivered() == 3);
        assertEquals(new EventForwarder.Counts(3, 1, 0, 0, 0), forwarder.counts(), "the first POST refused, retried once");

        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort(); // closed again: connection refused
        }
        forwarder.modified(config("http://127.0.0.1:" + closed + "/hook"));
        forwarder.handleEvent(event(RecordingEvent.REQUESTED, "call-2"));
        forwarder.handleEvent(event(RecordingEvent.FAILED, "call-2"));
        await().atMost(WAIT).until(() -> forwarder.counts().failed() == 2);
        assertEquals(new EventForwarder.Counts(3, 1 + 2 * 2, 0, 2, 0), forwarder.counts(),
                "the first sender's counts kept; two events given up after two retries each");
    }
}
