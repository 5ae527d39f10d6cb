package org.siprec.media.internal;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A validated {@link MediaConfig}. */
record Settings(InetAddress bindAddress, int portMin, int portMax, int selectorThreads, Latching latching,
        int latchWindowMs) {
    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);
    static final int LOWEST_PORT = 1024;
    static final int HIGHEST_PORT = 65535;
    static final int MAX_SELECTOR_THREADS = 64;
    static final int MAX_LATCH_WINDOW_MS = 60_000;

    /**
     * Validates a configuration. An unknown {@code latching} value is not fatal: it is logged as an error and the
     * default applies, so that a typo cannot take the media relay, and with it every call, down.
     *
     * @throws IllegalArgumentException naming the offending key
     */
    static Settings from(MediaConfig config) {
        int min = config.port_min();
        int max = config.port_max();
        if (min < LOWEST_PORT || min > HIGHEST_PORT) {
            throw invalid("port.min=" + min + " is outside " + LOWEST_PORT + ".." + HIGHEST_PORT);
        }
        if (max < LOWEST_PORT || max > HIGHEST_PORT) {
            throw invalid("port.max=" + max + " is outside " + LOWEST_PORT + ".." + HIGHEST_PORT);
        }
        if (min > max) {
            throw invalid("port.min=" + min + " is greater than port.max=" + max);
        }
        if (min % 2 != 0) {
            throw invalid("port.min=" + min + " must be even (RTP uses even ports, RTCP the next odd port)");
        }
        int count = max - min + 1;
        if (count % 2 != 0) {
            throw invalid("port.max=" + max + " gives an odd number of ports (" + count + ") in " + min + "-" + max
                    + "; port.max must be odd so that every RTP port has its RTCP port");
        }
        if (count < 4) {
            throw invalid("port.max=" + max + " leaves " + count + " ports in " + min + "-" + max
                    + "; one stream needs 4 (an RTP/RTCP pair per side)");
        }
        int threads = config.selector_threads();
        if (threads < 0 || threads > MAX_SELECTOR_THREADS) {
            throw invalid("selector.threads=" + threads + " is outside 0.." + MAX_SELECTOR_THREADS
                    + " (0 = one per CPU core)");
        }
        if (threads == 0) {
            threads = Runtime.getRuntime().availableProcessors();
        }
        int window = config.latch_window_ms();
        if (window < 1 || window > MAX_LATCH_WINDOW_MS) {
            throw invalid("latch.window.ms=" + window + " is outside 1.." + MAX_LATCH_WINDOW_MS);
        }
        return new Settings(bindAddress(config.bind_address()), min, max, threads, latching(config.latching()),
                window);
    }

    private static Latching latching(String value) {
        try {
            return Latching.parse(value);
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid configuration {}: {}; using latching={}", MediaConfig.PID, e.getMessage(),
                    Latching.DEFAULT.key());
            return Latching.DEFAULT;
        }
    }

    private static InetAddress bindAddress(String value) {
        String text = value == null ? "" : value.trim();
        if (text.isEmpty()) {
            throw invalid("bind.address is empty");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw invalid("bind.address=" + text + " is not a valid address (" + e.getMessage() + ")");
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            throw invalid("bind.address=" + text
                    + " must be a unicast address of this host (it is announced in SDP: no wildcard, no multicast)");
        }
        try {
            if (NetworkInterface.getByInetAddress(address) == null) {
                throw invalid("bind.address=" + text + " is not an address of this host");
            }
        } catch (SocketException e) {
            throw invalid("bind.address=" + text + " cannot be checked (" + e.getMessage() + ")");
        }
        return address;
    }

    private static IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException("Invalid configuration " + MediaConfig.PID + ": " + message);
    }

    String range() {
        return portMin + "-" + portMax;
    }
}
