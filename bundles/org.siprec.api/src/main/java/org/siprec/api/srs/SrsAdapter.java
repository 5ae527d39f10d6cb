package org.siprec.api.srs;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.siprec.api.model.CommunicationSession;

/**
 * Chooses where a call is recorded.
 * <p>
 * When a call to be recorded is answered, the core asks every registered adapter that reports itself
 * {@link #healthy()}, highest {@code service.ranking} first, for its targets, and tries them in that order until one
 * SRS accepts; an unhealthy adapter is skipped for that call. Each attempt's result is reported back through
 * {@link #report(SrsTarget, SrsOutcome)}. Calls come from the call's signalling thread: implementations must answer
 * from memory, without blocking (no network I/O in these methods). An adapter that throws is logged and skipped.
 */
@ConsumerType
public interface SrsAdapter {
    /** The SRS targets for this call, in the order they are to be tried; empty when none is available. */
    List<SrsTarget> targets(CommunicationSession session);

    /** Whether the adapter currently has at least one usable SRS; an unhealthy adapter is not asked for targets. */
    boolean healthy();

    /**
     * The result of offering a recording session to one of this adapter's targets. Called on the call's signalling
     * thread; must not block. The default ignores it.
     */
    default void report(SrsTarget target, SrsOutcome outcome) {
    }
}
