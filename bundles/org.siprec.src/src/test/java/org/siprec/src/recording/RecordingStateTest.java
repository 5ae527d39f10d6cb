package org.siprec.src.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.siprec.src.recording.RecordingState.ANNOUNCING;
import static org.siprec.src.recording.RecordingState.EVALUATING;
import static org.siprec.src.recording.RecordingState.FAILED;
import static org.siprec.src.recording.RecordingState.PAUSED;
import static org.siprec.src.recording.RecordingState.RECORDING;
import static org.siprec.src.recording.RecordingState.SKIPPED;
import static org.siprec.src.recording.RecordingState.STARTING;
import static org.siprec.src.recording.RecordingState.STOPPED;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every transition of the recording state machine, and every other one refused. */
class RecordingStateTest {
    private static final Map<RecordingState, Set<RecordingState>> ALLOWED = Map.of(
            EVALUATING, EnumSet.of(ANNOUNCING, STARTING, SKIPPED, STOPPED, FAILED),
            ANNOUNCING, EnumSet.of(STARTING, STOPPED, FAILED),
            STARTING, EnumSet.of(RECORDING, STOPPED, FAILED),
            RECORDING, EnumSet.of(PAUSED, STARTING, STOPPED, FAILED),
            PAUSED, EnumSet.of(RECORDING, STARTING, STOPPED, FAILED),
            SKIPPED, EnumSet.of(STARTING), // a recording started on demand
            STOPPED, EnumSet.noneOf(RecordingState.class),
            FAILED, EnumSet.noneOf(RecordingState.class));

    @Test
    void exactlyTheDesignedTransitionsAreAllowed() {
        assertEquals(RecordingState.values().length, ALLOWED.size());
        for (RecordingState from : RecordingState.values()) {
            for (RecordingState to : RecordingState.values()) {
                boolean expected = ALLOWED.get(from).contains(to);
                assertEquals(expected, from.canMoveTo(to), from + " -> " + to);
                if (expected) {
                    assertEquals(to, from.moveTo(to));
                } else {
                    IllegalStateException e = assertThrows(IllegalStateException.class, () -> from.moveTo(to));
                    assertTrue(e.getMessage().contains(from + " to " + to), e.getMessage());
                }
            }
        }
    }

    @Test
    void finalStatesAreSkippedStoppedAndFailed() {
        for (RecordingState s : RecordingState.values()) {
            assertEquals(EnumSet.of(SKIPPED, STOPPED, FAILED).contains(s), s.isFinal(), s.name());
        }
        assertFalse(RECORDING.isFinal());
    }
}
