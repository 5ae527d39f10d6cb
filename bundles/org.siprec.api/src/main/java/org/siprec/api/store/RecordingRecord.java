package org.siprec.api.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.siprec.api.model.Participant;
import org.siprec.api.model.SessionCase;

/**
 * What the SRC knows of one recording session once it has ended.
 *
 * @param recordingId  unique identifier of the recording session (the RS dialog's Call-ID once an SRS took it)
 * @param callId       Call-ID of the recorded call (A-leg)
 * @param srsUri       the SRS that accepted the recording, empty when no SRS did
 * @param participants the recorded parties
 * @param start        when recording was decided (call answered)
 * @param stop         when recording stopped
 * @param outcome      {@code completed} or {@code failed: <why>}
 * @param decision     the recording decision that caused it, as logged: the combined verdict and reason, then every
 *                     policy's verdict and reason in ranking order, e.g.
 *                     {@code RECORD (profile: ...); policies: profile=RECORD(...), whitelist=ABSTAIN(no opinion)}
 * @param srsUris      every SRS that accepted the recording, in order (since 1.1): more than one when the recording
 *                     moved to another SRS of the group mid-call; {@link #srsUri} is the last of them
 * @param sessionCase  the recorded call's session case, the served user's side (since 1.2), or {@code null} when
 *                     not known
 */
public record RecordingRecord(String recordingId, String callId, Optional<String> srsUri,
        List<Participant> participants, Instant start, Instant stop, String outcome, String decision,
        List<String> srsUris, SessionCase sessionCase) {
    /** A record without its session case (the form of version 1.1). */
    public RecordingRecord(String recordingId, String callId, Optional<String> srsUri, List<Participant> participants,
            Instant start, Instant stop, String outcome, String decision, List<String> srsUris) {
        this(recordingId, callId, srsUri, participants, start, stop, outcome, decision, srsUris, null);
    }

    /** A record of a recording that one SRS at most took ({@link #srsUris} is {@code srsUri} alone, or empty). */
    public RecordingRecord(String recordingId, String callId, Optional<String> srsUri, List<Participant> participants,
            Instant start, Instant stop, String outcome, String decision) {
        this(recordingId, callId, srsUri, participants, start, stop, outcome, decision,
                srsUri == null ? List.of() : srsUri.stream().toList(), null);
    }

    public RecordingRecord {
        srsUris = List.copyOf(Objects.requireNonNull(srsUris, "srsUris"));
        Objects.requireNonNull(recordingId, "recordingId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(srsUri, "srsUri");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(decision, "decision");
        participants = List.copyOf(participants);
    }
}
