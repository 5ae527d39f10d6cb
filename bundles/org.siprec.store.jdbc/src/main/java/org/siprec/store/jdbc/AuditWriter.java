package org.siprec.store.jdbc;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the SRC's audit events in batches, on a thread of its own ({@code siprec-store-audit}): several events per
 * recorded call at hundreds of calls per second would otherwise be as many single-row transactions on the SRC's one
 * reporter thread. {@link #add} only queues (bounded: beyond {@value #CAPACITY} pending events new ones are dropped,
 * counted and logged, rather than memory growing without end while the database is slow); the thread writes what is
 * queued, up to {@value #BATCH} events per transaction, in arrival order. Events still queued when the process dies
 * are lost, as are those queued in the SRC's reporter.
 */
final class AuditWriter {
    static final int CAPACITY = 100_000;
    static final int BATCH = 1000;
    static final String THREAD = "siprec-store-audit";
    private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);

    /** One audit event of the SRC, or a marker a {@link #flush} waits for. */
    record Event(Instant time, String callId, String event, String detail, CountDownLatch flushed) {
    }

    private final CatalogDb db;
    private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private long lastDropLog;

    AuditWriter(CatalogDb db) {
        this.db = db;
        this.thread = new Thread(this::run, THREAD);
        thread.setDaemon(true);
        thread.start();
    }

    void add(Instant time, String callId, String event, String detail) {
        if (!queue.offer(new Event(time, callId, event, detail, null))) {
            long n = dropped.incrementAndGet();
            long now = System.nanoTime();
            synchronized (this) {
                if (now - lastDropLog > TimeUnit.SECONDS.toNanos(10) || lastDropLog == 0) {
                    lastDropLog = now;
                    LOG.warn("Audit events dropped: {} pending events not yet written (database too slow?); {} dropped"
                            + " so far", CAPACITY, n);
                }
            }
        }
    }

    long dropped() {
        return dropped.get();
    }

    /** Waits until every event added before is written (or failed), at most {@code seconds}. */
    boolean flush(int seconds) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        if (!queue.offer(new Event(null, null, null, null, done), seconds, TimeUnit.SECONDS)) {
            return false;
        }
        return done.await(seconds, TimeUnit.SECONDS);
    }

    /** Writes what is queued (at most 2 s), then stops the thread. */
    void close() {
        try {
            flush(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
        thread.interrupt();
    }

    private void run() {
        List<Event> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, BATCH - 1);
            write(batch);
            batch.clear();
        }
    }

    private void write(List<Event> batch) {
        List<Event> events = new ArrayList<>(batch.size());
        for (Event e : batch) {
            if (e.flushed() == null) {
                events.add(e);
            }
        }
        if (!events.isEmpty()) {
            try {
                db.auditBatch(events, JdbcRecordingStore.ACTOR_SRC);
            } catch (SQLException | RuntimeException e) {
                LOG.error("{} audit event(s) not kept (first: {} of call {}): {}", events.size(), events.get(0).event(),
                        events.get(0).callId(), e.toString());
            }
        }
        for (Event e : batch) {
            if (e.flushed() != null) {
                e.flushed().countDown();
            }
        }
    }
}
