package org.siprec.api.ops;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One installed recording policy and how it has answered the calls since it was bound (explanations are not
 * counted).
 *
 * @param policy        the policy's name (its {@code component.name})
 * @param ranking       its {@code service.ranking}
 * @param configuration its service properties (its configuration), without the framework's ({@code service.id},
 *                      {@code objectClass}, {@code component.id} ...)
 * @param evaluations   calls it was asked about
 * @param record        answers RECORD
 * @param skip          answers SKIP
 * @param abstain       answers ABSTAIN
 * @param errors        calls where it threw or returned {@code null} (counted as ABSTAIN for the call)
 * @param timeouts      calls where it had not answered by the deadline (counted as ABSTAIN for the call)
 * @param meanTime      mean time it took to answer, late answers included; zero before its first answer
 * @param maxTime       the longest it took to answer
 */
public record PolicyStatistics(String policy, int ranking, Map<String, Object> configuration, long evaluations,
        long record, long skip, long abstain, long errors, long timeouts, Duration meanTime, Duration maxTime) {
    public PolicyStatistics {
        Objects.requireNonNull(policy, "policy");
        configuration = Map.copyOf(configuration);
        Objects.requireNonNull(meanTime, "meanTime");
        Objects.requireNonNull(maxTime, "maxTime");
    }
}
