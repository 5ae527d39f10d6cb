package org.siprec.api.directory;

import java.util.Locale;
import org.siprec.api.model.SessionCase;

/** Which of a subscriber's calls are to be recorded, by the session case the platform serves the subscriber in. */
public enum RecordingProfile {
    /** None of the subscriber's calls. */
    NEVER,
    /** Calls the subscriber places (served as caller, {@link SessionCase#ORIGINATING}). */
    ORIGINATING,
    /** Calls the subscriber receives (served as callee, {@link SessionCase#TERMINATING}). */
    TERMINATING,
    /** Every call of the subscriber. */
    BOTH;

    /** Whether a call served in {@code sessionCase} is to be recorded under this profile. */
    public boolean records(SessionCase sessionCase) {
        return switch (this) {
            case NEVER -> false;
            case ORIGINATING -> sessionCase == SessionCase.ORIGINATING;
            case TERMINATING -> sessionCase == SessionCase.TERMINATING;
            case BOTH -> true;
        };
    }

    /**
     * Parses {@code never}, {@code originating}/{@code orig}, {@code terminating}/{@code term}, {@code both}, any case.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static RecordingProfile parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "never" -> NEVER;
            case "originating", "orig" -> ORIGINATING;
            case "terminating", "term" -> TERMINATING;
            case "both" -> BOTH;
            default -> throw new IllegalArgumentException(
                    "unknown recording profile '" + value + "', expected never, originating, terminating or both");
        };
    }

    /** The lower-case name used in files and commands. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }
}
