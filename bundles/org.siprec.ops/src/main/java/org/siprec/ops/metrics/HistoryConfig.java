package org.siprec.ops.metrics;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@code etc/org.siprec.ops.history.cfg}: how often the metrics history behind the operations page samples, and how
 * far back it reaches (docs/operations.md#metrics-history). A change restarts the history.
 */
@ObjectClassDefinition(id = HistoryConfig.PID, name = "siprec metrics history")
public @interface HistoryConfig {
    String PID = "org.siprec.ops.history";

    @AttributeDefinition(description = "Seconds between two samples (1..3600)")
    int interval_seconds() default 10;

    @AttributeDefinition(description = "Minutes of samples kept (1..1440); window / interval samples at most")
    int window_minutes() default 60;
}
