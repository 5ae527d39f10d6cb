package org.siprec.media.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {
    @Test
    void defaults() {
        Settings settings = Settings.from(TestConfig.defaults());
        assertEquals(InetAddress.getLoopbackAddress(), settings.bindAddress());
        assertEquals(20000, settings.portMin());
        assertEquals(29999, settings.portMax());
        assertEquals(Runtime.getRuntime().availableProcessors(), settings.selectorThreads());
        assertEquals(Latching.OFF, settings.latching());
        assertEquals(2000, settings.latchWindowMs());
    }

    @ParameterizedTest
    @CsvSource({"0", "-1", "60001"})
    void aLatchWindowOutsideOneMillisecondToAMinuteIsRefused(int ms) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(TestConfig.defaults().withLatchWindow(ms)));
        assertEquals("Invalid configuration org.siprec.media: latch.window.ms=" + ms + " is outside 1..60000",
                e.getMessage());
    }

    @Test
    void defaultsOfTheAnnotationMatchTheDocumentedOnes() throws Exception {
        assertEquals("127.0.0.1", MediaConfig.class.getMethod("bind_address").getDefaultValue());
        assertEquals(20000, MediaConfig.class.getMethod("port_min").getDefaultValue());
        assertEquals(29999, MediaConfig.class.getMethod("port_max").getDefaultValue());
        assertEquals(0, MediaConfig.class.getMethod("selector_threads").getDefaultValue());
        assertEquals("off", MediaConfig.class.getMethod("latching").getDefaultValue());
        assertEquals(2000, MediaConfig.class.getMethod("latch_window_ms").getDefaultValue());
        assertEquals(Latching.DEFAULT, Latching.parse((String) MediaConfig.class.getMethod("latching").getDefaultValue()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"off, OFF", "once, ONCE", "follow, FOLLOW", "' Follow ', FOLLOW", "OFF, OFF"})
    void latchingValues(String value, Latching expected) {
        assertEquals(expected, Settings.from(TestConfig.defaults().withLatching(value)).latching());
    }

    @ParameterizedTest
    @CsvSource({"strict", "''", "on", "latch-once"})
    void anUnknownLatchingValueIsAnErrorThatFallsBackToTheDefault(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Latching.parse(value));
        assertEquals("latching=" + value + " is not one of off, once, follow", e.getMessage());
        // the relay still starts: a typo must not take every call's media down
        RtpRelay relay = new RtpRelay(TestConfig.defaults().withSelectorThreads(1).withLatching(value));
        try {
            assertEquals(Latching.OFF, relay.settings().latching());
        } finally {
            relay.deactivate();
        }
    }

    @ParameterizedTest(name = "{0}..{1} -> {2}")
    @CsvSource({
        "30000, 29999, port.min", // min > max
        "20001, 29999, port.min", // RTP port odd
        "20000, 29998, port.max", // odd number of ports
        "20000, 20001, port.max", // not even one stream
        "80, 1999, port.min", // privileged
        "60000, 70001, port.max", // beyond 65535
    })
    void badPortRangesAreRejectedNamingTheKey(int min, int max, String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RtpRelay(TestConfig.defaults().withPorts(min, max)));
        assertTrue(e.getMessage().contains(key + "="), e.getMessage());
        assertTrue(e.getMessage().contains(MediaConfig.PID), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0.0.0.0", "224.0.0.1", "192.0.2.1", "''"})
    void badBindAddressesAreRejected(String address) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RtpRelay(TestConfig.defaults().withBindAddress(address)));
        assertTrue(e.getMessage().contains("bind.address"), e.getMessage());
    }

    @Test
    void badSelectorThreadsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RtpRelay(TestConfig.defaults().withSelectorThreads(-1)));
        assertTrue(e.getMessage().contains("selector.threads=-1"), e.getMessage());
    }

    @Test
    void aBadUpdateKeepsTheRunningConfiguration() {
        RtpRelay relay = new RtpRelay(TestConfig.defaults().withSelectorThreads(1));
        try {
            assertThrows(IllegalArgumentException.class,
                    () -> relay.modified(TestConfig.defaults().withPorts(30000, 20000)));
            assertEquals(20000, relay.settings().portMin());
            assertEquals(10000, relay.freePorts());
        } finally {
            relay.deactivate();
        }
    }
}
