package org.siprec.sip.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Validated listen settings; a bad value is refused with a message naming the configuration key. */
record ListenSettings(String name, String host, int udpPort, int tcpPort, String userAgent, int t1Millis, int threads) {

    static ListenSettings from(SipEndpointConfig config) {
        String host = config.listen_address() == null ? "" : config.listen_address().trim();
        try {
            InetAddress address = InetAddress.getByName(host);
            if (host.isEmpty() || address.isAnyLocalAddress() && !host.equals("0.0.0.0")) {
                throw new IllegalArgumentException("listen.address must be a local IP address, got '" + host + "'");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("listen.address '" + host + "' is not an IP address", e);
        }
        int udp = port("udp.port", config.udp_port());
        int tcp = port("tcp.port", config.tcp_port());
        if (udp == 0 && tcp == 0) {
            throw new IllegalArgumentException("udp.port and tcp.port are both 0: at least one transport is needed");
        }
        if (config.t1_ms() < 50 || config.t1_ms() > 10_000) {
            throw new IllegalArgumentException("t1.ms must be between 50 and 10000, got " + config.t1_ms());
        }
        if (config.thread_pool_size() < 1 || config.thread_pool_size() > 256) {
            throw new IllegalArgumentException("thread.pool.size must be between 1 and 256, got " + config.thread_pool_size());
        }
        String name = config.endpoint_name() == null ? "" : config.endpoint_name().trim();
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("endpoint.name must be a word of letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        String ua = config.user_agent() == null || config.user_agent().isBlank() ? "siprec-platform" : config.user_agent().trim();
        return new ListenSettings(name, host, udp, tcp, ua, config.t1_ms(), config.thread_pool_size());
    }

    private static int port(String key, int value) {
        if (value != 0 && (value < 1 || value > 65535)) {
            throw new IllegalArgumentException(key + " must be 0 (disabled) or 1..65535, got " + value);
        }
        return value;
    }

    boolean sameListenPoints(ListenSettings other) {
        return host.equals(other.host) && udpPort == other.udpPort && tcpPort == other.tcpPort;
    }
}
