package org.siprec.src.decision;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "siprec policy engine", description = "How recording policies are asked at call set-up")
public @interface PolicyEngineConfig {
    @AttributeDefinition(description = "Milliseconds all policies together may take for one call; a policy that has not answered by then counts as ABSTAIN (1-5000)")
    int policy_deadline_ms() default 50;

    @AttributeDefinition(description = "Threads that run policies (a policy that hangs holds one until it returns; 1-256)")
    int policy_threads() default 8;
}
