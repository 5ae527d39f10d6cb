package org.siprec.media.rtpengine.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of rtpengine's NG control protocol over UDP: each request is {@code <cookie> <bencoded dictionary>}, the
 * reply carries the same cookie. One socket and one reader thread serve every caller; a caller waits for its own
 * cookie. A request not answered within the timeout is sent again with the same cookie (rtpengine caches replies by
 * cookie, so a retransmitted offer is not executed twice), then fails with {@link NgException}.
 */
final class NgClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NgClient.class);

    private final InetSocketAddress engine;
    private final long timeoutMs;
    private final int attempts;
    private final DatagramSocket socket;
    private final Thread reader;
    /** Unique per client instance, so replies meant for an earlier instance (after a restart) are never taken. */
    private final String cookiePrefix;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param engine    rtpengine's {@code --listen-ng} address
     * @param timeoutMs how long to wait for each attempt's reply
     * @param attempts  how many times a request is sent before it fails (at least 1)
     */
    NgClient(InetSocketAddress engine, long timeoutMs, int attempts) throws SocketException {
        this.engine = engine;
        this.timeoutMs = timeoutMs;
        this.attempts = Math.max(1, attempts);
        this.socket = new DatagramSocket(new InetSocketAddress(engine.getAddress().isLoopbackAddress()
                ? engine.getAddress() : null, 0));
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        this.cookiePrefix = String.format("%02x%02x%02x%02x", random[0], random[1], random[2], random[3]);
        this.reader = new Thread(this::readReplies, "siprec-rtpengine-ng");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    InetSocketAddress engine() {
        return engine;
    }

    /**
     * Sends one command and returns rtpengine's reply dictionary when its {@code result} is not {@code error}.
     *
     * @throws NgException on {@code result=error} (with rtpengine's {@code error-reason}), no reply, or a broken reply
     */
    Map<String, Object> request(Map<String, Object> command) throws NgException {
        if (closed) {
            throw new NgException("NG client to rtpengine " + engine + " is closed");
        }
        String cookie = cookiePrefix + "_" + sequence.incrementAndGet();
        byte[] body = Bencode.encode(command);
        byte[] prefix = (cookie + " ").getBytes(US_ASCII);
        byte[] datagram = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, datagram, 0, prefix.length);
        System.arraycopy(body, 0, datagram, prefix.length, body.length);
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        pending.put(cookie, reply);
        String name = String.valueOf(command.get("command"));
        try {
            for (int attempt = 1; attempt <= attempts; attempt++) {
                try {
                    socket.send(new DatagramPacket(datagram, datagram.length, engine));
                } catch (IOException e) {
                    throw new NgException("cannot send '" + name + "' to rtpengine " + engine + ": " + e.getMessage(), e);
                }
                try {
                    Map<String, Object> answer = reply.get(timeoutMs, TimeUnit.MILLISECONDS);
                    return checked(name, answer);
                } catch (TimeoutException e) {
                    LOG.debug("rtpengine {}: no reply to '{}' (cookie {}) within {} ms, attempt {}/{}", engine, name,
                            cookie, timeoutMs, attempt, attempts);
                } catch (ExecutionException e) {
                    throw new NgException("broken reply to '" + name + "' from rtpengine " + engine + ": "
                            + e.getCause().getMessage(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new NgException("interrupted while waiting for rtpengine " + engine + " to answer '" + name + "'");
                }
            }
            throw new NgException("rtpengine " + engine + " did not answer '" + name + "' (" + attempts + " attempts, "
                    + timeoutMs + " ms each); is it running with --listen-ng=" + engine.getHostString() + ":"
                    + engine.getPort() + "?");
        } finally {
            pending.remove(cookie);
        }
    }

    private Map<String, Object> checked(String name, Map<String, Object> answer) throws NgException {
        Object result = answer.get("result");
        if ("error".equals(result)) {
            throw new NgException("rtpengine " + engine + " refused '" + name + "': " + answer.getOrDefault("error-reason",
                    "(no reason given)"));
        }
        if (result == null) {
            throw new NgException("rtpengine " + engine + " answered '" + name + "' without a result: " + answer);
        }
        Object warning = answer.get("warning");
        if (warning != null) {
            LOG.debug("rtpengine {}: '{}' answered with warning: {}", engine, name, warning);
        }
        return answer;
    }

    /** The reader thread: matches each reply to its waiting request by cookie; anything else is logged and dropped. */
    private void readReplies() {
        byte[] buffer = new byte[65535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!closed) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
                int space = -1;
                for (int i = 0; i < packet.getLength(); i++) {
                    if (buffer[i] == ' ') {
                        space = i;
                        break;
                    }
                }
                if (space <= 0) {
                    LOG.warn("rtpengine {}: reply without a cookie from {} dropped", engine, packet.getSocketAddress());
                    continue;
                }
                String cookie = new String(buffer, 0, space, US_ASCII);
                CompletableFuture<Map<String, Object>> waiting = pending.get(cookie);
                if (waiting == null) {
                    LOG.debug("rtpengine {}: reply for cookie {} that nobody waits for (late or duplicate) dropped", engine,
                            cookie);
                    continue;
                }
                try {
                    Object value = Bencode.decode(buffer, space + 1, packet.getLength() - space - 1);
                    if (value instanceof Map<?, ?> map) {
                        Map<String, Object> reply = new LinkedHashMap<>();
                        map.forEach((k, v) -> reply.put((String) k, v));
                        waiting.complete(reply);
                    } else {
                        waiting.completeExceptionally(new Bencode.BencodeException("reply is not a dictionary"));
                    }
                } catch (Bencode.BencodeException e) {
                    waiting.completeExceptionally(e);
                }
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("rtpengine {}: NG socket error: {}", engine, e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pending.values().forEach(f -> f.completeExceptionally(new IOException("NG client closed")));
    }
}
