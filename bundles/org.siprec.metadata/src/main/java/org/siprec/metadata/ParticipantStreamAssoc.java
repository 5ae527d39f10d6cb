package org.siprec.metadata;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The association of a participant with media streams ({@code <participantstreamassoc>}, RFC 7865 section 6.8):
 * the streams the participant sends (contributes to) and receives. RFC 7865 has no times on a {@code <stream>};
 * a participant stopping to send or receive a stream is expressed by this association's disassociate time.
 *
 * @param participantId the {@code participant_id}
 * @param send the {@code stream_id}s in {@code <send>}, possibly empty
 * @param recv the {@code stream_id}s in {@code <recv>}, possibly empty
 * @param associateTime when the association began, or {@code null}
 * @param disassociateTime when it ended, or {@code null}
 */
public record ParticipantStreamAssoc(MetadataId participantId, List<MetadataId> send, List<MetadataId> recv,
        Instant associateTime, Instant disassociateTime) {

    public ParticipantStreamAssoc {
        Objects.requireNonNull(participantId, "participantId");
        send = send == null ? List.of() : List.copyOf(send);
        recv = recv == null ? List.of() : List.copyOf(recv);
    }

    public static ParticipantStreamAssoc of(MetadataId participantId, List<MetadataId> send, List<MetadataId> recv,
            Instant associateTime) {
        return new ParticipantStreamAssoc(participantId, send, recv, associateTime, null);
    }

    public ParticipantStreamAssoc withDisassociateTime(Instant time) {
        return new ParticipantStreamAssoc(participantId, send, recv, associateTime, time);
    }

    /** @return whether this association says the participant sends the stream */
    public boolean sends(MetadataId streamId) {
        return send.contains(streamId);
    }

    /** @return whether this association says the participant receives the stream */
    public boolean receives(MetadataId streamId) {
        return recv.contains(streamId);
    }
}
