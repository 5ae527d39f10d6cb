package org.siprec.metadata;

import java.time.Instant;
import java.util.Objects;

/**
 * The association of a participant with a communication session ({@code <participantsessionassoc>},
 * RFC 7865 section 6.6).
 *
 * @param participantId the {@code participant_id}
 * @param sessionId the {@code session_id}
 * @param associateTime when the participant joined, or {@code null}
 * @param disassociateTime when the participant left, or {@code null}
 */
public record ParticipantSessionAssoc(MetadataId participantId, MetadataId sessionId, Instant associateTime,
        Instant disassociateTime) {

    public ParticipantSessionAssoc {
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(sessionId, "sessionId");
    }

    public static ParticipantSessionAssoc of(MetadataId participantId, MetadataId sessionId, Instant associateTime) {
        return new ParticipantSessionAssoc(participantId, sessionId, associateTime, null);
    }

    public ParticipantSessionAssoc withDisassociateTime(Instant time) {
        return new ParticipantSessionAssoc(participantId, sessionId, associateTime, time);
    }
}
