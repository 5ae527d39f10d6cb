package org.siprec.api.ops;

import java.time.Duration;
import java.util.Objects;

/**
 * One live call, for operational views.
 *
 * @param callId   the A-leg Call-ID
 * @param caller   the caller's URI
 * @param callee   the callee's URI
 * @param state    the call state, e.g. {@code EARLY}, {@code CONFIRMED}
 * @param duration time since the INVITE arrived
 */
public record CallSummary(String callId, String caller, String callee, String state, Duration duration) {
    public CallSummary {
        Objects.requireNonNull(callId, "callId");
    }
}
