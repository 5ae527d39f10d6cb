package org.siprec.srs.embedded.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siprec.testsupport.Configs;

class SrsSettingsTest {
    private static SrsSettings of(Map<String, Object> values) {
        return SrsSettings.from(Configs.of(SrsConfig.class, values));
    }

    @Test
    void defaults() {
        SrsSettings s = of(Map.of());
        String data = System.getProperty("karaf.data");
        Path expected = Path.of(data == null ? "." : data, "recordings").toAbsolutePath().normalize();
        assertEquals(expected, s.recordingsDir());
        assertEquals("127.0.0.1", s.mediaAddress().getHostAddress());
        assertEquals(30000, s.portMin());
        assertEquals(39999, s.portMax());
    }

    @Test
    void badValuesNameTheirKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> of(Map.of("media.address", "not-an-ip")))
                .getMessage().startsWith("media.address"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> of(Map.of("port.min", 80)))
                .getMessage().startsWith("port.min"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> of(Map.of("port.max", 70000)))
                .getMessage().startsWith("port.max"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> of(Map.of("port.min", 31001, "port.max", 31001)))
                .getMessage().startsWith("port.max"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> of(Map.of("recordings.dir", "/proc/no-such-dir/x")).prepare()).getMessage().startsWith("recordings.dir"));
    }
}
