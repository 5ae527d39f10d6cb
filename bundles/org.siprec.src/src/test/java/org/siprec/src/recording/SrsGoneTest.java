package org.siprec.src.recording;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Which final responses to a re-INVITE move the recording to the next SRS (the SRS or its dialog is gone) and which
 * are a live SRS's refusal of that one request (the session stays as it was). No sockets.
 */
class SrsGoneTest {
    @Test
    void dialogEndingAndServerDownResponsesMeanTheSrsIsGone() {
        for (int status : new int[] {408, 481, 502, 503, 504}) {
            assertTrue(RecordingSession.srsGone(status), Integer.toString(status));
        }
    }

    @Test
    void refusalsOfOneRequestLeaveTheSessionAsItWas() {
        // 500: RecordingPauseSippTest's SRS refuses the pause with it and the recording must stay paused there
        for (int status : new int[] {400, 403, 404, 415, 488, 491, 500, 501, 505, 580, 603}) {
            assertFalse(RecordingSession.srsGone(status), Integer.toString(status));
        }
    }
}
