package org.siprec.api.policy;

import org.osgi.annotation.versioning.ConsumerType;
import org.siprec.api.model.CommunicationSession;

/**
 * Decides, once per call at set-up, whether the call is recorded. Registered as an OSGi service by
 * policy plugins; the core consults every registered policy. Implementations must answer quickly and
 * must not block: the core applies a deadline and a default decision.
 */
@ConsumerType
public interface RecordingPolicy {
    /** Service property giving the order among policies; lower runs first. */
    String RANKING = "service.ranking";

    Decision evaluate(CommunicationSession session);
}
