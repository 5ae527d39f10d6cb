package org.siprec.api.compliance;

import java.time.Instant;
import org.osgi.annotation.versioning.ConsumerType;

/** Receives audit events (decisions, starts, failures) for compliance evidence. */
@ConsumerType
public interface AuditSink {
    void event(Instant time, String callId, String event, String detail);
}
