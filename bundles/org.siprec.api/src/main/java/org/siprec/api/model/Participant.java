package org.siprec.api.model;

import java.util.Objects;

/**
 * A party to a communication session, identified by its address of record.
 *
 * @param aor         the address of record, e.g. {@code sip:+4930123@ims.example.net} or a {@code tel:} URI
 * @param displayName the display name as signalled, or {@code null}
 */
public record Participant(String aor, String displayName) {
    public Participant {
        Objects.requireNonNull(aor, "aor");
    }
}
