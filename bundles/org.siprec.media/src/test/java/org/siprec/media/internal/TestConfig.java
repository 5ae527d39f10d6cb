package org.siprec.media.internal;

import java.lang.annotation.Annotation;

/** A {@link MediaConfig} for tests, as DS would build it from {@code etc/org.siprec.media.cfg}. */
record TestConfig(String bind_address, int port_min, int port_max, int selector_threads, String latching,
        int latch_window_ms) implements MediaConfig {
    static TestConfig defaults() {
        return new TestConfig("127.0.0.1", 20000, 29999, 0, "off", 2000);
    }

    static TestConfig range(int min, int max) {
        return new TestConfig("127.0.0.1", min, max, 2, "off", 2000);
    }

    TestConfig withBindAddress(String value) {
        return new TestConfig(value, port_min, port_max, selector_threads, latching, latch_window_ms);
    }

    TestConfig withPorts(int min, int max) {
        return new TestConfig(bind_address, min, max, selector_threads, latching, latch_window_ms);
    }

    TestConfig withSelectorThreads(int value) {
        return new TestConfig(bind_address, port_min, port_max, value, latching, latch_window_ms);
    }

    TestConfig withLatching(String value) {
        return new TestConfig(bind_address, port_min, port_max, selector_threads, value, latch_window_ms);
    }

    TestConfig withLatchWindow(int ms) {
        return new TestConfig(bind_address, port_min, port_max, selector_threads, latching, ms);
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return MediaConfig.class;
    }
}
