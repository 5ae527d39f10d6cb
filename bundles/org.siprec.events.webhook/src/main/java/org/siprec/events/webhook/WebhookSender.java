package org.siprec.events.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends JSON documents by HTTP POST to one or more URLs from a thread of its own, through a bounded queue:
 * {@link #offer} never blocks (a full queue drops the document and counts it), so a slow or dead receiver never
 * delays whoever offers. Documents are sent one at a time in the order offered, each to every URL, retried with
 * exponential backoff; so the events of one recording arrive in order (a document that still fails after its retries
 * is counted and skipped). Drops and failures are logged at most once per {@link #LOG_INTERVAL}.
 */
final class WebhookSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    /** What to send where; the limits of the queue and the retries. */
    record Settings(List<URI> urls, Duration timeout, int retries, Duration backoff, int queueSize) {
        Settings {
            urls = List.copyOf(urls);
            if (queueSize < 1 || retries < 0 || timeout.isNegative() || timeout.isZero() || backoff.isNegative()) {
                throw new IllegalArgumentException("queue.size must be >= 1, retries >= 0, timeout.ms > 0, backoff.ms >= 0");
            }
        }
    }

    /** Totals since the sender started. */
    record Counters(long sent, long dropped, long failed, long retried, int queued) {
    }

    private final Settings settings;
    private final BlockingQueue<String> queue;
    private final HttpClient client;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    /** Drops and failures since the last log line, and when that was (sender thread and offering threads). */
    private final AtomicLong droppedSinceLog = new AtomicLong();
    private final AtomicLong failedSinceLog = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong();
    private volatile String lastFailure = "";
    private volatile boolean closed;

    WebhookSender(Settings settings) {
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueSize());
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        this.thread = new Thread(this::run, "siprec-events-webhook");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a document; {@code false} (and counted) when the queue is full. Never blocks. */
    boolean offer(String json) {
        if (closed) {
            return false;
        }
        if (queue.offer(json)) {
            return true;
        }
        dropped.incrementAndGet();
        droppedSinceLog.incrementAndGet();
        maybeLog();
        return false;
    }

    Counters counters() {
        return new Counters(sent.get(), dropped.get(), failed.get(), retried.get(), queue.size());
    }

    /** Stops the thread; what is still queued is not sent (counted as dropped). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(settings.timeout().toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropped.addAndGet(queue.size());
        queue.clear();
    }

    private void run() {
        try {
            while (!closed) {
                String json = queue.take();
                for (URI url : settings.urls()) {
                    deliver(url, json);
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private void deliver(URI url, String json) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(settings.timeout())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        long backoff = settings.backoff().toMillis();
        for (int attempt = 0; ; attempt++) {
            String why;
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    sent.incrementAndGet();
                    return;
                }
                why = "HTTP " + response.statusCode();
            } catch (IOException e) {
                why = e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
            }
            if (closed) {
                throw new InterruptedException("closed");
            }
            if (attempt >= settings.retries()) {
                failed.incrementAndGet();
                failedSinceLog.incrementAndGet();
                lastFailure = url + ": " + why;
                maybeLog();
                return;
            }
            retried.incrementAndGet();
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, 30_000);
        }
    }

    /** At most one WARN per {@link #LOG_INTERVAL}, with what was dropped and failed since the last one. */
    private void maybeLog() {
        long now = System.nanoTime();
        long last = lastLog.get();
        if (last != 0 && now - last < LOG_INTERVAL.toNanos()) {
            return;
        }
        if (!lastLog.compareAndSet(last, now)) {
            return;
        }
        long d = droppedSinceLog.getAndSet(0);
        long f = failedSinceLog.getAndSet(0);
        Counters c = counters();
        LOG.warn("Recording events webhook: since the last report {} dropped (queue of {} full), {} failed after {}"
                + " retries{}; totals: sent={} dropped={} failed={} retried={}", d, settings.queueSize(), f,
                settings.retries(), f > 0 ? " (last: " + lastFailure + ")" : "", c.sent(), c.dropped(), c.failed(), c.retried());
    }
}
