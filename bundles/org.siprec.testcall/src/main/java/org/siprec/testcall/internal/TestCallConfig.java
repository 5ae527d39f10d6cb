package org.siprec.testcall.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "siprec test call",
        description = "siprec:test-call: a call with audio through the platform to a built-in callee (SIP on the 'testcall' endpoint, etc/org.siprec.sip.endpoint-testcall.cfg)")
public @interface TestCallConfig {
    /** The configuration PID. */
    String PID = "org.siprec.testcall";

    @AttributeDefinition(name = "platform.uri", description = "SIP URI of the platform (the B2BUA) the test call is sent through")
    String platform_uri() default "sip:127.0.0.1:5060";

    @AttributeDefinition(name = "recording.wait.s", min = "0", max = "300",
            description = "Seconds to wait after the call for its recording to be complete in the recording catalog (the embedded SRS's)")
    int recording_wait_s() default 10;

    @AttributeDefinition(name = "media.address", description = "Local address of the test call's RTP sockets; empty: the testcall endpoint's address")
    String media_address() default "";
}
