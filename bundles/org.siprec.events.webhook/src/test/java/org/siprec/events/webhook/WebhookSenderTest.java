package org.siprec.events.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sender against a real HTTP receiver on 127.0.0.1 (com.sun.net.httpserver): order, retries, drops, no blocking. */
class WebhookSenderTest {
    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    /** Answers to give, in order, before answering 204 to everything. */
    private final List<Integer> failFirst = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private WebhookSender sender;

    @BeforeEach
    void receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            requests.incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int status = failFirst.isEmpty() ? 204 : failFirst.remove(0);
            if (status == 204) {
                received.add(exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    @AfterEach
    void stop() {
        if (sender != null) {
            sender.close();
        }
        server.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    private WebhookSender sender(URI url, int retries, int queue) {
        return sender(url, retries, queue, Duration.ofMillis(500), Duration.ofMillis(20));
    }

    private WebhookSender sender(URI url, int retries, int queue, Duration timeout, Duration backoff) {
        sender = new WebhookSender(new WebhookSender.Settings(List.of(url), timeout, retries, backoff, queue));
        return sender;
    }

    @Test
    void eventsArriveAsJsonInTheOrderOffered() {
        WebhookSender s = sender(url(), 3, 100);
        List<String> sent = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            String json = EventJson.of("org/siprec/recording/" + (i % 2 == 0 ? "STOPPED" : "STARTED"),
                    Map.of("call.id", "c" + i, "sequence", (long) i));
            sent.add("application/json " + json);
            assertTrue(s.offer(json));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 20);
        assertEquals(sent, received);
        assertEquals("{\"call.id\":\"c1\",\"event\":\"STARTED\",\"sequence\":1,\"topic\":\"org/siprec/recording/STARTED\"}",
                received.get(0).substring("application/json ".length()));
        assertEquals(20, s.counters().sent());
        assertEquals(0, s.counters().failed());
    }

    @Test
    void aFailedPostIsRetriedWithBackoffAndTheOrderKept() {
        failFirst.addAll(List.of(500, 503));
        WebhookSender s = sender(url(), 3, 100);
        s.offer("{\"n\":1}");
        s.offer("{\"n\":2}");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        assertEquals(List.of("application/json {\"n\":1}", "application/json {\"n\":2}"), received,
                "the first event is retried until accepted before the second is sent");
        assertEquals(2, s.counters().retried());
        assertEquals(2, s.counters().sent());
        assertEquals(4, requests.get());
    }

    @Test
    void anEventStillRefusedAfterItsRetriesIsCountedAndTheNextOneSent() {
        failFirst.addAll(List.of(500, 500, 500));
        WebhookSender s = sender(url(), 2, 100);
        s.offer("{\"n\":1}");
        s.offer("{\"n\":2}");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        assertEquals(List.of("application/json {\"n\":2}"), received);
        assertEquals(1, s.counters().failed());
        assertEquals(2, s.counters().retried());
    }

    @Test
    void aSlowReceiverNeverBlocksTheOfferAndAFullQueueDropsAndCounts() {
        hold = new CountDownLatch(1); // the receiver answers nothing until released
        WebhookSender s = sender(url(), 0, 10, Duration.ofSeconds(30), Duration.ofMillis(20));
        long start = System.nanoTime();
        int accepted = 0;
        for (int i = 0; i < 1000; i++) {
            if (s.offer("{\"n\":" + i + "}")) {
                accepted++;
            }
        }
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        // an offer that waited for the receiver would take the 30 s request timeout: the bound is a third of that, so
        // that only waiting fails it, never a loaded machine's scheduling
        assertTrue(tookMs < 10_000, "1000 offers against a receiver that does not answer took " + tookMs + " ms");
        // one taken by the sender thread (waiting for the receiver) and ten queued, at most
        assertTrue(accepted <= 11, "accepted " + accepted);
        assertEquals(1000 - accepted, s.counters().dropped());
        hold.countDown();
        int delivered = accepted;
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == delivered);
    }

    @Test
    void aDeadReceiverNeverBlocksTheOffer() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // closed again: connection refused
        }
        // a 30 s back-off before the retry: an offer that sent (and retried) itself would take it
        WebhookSender s = sender(URI.create("http://127.0.0.1:" + port + "/hook"), 1, 5, Duration.ofSeconds(2),
                Duration.ofSeconds(30));
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            s.offer("{\"n\":" + i + "}");
        }
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs < 10_000, "100 offers to a closed port took " + tookMs + " ms");
        // the sender thread sits in the first event's back-off: the queue keeps 5, the others were dropped at once
        assertTrue(s.counters().dropped() >= 94 && s.counters().queued() == 5, s.counters().toString());
        assertEquals(0, s.counters().sent());
    }

    @Test
    void aDeadReceiversFailuresAreCounted() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // closed again: connection refused
        }
        WebhookSender s = sender(URI.create("http://127.0.0.1:" + port + "/hook"), 0, 10);
        for (int i = 0; i < 5; i++) {
            s.offer("{\"n\":" + i + "}");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> s.counters().failed() == 5);
        assertEquals(0, s.counters().sent());
        assertEquals(0, s.counters().dropped());
        assertEquals(0, s.counters().sent());
    }

    @Test
    void badSettingsAreRefused() {
        assertFalse(WebhookForwarderTestSupport.startsWith(Map.of("urls", "ftp://x")));
        assertFalse(WebhookForwarderTestSupport.startsWith(Map.of()));
        assertFalse(WebhookForwarderTestSupport.startsWith(Map.of("urls", "http://127.0.0.1:1/x", "queue.size", 0)));
        assertTrue(WebhookForwarderTestSupport.startsWith(Map.of("urls", "http://127.0.0.1:1/x, http://127.0.0.1:2/y")));
    }
}
