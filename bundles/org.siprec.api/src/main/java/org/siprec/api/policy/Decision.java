package org.siprec.api.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of one {@link RecordingPolicy} for one call.
 *
 * @param verdict      record, skip, or no opinion
 * @param reason       a short human-readable reason, kept in logs and audit
 * @param mandatory    when recording is {@link Verdict#RECORD} and cannot be set up, the call must not proceed
 * @param announcement the identifier of a compliance announcement to play first, if any
 * @param srsGroup     the SRS group (the {@code srs.group} name of an SRS adapter) this recording is to go to; empty:
 *                     the platform's default choice. Policies naming different groups give the call one recording
 *                     session per group (e.g. a compliance recorder and a quality-monitoring recorder).
 * @param maxDuration  the longest this recording may run; when reached the recording stops and the call goes on;
 *                     empty: no limit
 * @since 1.1
 */
public record Decision(Verdict verdict, String reason, boolean mandatory, Optional<String> announcement,
                       Optional<String> srsGroup, Optional<Duration> maxDuration) {

    public enum Verdict {
        RECORD, SKIP, ABSTAIN
    }

    public Decision {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(announcement, "announcement");
        Objects.requireNonNull(srsGroup, "srsGroup");
        Objects.requireNonNull(maxDuration, "maxDuration");
        srsGroup.ifPresent(group -> {
            if (group.isBlank()) {
                throw new IllegalArgumentException("srsGroup must not be blank");
            }
        });
        maxDuration.ifPresent(limit -> {
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("maxDuration must be positive: " + limit);
            }
        });
    }

    /** A decision for the platform's default SRS choice, without a duration limit (the 1.0 form). */
    public Decision(Verdict verdict, String reason, boolean mandatory, Optional<String> announcement) {
        this(verdict, reason, mandatory, announcement, Optional.empty(), Optional.empty());
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

    /** This decision, with the recording sent to the named SRS group. */
    public Decision toSrsGroup(String group) {
        return new Decision(verdict, reason, mandatory, announcement, Optional.of(group), maxDuration);
    }

    /** This decision, with the recording stopped (the call going on) once it has run for {@code limit}. */
    public Decision limitedTo(Duration limit) {
        return new Decision(verdict, reason, mandatory, announcement, srsGroup, Optional.of(limit));
    }
}
