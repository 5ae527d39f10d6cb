package org.siprec.metadata;

import java.time.Instant;
import java.util.Objects;

/**
 * The association of a communication session with the recording session ({@code <sessionrecordingassoc>},
 * RFC 7865 section 6.4).
 *
 * @param sessionId the {@code session_id}
 * @param associateTime when recording of the session started, or {@code null}
 * @param disassociateTime when it ended, or {@code null}
 */
public record SessionRecordingAssoc(MetadataId sessionId, Instant associateTime, Instant disassociateTime) {

    public SessionRecordingAssoc {
        Objects.requireNonNull(sessionId, "sessionId");
    }

    public static SessionRecordingAssoc of(MetadataId sessionId, Instant associateTime) {
        return new SessionRecordingAssoc(sessionId, associateTime, null);
    }

    public SessionRecordingAssoc withDisassociateTime(Instant time) {
        return new SessionRecordingAssoc(sessionId, associateTime, time);
    }
}
