package org.siprec.api.ops;

import java.util.List;
import java.util.Objects;
import org.siprec.api.policy.Decision;

/**
 * What the policy engine decided for one call, and why.
 *
 * @param decision the combined decision (RECORD or SKIP), its reason naming the deciding policy
 * @param outcomes every policy's answer, in the order the policies were asked (ranking, highest first)
 */
public record PolicyExplanation(Decision decision, List<PolicyOutcome> outcomes) {
    public PolicyExplanation {
        Objects.requireNonNull(decision, "decision");
        outcomes = List.copyOf(outcomes);
    }

    /**
     * One policy's answer.
     *
     * @param policy   the policy's name (its {@code component.name})
     * @param ranking  its {@code service.ranking}
     * @param decision its decision; ABSTAIN when it failed or ran out of time
     * @param failure  why its answer was replaced by ABSTAIN, or {@code null}
     */
    public record PolicyOutcome(String policy, int ranking, Decision decision, String failure) {
        public PolicyOutcome {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(decision, "decision");
        }
    }
}
