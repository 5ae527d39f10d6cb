package org.siprec.api.health;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One health check, registered as an OSGi service with the service properties {@value #NAME} (required; a check
 * without a name is ignored) and {@value #TAGS} ({@value #LIVE} and/or {@value #READY}; a check without tags counts
 * for readiness only). Modelled on Apache Felix Health Checks' {@code HealthCheck}, which does not run in this
 * Karaf (see docs/operations.md).
 * <p>
 * {@link #check()} is called on a thread of the health runner, never on a call's signalling thread, with a
 * deadline ({@code check.timeout.ms}): a check that has not answered by then, or that throws, counts as
 * {@link HealthResult.Status#CRITICAL}. It should answer quickly and never block calls.
 */
@ConsumerType
public interface HealthCheck {
    /** Service property: the check's name, as shown in {@code /health/*} and {@code siprec:health}. */
    String NAME = "health.check.name";
    /** Service property: the probes the check counts for ({@value #LIVE}, {@value #READY}). */
    String TAGS = "health.check.tags";
    /** Tag: the process works at all; a failure means it should be restarted. */
    String LIVE = "live";
    /** Tag: the platform can take calls and record them; a failure means send no traffic here. */
    String READY = "ready";

    HealthResult check();
}
