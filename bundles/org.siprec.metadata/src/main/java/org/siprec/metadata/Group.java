package org.siprec.metadata;

import java.time.Instant;
import java.util.Objects;

/**
 * A communication session group ({@code <group>}, RFC 7865 section 6.2): related communication sessions,
 * e.g. the legs of a transferred call.
 *
 * @param id the {@code group_id}
 * @param associateTime when the group was associated with the recording session, or {@code null}
 * @param disassociateTime when it was disassociated, or {@code null}
 */
public record Group(MetadataId id, Instant associateTime, Instant disassociateTime) {

    public Group {
        Objects.requireNonNull(id, "id");
    }

    public static Group of(MetadataId id, Instant associateTime) {
        return new Group(id, associateTime, null);
    }

    public Group withDisassociateTime(Instant time) {
        return new Group(id, associateTime, time);
    }
}
