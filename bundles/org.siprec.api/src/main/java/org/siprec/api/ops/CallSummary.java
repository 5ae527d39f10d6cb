package org.siprec.api.ops;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One live call, for operational views.
 *
 * @param callId    the A-leg Call-ID
 * @param caller    the caller's URI
 * @param callee    the callee's URI
 * @param state     the call state, e.g. {@code EARLY}, {@code CONFIRMED}
 * @param duration  time since the INVITE arrived
 * @param recording the call's recording state ({@code EVALUATING}, {@code ANNOUNCING}, {@code STARTING},
 *                  {@code RECORDING}, {@code PAUSED}, {@code SKIPPED}, {@code STOPPED}, {@code FAILED}), or
 *                  {@code null} before the policies were asked
 * @param srs       the URI of the SRS recording the call now, or {@code null} when none does
 * @param recordings every recording of the call (since 1.6; a call may hold several, each to its own SRS group),
 *                   the first one first; {@code recording} and {@code srs} describe that first one
 * @since 1.5
 */
public record CallSummary(String callId, String caller, String callee, String state, Duration duration,
        String recording, String srs, List<RecordingSummary> recordings) {
    public CallSummary {
        Objects.requireNonNull(callId, "callId");
        recordings = recordings == null ? List.of() : List.copyOf(recordings);
    }

    /** A call with its first recording only (the 1.5 form). */
    public CallSummary(String callId, String caller, String callee, String state, Duration duration,
            String recording, String srs) {
        this(callId, caller, callee, state, duration, recording, srs, List.of());
    }

    /** A call whose recording is not known to the view. */
    public CallSummary(String callId, String caller, String callee, String state, Duration duration) {
        this(callId, caller, callee, state, duration, null, null, List.of());
    }
}
