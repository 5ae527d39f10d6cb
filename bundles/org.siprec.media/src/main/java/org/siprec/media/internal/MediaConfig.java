package org.siprec.media.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

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

    @AttributeDefinition(name = "latching",
            description = "Which sources each side of a stream accepts media from and sends to. off (default): only the "
                    + "address in SDP; once: the address in SDP or the first source that sends within latch.window.ms of "
                    + "it being signalled (NAT), never another one afterwards; follow: whoever sent last (risky: anyone "
                    + "reaching a relay port takes the media over). Applies to streams opened afterwards",
            options = {
                @Option(value = "off", label = "off: only the SDP address (default)"),
                @Option(value = "once", label = "once: latch once, within latch.window.ms of signalling"),
                @Option(value = "follow", label = "follow: latch to every new source (risky)")
            })
    String latching() default "off";

    @AttributeDefinition(name = "latch.window.ms", min = "1", max = "60000",
            description = "latching=once: how long after a side's address was signalled in SDP the first other source "
                    + "may take the latch (milliseconds); after it, only the signalled address or the latched source is accepted")
    int latch_window_ms() default 2000;
}
