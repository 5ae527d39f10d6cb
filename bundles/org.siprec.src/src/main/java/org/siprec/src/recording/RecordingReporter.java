package org.siprec.src.recording;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.siprec.api.compliance.AuditSink;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.store.RecordingRecord;
import org.siprec.api.store.RecordingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands audit events and recording records to the installed {@link AuditSink} and {@link RecordingStore} plugins,
 * on one thread of its own, so that a slow or failing plugin never holds a call's signalling. Events of one call
 * reach the plugins in the order they happened. Recording events ({@link RecordingEvents}) are posted from the same
 * thread, when an EventAdmin is there.
 */
@Component(service = RecordingReporter.class)
public class RecordingReporter {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingReporter.class);

    private final List<AuditSink> sinks = new CopyOnWriteArrayList<>();
    private final List<RecordingStore> stores = new CopyOnWriteArrayList<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "siprec-reporter");
        t.setDaemon(true);
        return t;
    });

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindAuditSink(AuditSink sink) {
        sinks.add(sink);
    }

    public void unbindAuditSink(AuditSink sink) {
        sinks.remove(sink);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindRecordingStore(RecordingStore store) {
        stores.add(store);
    }

    public void unbindRecordingStore(RecordingStore store) {
        stores.remove(store);
    }

    /** Posts the recording events ({@link EventAdminPublisher}); {@code null} while it is not there. */
    private volatile RecordingEventPublisher publisher;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindRecordingEventPublisher(RecordingEventPublisher p) {
        publisher = p;
    }

    public void unbindRecordingEventPublisher(RecordingEventPublisher p) {
        if (publisher == p) {
            publisher = null;
        }
    }

    /** The recording events of one call, posted through this reporter. */
    RecordingEvents events(CommunicationSession call) {
        return new RecordingEvents(call, this);
    }

    /** Whether recording events are posted at all (an EventAdmin is there). */
    boolean postsEvents() {
        RecordingEventPublisher p = publisher;
        return p != null && p.active();
    }

    /**
     * Posts a recording event from the reporter's thread: after the audit events queued before it, and in the order
     * the events of a call happened (one poster thread, which the EventAdmin's asynchronous delivery keeps).
     */
    void post(String topic, Map<String, Object> properties, CommunicationSession call) {
        submit(() -> {
            RecordingEventPublisher p = publisher;
            if (p == null) {
                return;
            }
            try {
                p.publish(topic, properties, call);
            } catch (RuntimeException | LinkageError e) {
                LOG.error("Recording event {} of call {} not posted: {}", topic, call.callId(), e.toString());
            }
        });
    }

    @Deactivate
    public void deactivate() {
        worker.shutdown();
        try {
            worker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.shutdownNow();
    }

    public void audit(String callId, String event, String detail) {
        if (sinks.isEmpty()) {
            return; // nothing to hand over: no task per call on the signalling path
        }
        Instant now = Instant.now();
        submit(() -> {
            for (AuditSink sink : sinks) {
                try {
                    sink.event(now, callId, event, detail);
                } catch (RuntimeException e) {
                    LOG.error("Audit sink {} failed on {} for call {}: {}", sink.getClass().getName(), event, callId, e.toString());
                }
            }
        });
    }

    public void store(RecordingRecord record) {
        if (stores.isEmpty()) {
            return;
        }
        submit(() -> {
            for (RecordingStore store : stores) {
                try {
                    store.save(record);
                } catch (RuntimeException e) {
                    LOG.error("Recording store {} failed to save the record of call {}: {}", store.getClass().getName(),
                            record.callId(), e.toString());
                }
            }
        });
    }

    private void submit(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.warn("Audit/store event dropped: the SRC is stopping");
        }
    }
}
