package org.siprec.api.model;

import java.util.Objects;

/**
 * A party to a communication session, identified by its address of record.
 *
 * @param aor                 the address of record, e.g. {@code sip:+4930123@ims.example.net} or a {@code tel:} URI
 * @param displayName         the display name as signalled, or {@code null}
 * @param recordingPreference what the party's SDP asked about recording ({@code a=recordpref}, RFC 7866 section
 *                            6.3); {@link RecordingPreference#NOPREFERENCE} when it said nothing (or is not known
 *                            yet: the callee's answer comes after the decision)
 * @since 1.1
 */
public record Participant(String aor, String displayName, RecordingPreference recordingPreference) {
    public Participant {
        Objects.requireNonNull(aor, "aor");
        if (recordingPreference == null) {
            recordingPreference = RecordingPreference.NOPREFERENCE;
        }
    }

    /** A party that expressed no recording preference. */
    public Participant(String aor, String displayName) {
        this(aor, displayName, RecordingPreference.NOPREFERENCE);
    }
}
