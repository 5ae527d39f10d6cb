package org.siprec.src.overload;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/org.siprec.src.overload.cfg}: when the SRC refuses new calls to keep the admitted ones whole. */
@ObjectClassDefinition(name = "siprec overload control", description = "New calls refused with 503 + Retry-After"
        + " before anything is committed to them, so that admitted calls complete and are recorded")
public @interface OverloadConfig {
    String PID = "org.siprec.src.overload";

    @AttributeDefinition(description = "Refuse new calls while work for calls waits longer than this in the SRC's"
            + " call threads (milliseconds; a CPU-starved node); 0: off")
    int queue_delay_max_ms() default 300;

    @AttributeDefinition(description = "New calls admitted per second at most (token bucket, burst of one second's"
            + " worth); 0: no limit. Set it from the capacity the benchmark measures on the node")
    int cps_max() default 0;

    @AttributeDefinition(description = "Calls in progress at most; a new call beyond it is refused; 0: no limit")
    int calls_max() default 0;

}
