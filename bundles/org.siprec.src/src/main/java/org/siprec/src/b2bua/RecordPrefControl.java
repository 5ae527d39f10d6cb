package org.siprec.src.b2bua;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executor;
import org.siprec.api.media.RelayStream.Side;
import org.siprec.api.model.RecordingPreference;
import org.siprec.api.ops.RecordingControlException;
import org.siprec.src.recording.CallRecorder;
import org.siprec.src.recording.RecordingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A party's {@code a=recordpref} (RFC 7866 section 6.3) during the call: read from the callee's answer and from
 * every SDP either party sends later (re-INVITE, UPDATE, their answers, an ACK). The caller's offer is read at set-up
 * by the decision ({@link org.siprec.src.decision.RecordingPreferenceRule}). A party's preference acts when it
 * <em>changes</em> (a party repeating {@code pause} in every re-INVITE pauses once; an operator's resume is not undone
 * by the next hold):
 * <ul>
 * <li>{@code pause}: a running recording is paused (actor {@code recordpref:caller} / {@code recordpref:callee});</li>
 * <li>{@code on}: a recording paused by a recordpref pause is resumed (a pause by an operator or DTMF is not);</li>
 * <li>{@code off}: the recording is stopped on demand, unless it is mandatory: then it goes on, logged and audited;</li>
 * <li>{@code nopreference}, or no attribute: nothing.</li>
 * </ul>
 * A preference that arrives before the recording runs (the callee's answer, a re-INVITE while the SRS is being asked,
 * or {@code pause} in the caller's offer) waits and acts when an SRS has accepted. A call that is not recorded is not
 * started by {@code on}. Runs on the call's executor.
 */
final class RecordPrefControl {
    private static final Logger LOG = LoggerFactory.getLogger(RecordPrefControl.class);

    private final String callId;
    private final Executor events;
    private final CallRecorder recorder;
    private final Map<Side, RecordingPreference> last = new EnumMap<>(Side.class);
    /** A pause or off that arrived before the recording ran, and from whom. */
    private RecordingPreference pending;
    private Side pendingFrom;
    /** The recording is paused because of a recordpref pause (so an {@code on} resumes it). */
    private boolean pausedByPreference;

    RecordPrefControl(String callId, Executor events, CallRecorder recorder, RecordingPreference callerOffer) {
        this.callId = callId;
        this.events = events;
        this.recorder = recorder;
        last.put(Side.A, callerOffer);
        if (callerOffer == RecordingPreference.PAUSE) {
            pending = callerOffer;
            pendingFrom = Side.A;
        }
    }

    /** SDP sent by the party on {@code side}. */
    void sdpFrom(Side side, byte[] sdp) {
        RecordingPreference p = RecordPrefAttribute.of(sdp, callId);
        if (p == RecordingPreference.NOPREFERENCE || p == last.get(side)) {
            return;
        }
        last.put(side, p);
        LOG.info("Call {}: the {} asks a=recordpref:{}", callId, party(side), p.token());
        act(side, p);
    }

    /** The recorder's state changed (called in the middle of its transition: acts after it). */
    void stateChanged(RecordingState state) {
        if (state != RecordingState.PAUSED) {
            pausedByPreference = false;
        }
        if (state == RecordingState.RECORDING && pending != null) {
            RecordingPreference p = pending;
            Side from = pendingFrom;
            pending = null;
            events.execute(() -> act(from, p));
        }
    }

    private void act(Side side, RecordingPreference p) {
        String actor = "recordpref:" + party(side);
        RecordingState state = recorder.state();
        try {
            switch (p) {
                case PAUSE -> {
                    if (state == RecordingState.RECORDING) {
                        recorder.pause(actor);
                        pausedByPreference = true;
                    } else if (waiting(state)) {
                        pending = p;
                        pendingFrom = side;
                    }
                }
                case ON -> {
                    if (pending == RecordingPreference.PAUSE) {
                        pending = null;
                    }
                    if (state == RecordingState.PAUSED && pausedByPreference) {
                        pausedByPreference = false;
                        recorder.resume(actor, (time, failure) -> {
                            if (failure != null) {
                                LOG.warn("Call {}: resume by {} failed: {}", callId, actor, failure.getMessage());
                            }
                        });
                    }
                }
                case OFF -> {
                    if (state == RecordingState.RECORDING || state == RecordingState.PAUSED) {
                        recorder.stopOnDemand(actor); // a mandatory recording refuses, audited there
                    } else if (waiting(state)) {
                        pending = p;
                        pendingFrom = side;
                    }
                }
                default -> {
                    // NOPREFERENCE: nothing
                }
            }
        } catch (RecordingControlException e) {
            LOG.info("Call {}: a=recordpref:{} from the {} not applied: {}", callId, p.token(), party(side), e.getMessage());
        }
    }

    /** Whether the recording is still to come (the preference waits for an SRS to accept). */
    private static boolean waiting(RecordingState state) {
        return state == RecordingState.EVALUATING || state == RecordingState.ANNOUNCING || state == RecordingState.STARTING;
    }

    private static String party(Side side) {
        return side == Side.A ? "caller" : "callee";
    }
}
