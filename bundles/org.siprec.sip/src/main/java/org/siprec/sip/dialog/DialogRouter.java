package org.siprec.sip.dialog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Which {@link DialogHandler} owns a Call-ID. Handlers register each Call-ID they create or accept (a call its two
 * legs, a recording session its dialog with the SRS) and forget them when done. Thread-safe; lookups take no lock.
 */
public final class DialogRouter {
    /**
     * How long a finished dialog stays routable so that late retransmissions and the answer to a final BYE still
     * reach its owner (RFC 3261 timer J/H: 64 × T1 = 32 s).
     */
    public static final long LINGER_SECONDS = 32;

    private final Map<String, DialogHandler> owners = new ConcurrentHashMap<>();

    /** Routes {@code callId} to {@code owner}; returns {@code false} (and changes nothing) if another owner has it. */
    public boolean register(String callId, DialogHandler owner) {
        DialogHandler before = owners.putIfAbsent(callId, owner);
        return before == null || before == owner;
    }

    /** The owner of {@code callId}, or {@code null}. */
    public DialogHandler owner(String callId) {
        return callId == null ? null : owners.get(callId);
    }

    /** Stops routing {@code callId}, if {@code owner} still has it. */
    public void unregister(String callId, DialogHandler owner) {
        if (callId != null) {
            owners.remove(callId, owner);
        }
    }

    /** Stops routing {@code callId} after {@link #LINGER_SECONDS}. */
    public void unregisterLater(String callId, DialogHandler owner, ScheduledExecutorService timers) {
        if (callId == null) {
            return;
        }
        try {
            timers.schedule(() -> unregister(callId, owner), LINGER_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            unregister(callId, owner); // shutting down
        }
    }

    /** Number of routed Call-IDs. */
    public int size() {
        return owners.size();
    }
}
