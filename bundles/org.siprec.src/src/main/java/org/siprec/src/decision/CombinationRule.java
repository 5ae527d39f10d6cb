package org.siprec.src.decision;

import java.util.List;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.Decision.Verdict;

/**
 * How policy verdicts combine into one decision (documented on {@link org.siprec.api.policy.RecordingPolicy} and in
 * docs/policies.md): any SKIP vetoes; otherwise the first RECORD in ranking order decides, with its mandatory flag
 * and announcement; ABSTAIN is no opinion; nobody asking for recording means no recording. The recording's maximum
 * duration is the shortest any RECORD verdict sets (a limit is the policy's own word, whichever policy decides).
 */
public final class CombinationRule {
    private CombinationRule() {
    }

    /** @param verdicts in ranking order, highest first */
    public static Decision combine(List<PolicyVerdict> verdicts) {
        PolicyVerdict deciding = null;
        for (PolicyVerdict v : verdicts) {
            Verdict verdict = v.decision().verdict();
            if (verdict == Verdict.SKIP) {
                return Decision.skip(v.policy() + ": " + v.decision().reason());
            }
            if (verdict == Verdict.RECORD && deciding == null) {
                deciding = v;
            }
        }
        if (deciding == null) {
            return Decision.skip(verdicts.isEmpty() ? "no recording policy installed" : "no policy asked for recording");
        }
        Decision d = deciding.decision();
        Decision combined = new Decision(Verdict.RECORD, deciding.policy() + ": " + d.reason(), d.mandatory(), d.announcement());
        return shortestLimit(verdicts).map(combined::limitedTo).orElse(combined);
    }

    /** The shortest maximum duration among the RECORD verdicts, empty when none sets one. */
    static java.util.Optional<java.time.Duration> shortestLimit(List<PolicyVerdict> verdicts) {
        return verdicts.stream().map(PolicyVerdict::decision).filter(d -> d.verdict() == Verdict.RECORD)
                .flatMap(d -> d.maxDuration().stream()).min(java.time.Duration::compareTo);
    }
}
