package org.siprec.src.decision;

import java.util.List;
import java.util.Optional;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.Decision.Verdict;

/**
 * How policy verdicts combine into one decision (documented on {@link org.siprec.api.policy.RecordingPolicy} and in
 * docs/policies.md): any SKIP vetoes; otherwise the first RECORD in ranking order decides, with its mandatory flag
 * and announcement (and its SRS group); ABSTAIN is no opinion; nobody asking for recording means no recording.
 * The other RECORD verdicts that name another SRS group each add a recording of the call to that group
 * ({@link CombinedDecision#recordings()}).
 * That recording's maximum duration is the shortest any RECORD verdict for its SRS group sets (a limit is the
 * policy's own word, whichever policy decides).
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
        return new Decision(Verdict.RECORD, deciding.policy() + ": " + d.reason(), d.mandatory(), d.announcement(),
                d.srsGroup(), shortestLimit(verdicts, d.srsGroup().orElse(CombinedDecision.DEFAULT_GROUP)));
    }

    /** The shortest maximum duration among the RECORD verdicts for {@code group}, empty when none sets one. */
    static java.util.Optional<java.time.Duration> shortestLimit(List<PolicyVerdict> verdicts, String group) {
        return verdicts.stream().map(PolicyVerdict::decision).filter(d -> d.verdict() == Verdict.RECORD)
                .filter(d -> d.srsGroup().orElse(CombinedDecision.DEFAULT_GROUP).equals(group))
                .flatMap(d -> d.maxDuration().stream()).min(java.time.Duration::compareTo);
    }
}
