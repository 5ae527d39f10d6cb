package org.siprec.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The free-text outcomes and counter names of the SRC become a few label values. */
class RecordingOutcomesTest {

    @Test
    void failureReasonsAreBounded() {
        assertTrue(RecordingOutcomes.completed("completed"));
        assertTrue(RecordingOutcomes.completed("completed: max-duration"), "stopped at its maximum duration: completed");
        assertTrue(!RecordingOutcomes.completed("completedx"));
        assertTrue(RecordingOutcomes.refused("failed: company-limit: company acme has 1 recordings in progress, its limit is 1"));
        assertTrue(!RecordingOutcomes.refused("failed: no SRS available"));
        assertEquals("no-srs-available", RecordingOutcomes.failureReason("failed: no SRS available (no healthy SRS adapter offered one)"));
        assertEquals("srs-refused", RecordingOutcomes.failureReason("failed: no SRS accepted: sip:a 503 Service Unavailable"));
        assertEquals("call-ended", RecordingOutcomes.failureReason("failed: the call ended before an SRS accepted"));
        assertEquals("call-ended", RecordingOutcomes.failureReason("failed: the call ended during the announcement"));
        assertEquals("announcement-unavailable", RecordingOutcomes.failureReason("failed: announcement x cannot be played"));
        assertEquals("no-media", RecordingOutcomes.failureReason("failed: the call has no media to record"));
        assertEquals("other", RecordingOutcomes.failureReason("failed: java.lang.IllegalStateException: boom"));
    }

    @Test
    void rejectedRequestsByReason() {
        assertEquals("rate-limited", RecordingOutcomes.rejectReason("over-rate.untrusted.dropped"));
        assertEquals("rate-limited", RecordingOutcomes.rejectReason("over-rate.trusted.503"));
        assertEquals("untrusted", RecordingOutcomes.rejectReason("untrusted.refused"));
        assertEquals("malformed", RecordingOutcomes.rejectReason("rejected.400"));
        assertEquals("malformed", RecordingOutcomes.rejectReason("too-large.dropped"));
    }
}
