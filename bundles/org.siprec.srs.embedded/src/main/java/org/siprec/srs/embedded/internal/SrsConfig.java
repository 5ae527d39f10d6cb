package org.siprec.srs.embedded.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "siprec embedded SRS",
        description = "The SIPREC Session Recording Server inside the platform (SIP on the 'srs' endpoint, etc/org.siprec.sip.endpoint-srs.cfg)")
public @interface SrsConfig {
    @AttributeDefinition(description = "Folder for WAV files, metadata and index.jsonl; ${karaf.data} and other system properties are resolved (without karaf.data: ./recordings)")
    String recordings_dir() default "${karaf.data}/recordings";

    @AttributeDefinition(description = "Local IP address the RTP receive ports bind to and that the SDP answer names")
    String media_address() default "127.0.0.1";

    @AttributeDefinition(description = "Lowest UDP port for received RTP (pairs: RTP even, RTCP odd)")
    int port_min() default 30000;

    @AttributeDefinition(description = "Highest UDP port for received RTP")
    int port_max() default 39999;
}
