package org.siprec.src.decision;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.siprec.api.policy.Decision;

/**
 * The recording decision for one call: the combined {@link Decision} and every policy's verdict behind it.
 *
 * @param decision the combined decision (RECORD or SKIP)
 * @param verdicts each policy's verdict, in the order the policies were asked (ranking, highest first)
 */
public record CombinedDecision(Decision decision, List<PolicyVerdict> verdicts) {
    public CombinedDecision {
        verdicts = List.copyOf(verdicts);
    }

    public boolean record() {
        return decision.verdict() == Decision.Verdict.RECORD;
    }

    /**
     * Who set the recording's maximum duration: the RECORD policy whose limit it is, else the platform's default
     * ({@code recording.max.duration.seconds}, applied by {@link org.siprec.src.recording.RecordingLimits}).
     */
    public String limitSource() {
        return decision.maxDuration().flatMap(limit -> verdicts.stream()
                .filter(v -> v.decision().verdict() == Decision.Verdict.RECORD && v.decision().maxDuration().equals(Optional.of(limit)))
                .map(PolicyVerdict::policy).findFirst()).orElse("recording.max.duration.seconds");
    }

    /** One line for the log and the audit trail: {@code RECORD (reason) mandatory max-duration 60 s (policy); policies: a=RECORD(..), b=ABSTAIN(..)}. */
    public String summary() {
        return decision.verdict() + " (" + decision.reason() + ")" + (decision.mandatory() ? " mandatory" : "")
                + decision.announcement().map(a -> " announcement " + a).orElse("")
                + decision.maxDuration().map(limit -> " max-duration " + limit.toSeconds() + " s (" + limitSource() + ")").orElse("")
                + "; policies: " + (verdicts.isEmpty() ? "none"
                        : verdicts.stream().map(PolicyVerdict::toString).collect(Collectors.joining(", ")));
    }
}
