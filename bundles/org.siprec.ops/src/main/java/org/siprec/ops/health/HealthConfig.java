package org.siprec.ops.health;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/org.siprec.ops.health.cfg}: thresholds of the built-in health checks (docs/operations.md). */
@ObjectClassDefinition(id = HealthConfig.PID, name = "siprec health checks")
public @interface HealthConfig {
    String PID = "org.siprec.ops.health";

    @AttributeDefinition(description = "How long one check may take (ms, 1..60000); a check that has not answered is CRITICAL")
    int check_timeout_ms() default 2000;

    @AttributeDefinition(description = "Fewest free media relay ports for readiness (0 disables)")
    int media_ports_free_min() default 100;

    @AttributeDefinition(description = "Folder whose file system must have disk.free.min.mb free: the embedded SRS's"
            + " recordings.dir; empty: ${karaf.data}/recordings")
    String disk_path() default "";

    @AttributeDefinition(description = "Least free space (MiB) on disk.path's file system for readiness (0 disables)")
    long disk_free_min_mb() default 512;

    @AttributeDefinition(description = "true: readiness needs the platform database (SiprecDatabase service) and a"
            + " valid connection; false: no database check")
    boolean database_required() default true;
}
