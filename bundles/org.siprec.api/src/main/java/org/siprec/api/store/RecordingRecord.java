package org.siprec.api.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.siprec.api.model.Participant;

/**
 * What the platform knows of one recording session once it has ended.
 *
 * @param recordingId unique identifier of the recording session
 * @param callId      Call-ID of the recorded call
 * @param srsUri      the SRS that accepted the recording, empty when recording failed
 * @param participants the recorded parties
 * @param start       when recording started
 * @param stop        when recording stopped
 * @param outcome     {@code recorded}, {@code failed: ...} or {@code skipped: ...}
 */
public record RecordingRecord(String recordingId, String callId, Optional<String> srsUri,
        List<Participant> participants, Instant start, Instant stop, String outcome) {
    public RecordingRecord {
        Objects.requireNonNull(recordingId, "recordingId");
        Objects.requireNonNull(callId, "callId");
        participants = List.copyOf(participants);
    }
}
