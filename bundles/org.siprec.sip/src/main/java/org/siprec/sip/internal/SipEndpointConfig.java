package org.siprec.sip.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
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

    // --- TLS (RFC 3261 26.2, RFC 5922): a third listening point with this endpoint's own certificate

    @AttributeDefinition(description = "TLS port, 0 disables TLS (needed to send to sips: or ;transport=tls URIs)")
    int tls_port() default 0;

    @AttributeDefinition(description = "Key store (PKCS12 or JKS) with this endpoint's private key and certificate chain")
    String tls_keystore() default "";

    @AttributeDefinition(description = "Password of the key store and of its private key", type = AttributeType.PASSWORD)
    String tls_keystore_password() default "";

    @AttributeDefinition(description = "Trust store (PKCS12 or JKS) with the CA certificates peers' certificates are checked against; empty = the JVM's default CAs")
    String tls_truststore() default "";

    @AttributeDefinition(description = "Password of the trust store", type = AttributeType.PASSWORD)
    String tls_truststore_password() default "";

    @AttributeDefinition(description = "Certificate asked of TLS clients: none, want (checked if shown) or need (required)")
    String tls_client_auth() default "none";

    @AttributeDefinition(description = "TLS protocols allowed, comma-separated: TLSv1.3, TLSv1.2")
    String tls_protocols() default "TLSv1.3,TLSv1.2";

    @AttributeDefinition(description = "Whether a TLS server's certificate must name the host or IP address it is reached at (subjectAltName); false only for testing")
    boolean tls_verify_host() default true;

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
