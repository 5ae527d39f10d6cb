package org.siprec.srs.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.siprec.api.srs.SrsTarget;

class ConfiguredSrsAdapterTest {
    @Test
    void keepsTheConfiguredOrder() {
        assertEquals(List.of(new SrsTarget("sip:a@10.0.0.1"), new SrsTarget("sip:b@10.0.0.2:5070;transport=tcp")),
                ConfiguredSrsAdapter.parse(" sip:a@10.0.0.1 , sip:b@10.0.0.2:5070;transport=tcp,"));
        assertTrue(ConfiguredSrsAdapter.parse("").isEmpty());
    }

    @Test
    void refusesWhatIsNotASipUri() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfiguredSrsAdapter.parse("sip:a@10.0.0.1, http://srs.example.com"));
        assertTrue(e.getMessage().contains("srs.uris"), e.getMessage());
        assertTrue(e.getMessage().contains("http://srs.example.com"), e.getMessage());
    }
}
