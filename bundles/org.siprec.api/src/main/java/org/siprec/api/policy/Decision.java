package org.siprec.api.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer of one {@link RecordingPolicy} for one call.
 *
 * @param verdict      record, skip, or no opinion
 * @param reason       a short human-readable reason, kept in logs and audit
 * @param mandatory    when recording is {@link Verdict#RECORD} and cannot be set up, the call must not proceed
 * @param announcement the identifier of a compliance announcement to play first, if any
 */
public record Decision(Verdict verdict, String reason, boolean mandatory, Optional<String> announcement) {

    public enum Verdict {
        RECORD, SKIP, ABSTAIN
    }

    public Decision {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(announcement, "announcement");
    }

    public static Decision record(String reason) {
        return new Decision(Verdict.RECORD, reason, false, Optional.empty());
    }

    public static Decision skip(String reason) {
        return new Decision(Verdict.SKIP, reason, false, Optional.empty());
    }

    public static Decision abstain() {
        return new Decision(Verdict.ABSTAIN, "no opinion", false, Optional.empty());
    }
}
