package org.siprec.media.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the built-in RTP relay, PID {@value #PID} ({@code etc/org.siprec.media.cfg}). Attribute names map
 * to keys by the DS rules: {@code bind_address} is the key {@code bind.address}.
 */
@ObjectClassDefinition(id = MediaConfig.PID, name = "siprec media relay",
        description = "The built-in RTP/RTCP relay that anchors call media between the two legs")
public @interface MediaConfig {
    /** The configuration PID. */
    String PID = "org.siprec.media";

    @AttributeDefinition(name = "bind.address",
            description = "Local IP address the relay binds its UDP ports to and announces in SDP; must be an address of this host, not a wildcard")
    String bind_address() default "127.0.0.1";

    @AttributeDefinition(name = "port.min", min = "1024", max = "65534",
            description = "First port of the media port range; must be even (RTP on even ports, RTCP on the next odd one)")
    int port_min() default 20000;

    @AttributeDefinition(name = "port.max", min = "1025", max = "65535",
            description = "Last port of the media port range (inclusive); the range must hold an even number of ports, at least 4 (one stream)")
    int port_max() default 29999;

    @AttributeDefinition(name = "selector.threads", min = "0", max = "64",
            description = "Selector threads that move the packets; 0 = one per CPU core. Applied when the component starts")
    int selector_threads() default 0;
}
