package org.siprec.api.policy;

import org.osgi.annotation.versioning.ConsumerType;
import org.siprec.api.model.CommunicationSession;

/**
 * Decides, once per call at set-up, whether the call is recorded. Registered as an OSGi service by policy plugins.
 * <p>
 * How the core combines the policies (the policy engine in {@code org.siprec.src}):
 * <ol>
 * <li>Each call is evaluated against one snapshot of the registered policies, taken when the call arrives; a policy
 *     added, updated or removed later affects new calls only.</li>
 * <li>Policies are asked in {@code service.ranking} order, highest first (as OSGi orders services; equal rankings by
 *     lower {@code service.id}). Every policy is asked, so every verdict is logged and audited.</li>
 * <li>Any {@link Decision.Verdict#SKIP} vetoes recording. Otherwise the call is recorded when at least one policy says
 *     {@link Decision.Verdict#RECORD}; {@link Decision.Verdict#ABSTAIN} is no opinion. With no RECORD, the call is not
 *     recorded.</li>
 * <li>{@link Decision#mandatory()} and {@link Decision#announcement()} are taken from the deciding RECORD: the
 *     first RECORD in ranking order.</li>
 * <li>A policy that throws, returns {@code null} or does not answer within the deadline (configuration
 *     {@code policy.deadline.ms} of {@code org.siprec.src}, default 50 ms) counts as ABSTAIN; it is logged with its
 *     name and the call goes on.</li>
 * </ol>
 * Implementations must answer from memory, quickly, and may be called concurrently for different calls.
 */
@ConsumerType
public interface RecordingPolicy {
    /** Service property giving the order among policies; higher runs first (OSGi service ranking). */
    String RANKING = "service.ranking";

    Decision evaluate(CommunicationSession session);
}
