package org.siprec.media.rtpengine.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the rtpengine media mirror, PID {@value #PID} ({@code etc/org.siprec.media.rtpengine.cfg}).
 * Applied when the component (re)starts: a change restarts it, which ends the media of calls in progress through it
 * only if the SRC is bound to it (DS rebinds the SRC, as for any change of its media mirror).
 */
@ObjectClassDefinition(id = RtpengineConfig.PID, name = "siprec media mirror: rtpengine",
        description = "Drives an rtpengine daemon over its NG control protocol as the media mirror")
public @interface RtpengineConfig {
    String PID = "org.siprec.media.rtpengine";

    @AttributeDefinition(name = "ng.address", description = "IP address of rtpengine's NG control socket (--listen-ng)")
    String ng_address() default "127.0.0.1";

    @AttributeDefinition(name = "ng.port", min = "1", max = "65535", description = "UDP port of rtpengine's NG control socket (--listen-ng)")
    int ng_port() default 2223;

    @AttributeDefinition(name = "media.address",
            description = "The address rtpengine receives media on (its --interface), announced in SDP c= lines")
    String media_address() default "127.0.0.1";

    @AttributeDefinition(name = "timeout.ms", min = "10", max = "10000", description = "How long to wait for each NG reply")
    int timeout_ms() default 500;

    @AttributeDefinition(name = "attempts", min = "1", max = "10",
            description = "How many times an NG command is sent (same cookie) before it fails")
    int attempts() default 3;
}
