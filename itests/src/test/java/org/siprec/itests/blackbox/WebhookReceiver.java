package org.siprec.itests.blackbox;

import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test receiver for the recording-events webhook ({@code siprec-events-webhook}): com.sun.net.httpserver on
 * 127.0.0.1, any path under {@code /events/}, answers 204 and keeps each POSTed JSON body in arrival order.
 * Shared by {@link EventsWebhookTest} and {@link OperatingProofTest}.
 */
final class WebhookReceiver implements AutoCloseable {
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/events", exchange -> {
                receiver.received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The url the webhook posts to, {@code http://127.0.0.1:<port>/events/<path>}. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/events/" + path;
    }

    /** The events received so far, in arrival order (a live view). */
    List<String> received() {
        return received;
    }

    void clear() {
        received.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A string property of an event, failing the test if it is absent. */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\"([^\"]*)\"").matcher(json);
        assertTrue(name + " in " + json, m.find());
        return m.group(1);
    }

    /** A string property of an event, or null when it has none. */
    static String optionalField(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /** A numeric property of an event, failing the test if it is absent. */
    static String number(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":(\\d+)").matcher(json);
        assertTrue(name + " in " + json, m.find());
        return m.group(1);
    }
}
