package org.siprec.api.srs;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.siprec.api.model.CommunicationSession;

/**
 * Chooses where a call is recorded. The core tries the returned targets in order until one accepts.
 */
@ConsumerType
public interface SrsAdapter {
    /** The SRS targets for this call, in the order they are to be tried; empty when none is available. */
    List<SrsTarget> targets(CommunicationSession session);

    /** Whether the adapter currently has at least one usable SRS. */
    boolean healthy();
}
