package org.siprec.metadata;

import java.util.List;
import java.util.Objects;

/**
 * A participant ({@code <participant>}, RFC 7865 section 6.5): a party of a communication session.
 *
 * @param id the {@code participant_id}
 * @param nameIds the participant's {@code <nameID>}s, possibly empty
 */
public record Participant(MetadataId id, List<NameId> nameIds) {

    public Participant {
        Objects.requireNonNull(id, "id");
        nameIds = nameIds == null ? List.of() : List.copyOf(nameIds);
    }

    public static Participant of(MetadataId id, String aor) {
        return new Participant(id, List.of(NameId.of(aor)));
    }

    public static Participant of(MetadataId id, String aor, String displayName) {
        return new Participant(id, List.of(NameId.of(aor, displayName)));
    }

    /** @return the first address of record, or {@code null} */
    public String aor() {
        return nameIds.stream().map(NameId::aor).filter(Objects::nonNull).findFirst().orElse(null);
    }
}
