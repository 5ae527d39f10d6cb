package org.siprec.src.decision;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "siprec policy engine", description = "How recording policies are asked at call set-up")
public @interface PolicyEngineConfig {
    @AttributeDefinition(description = "Milliseconds a policy may take, counted from when a policy thread starts running it; a policy that has not answered by then counts as ABSTAIN (1-5000)")
    int policy_deadline_ms() default 50;

    @AttributeDefinition(description = "Milliseconds a call waits at most for all its policies together, including the time a policy waits for a free, scheduled policy thread (a CPU-starved node); never less than the deadline (1-10000)")
    int policy_wait_max_ms() default 500;

    @AttributeDefinition(description = "Threads that run policies (a policy that hangs holds one until it returns; 1-256)")
    int policy_threads() default 8;
}
