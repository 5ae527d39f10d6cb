package org.siprec.metadata;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A communication session ({@code <session>}, RFC 7865 section 6.3): the recorded call as the SRC sees it.
 *
 * @param id the {@code session_id}
 * @param sipSessionIds the {@code <sipSessionID>} values (RFC 7989 Session-ID of the call), possibly empty
 * @param reasons the {@code <reason>} elements (why the session ended), possibly empty
 * @param groupRef the {@code <group-ref>}: the group the session belongs to, or {@code null}
 * @param startTime the {@code <start-time>}, or {@code null}
 * @param stopTime the {@code <stop-time>}, or {@code null}
 */
public record Session(MetadataId id, List<String> sipSessionIds, List<Reason> reasons, MetadataId groupRef,
        Instant startTime, Instant stopTime) {

    public Session {
        Objects.requireNonNull(id, "id");
        sipSessionIds = sipSessionIds == null ? List.of() : List.copyOf(sipSessionIds);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /** A session with the given Session-ID values and nothing else. */
    public static Session of(MetadataId id, String... sipSessionIds) {
        return new Session(id, List.of(sipSessionIds), List.of(), null, null, null);
    }

    public Session withGroupRef(MetadataId group) {
        return new Session(id, sipSessionIds, reasons, group, startTime, stopTime);
    }

    public Session withStartTime(Instant time) {
        return new Session(id, sipSessionIds, reasons, groupRef, time, stopTime);
    }

    public Session withStopTime(Instant time) {
        return new Session(id, sipSessionIds, reasons, groupRef, startTime, time);
    }

    public Session withReason(Reason reason) {
        List<Reason> r = new ArrayList<>(reasons);
        r.add(reason);
        return new Session(id, sipSessionIds, r, groupRef, startTime, stopTime);
    }
}
