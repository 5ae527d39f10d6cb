package org.siprec.src.recording;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of one call's recording:
 * <pre>
 * EVALUATING ─▶ [ANNOUNCING] ─▶ STARTING ─▶ RECORDING ⇄ PAUSED
 *     │              │              │  ▲          │         │
 *     ▼              ▼              ▼  └─(SRS lost, next SRS)
 *  SKIPPED        STOPPED | FAILED (from every state that is not final)
 *     │
 *     └─▶ STARTING (a recording started on demand, RecordingControl.start)
 * </pre>
 * EVALUATING: the call is being set up, the decision is known but the call is not answered yet. ANNOUNCING: a
 * compliance prompt plays before recording. STARTING: a recording session is offered to the SRSs in turn.
 * RECORDING: an SRS accepted and media is forked to it. PAUSED: the recording session stays up but no media is sent.
 * SKIPPED: the decision was not to record. STOPPED: the recording (or the call) ended normally. FAILED: no SRS
 * could record the call.
 * <p>
 * SKIPPED, STOPPED and FAILED are final: nothing that happens to the call moves them on. Only an operator's start on
 * demand takes a SKIPPED call to STARTING.
 */
public enum RecordingState {
    EVALUATING, ANNOUNCING, STARTING, RECORDING, PAUSED, SKIPPED, STOPPED, FAILED;

    private Set<RecordingState> next;

    static {
        EVALUATING.next = EnumSet.of(ANNOUNCING, STARTING, SKIPPED, STOPPED, FAILED);
        ANNOUNCING.next = EnumSet.of(STARTING, STOPPED, FAILED);
        STARTING.next = EnumSet.of(RECORDING, STOPPED, FAILED);
        RECORDING.next = EnumSet.of(PAUSED, STARTING, STOPPED, FAILED);
        PAUSED.next = EnumSet.of(RECORDING, STARTING, STOPPED, FAILED);
        SKIPPED.next = EnumSet.of(STARTING); // on demand only
        STOPPED.next = EnumSet.noneOf(RecordingState.class);
        FAILED.next = EnumSet.noneOf(RecordingState.class);
    }

    public boolean canMoveTo(RecordingState target) {
        return next.contains(target);
    }

    /** SKIPPED, STOPPED or FAILED: no event of the call moves it on (a SKIPPED call may still be started on demand). */
    public boolean isFinal() {
        return this == SKIPPED || this == STOPPED || this == FAILED;
    }

    /** @throws IllegalStateException when the transition is not in the diagram above */
    public RecordingState moveTo(RecordingState target) {
        if (!canMoveTo(target)) {
            throw new IllegalStateException("recording cannot go from " + this + " to " + target);
        }
        return target;
    }
}
