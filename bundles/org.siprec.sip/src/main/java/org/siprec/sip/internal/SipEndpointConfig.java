package org.siprec.sip.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "siprec SIP endpoint", description = "Listen points and stack settings of the platform's SIP stack")
public @interface SipEndpointConfig {
    @AttributeDefinition(name = "endpoint.name", description = "Name of this endpoint; SIP applications registered with the same endpoint.name service property receive its events")
    String endpoint_name() default "main";

    @AttributeDefinition(description = "Local IP address to listen on; also put in Via and Contact")
    String listen_address() default "127.0.0.1";

    @AttributeDefinition(description = "UDP port, 0 disables UDP")
    int udp_port() default 5060;

    @AttributeDefinition(description = "TCP port, 0 disables TCP")
    int tcp_port() default 5060;

    @AttributeDefinition(description = "Product token for User-Agent and Server headers")
    String user_agent() default "siprec-platform";

    @AttributeDefinition(description = "RFC 3261 timer T1 in milliseconds (retransmission base)")
    int t1_ms() default 500;

    @AttributeDefinition(description = "Threads the stack uses to process messages; applied when the stack starts")
    int thread_pool_size() default 8;
}
