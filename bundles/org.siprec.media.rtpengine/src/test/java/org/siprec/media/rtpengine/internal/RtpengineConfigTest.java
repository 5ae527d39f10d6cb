package org.siprec.media.rtpengine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siprec.testsupport.Configs;

/** Bad configuration values are refused with a message naming the key (no sockets are opened). */
class RtpengineConfigTest {

    @Test
    void theDefaultsAddressRtpengineOnTheLoopbackPort2223() {
        assertEquals(new InetSocketAddress("127.0.0.1", 2223), RtpengineMirror.validated(Configs.defaults(RtpengineConfig.class)));
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertRefused(Map.of("ng.port", 70000), "ng.port=70000 is not a UDP port (1..65535)");
        assertRefused(Map.of("timeout.ms", 0), "timeout.ms=0 is outside 10..10000");
        assertRefused(Map.of("attempts", 0), "attempts=0 is outside 1..10");
        assertRefused(Map.of("media.address", "0.0.0.0"), "media.address=0.0.0.0 is announced in SDP");
    }

    private static void assertRefused(Map<String, Object> values, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RtpengineMirror.validated(Configs.of(RtpengineConfig.class, values)));
        assertEquals(true, e.getMessage().startsWith("Invalid configuration org.siprec.media.rtpengine: " + message),
                e.getMessage());
    }
}
