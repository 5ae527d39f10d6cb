package org.siprec.api.event;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A plugin that forwards the recording events to another system (the webhook, a message broker …) registers this
 * service beside its {@code EventHandler}, so that the platform's metrics can show how its deliveries go
 * ({@code siprec_events_*{forwarder}} on {@code /metrics}) without the plugin knowing about the metrics. Read at each
 * scrape, from any thread: {@link #counts()} must be cheap and must not block.
 *
 * @since 1.1
 */
@ConsumerType
public interface EventForwarder {
    /** A short, stable name for the metrics' {@code forwarder} label, e.g. {@code webhook}. */
    String name();

    /** The counts since the plugin started; they only grow (a reconfiguration keeps them), except {@code queued}. */
    Counts counts();

    /**
     * @param delivered events delivered (to each receiver: an event sent to two receivers counts two)
     * @param retried further attempts after a failed one
     * @param dropped events never attempted: the queue was full, or they were still queued when the plugin was
     *     reconfigured or stopped
     * @param failed events given up after the last retry
     * @param queued events waiting to be sent now
     */
    record Counts(long delivered, long retried, long dropped, long failed, long queued) {
    }
}
