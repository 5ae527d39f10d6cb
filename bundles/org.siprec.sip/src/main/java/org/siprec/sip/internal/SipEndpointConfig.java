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

    // --- the request door (org.siprec.sip.internal.door): limits and per-source rates, applied live

    @AttributeDefinition(description = "Largest SIP datagram accepted, in bytes; a larger one is dropped and counted")
    int max_message_size_udp() default 65507;

    @AttributeDefinition(description = "Largest SIP message accepted on a TCP connection, in bytes; a larger one closes the connection (applied when the stack starts)")
    int max_message_size_tcp() default 65536;

    @AttributeDefinition(description = "Most header lines in a request; more is answered 400")
    int max_header_count() default 128;

    @AttributeDefinition(description = "Requests a second allowed from each trusted source address")
    double rate_trusted_per_second() default 2000;

    @AttributeDefinition(description = "Burst of requests allowed from each trusted source address")
    int rate_trusted_burst() default 4000;

    @AttributeDefinition(description = "Requests a second allowed from each untrusted source address")
    double rate_untrusted_per_second() default 20;

    @AttributeDefinition(description = "Burst of requests allowed from each untrusted source address")
    int rate_untrusted_burst() default 40;

    @AttributeDefinition(description = "Most source addresses tracked by the rate limiter; further new sources share one bucket per class")
    int rate_max_sources() default 10000;

    @AttributeDefinition(description = "Option tags a request may name in Require (comma-separated); others are answered 420")
    String supported_option_tags() default "100rel";
}
