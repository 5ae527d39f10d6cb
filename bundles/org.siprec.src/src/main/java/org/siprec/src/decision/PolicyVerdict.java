package org.siprec.src.decision;

import java.util.Objects;
import org.siprec.api.policy.Decision;

/**
 * One policy's answer for one call, as the engine recorded it.
 *
 * @param policy   the policy's name (its {@code component.name}, else its class)
 * @param ranking  its {@code service.ranking}
 * @param decision what it decided; ABSTAIN when it failed or ran out of time
 * @param failure  why its answer was replaced by ABSTAIN ({@code timed out}, the exception), or {@code null}
 */
public record PolicyVerdict(String policy, int ranking, Decision decision, String failure) {
    public PolicyVerdict {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(decision, "decision");
    }

    /** {@code name=RECORD(reason)}, as logged and audited. */
    @Override
    public String toString() {
        return policy + "=" + decision.verdict() + "(" + (failure != null ? failure : decision.reason()) + ")";
    }
}
