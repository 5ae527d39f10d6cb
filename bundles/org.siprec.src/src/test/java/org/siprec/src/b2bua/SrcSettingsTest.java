package org.siprec.src.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siprec.testsupport.Configs;

/** The SRC's configuration is checked as a whole; a bad value names its key. */
class SrcSettingsTest {
    private static SrcSettings from(Map<String, Object> config) {
        return SrcSettings.from(Configs.of(SrcConfig.class, config), new AddressFactoryImpl());
    }

    @Test
    void theMandatoryRejectStatusDefaultsTo503AndTakesTheListedOnes() {
        assertEquals(503, from(Map.of()).mandatoryRejectStatus());
        for (int status : new int[] {403, 480, 488, 500, 503, 603}) {
            assertEquals(status, from(Map.of("mandatory.reject.status", status)).mandatoryRejectStatus());
        }
    }

    @Test
    void anotherMandatoryRejectStatusIsRefusedNamingTheKey() {
        for (int status : new int[] {200, 404, 486, 999}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> from(Map.of("mandatory.reject.status", status)));
            assertTrue(e.getMessage().startsWith("mandatory.reject.status must be one of [403, 480, 488, 500, 503, 603], got "
                    + status), e.getMessage());
        }
    }

    @Test
    void theAnnouncementMomentIsAnswerByDefaultOrEarlyAndAnythingElseIsRefusedNamingTheKey() {
        assertEquals(false, from(Map.of()).earlyAnnouncement());
        assertEquals(false, from(Map.of("announcement.moment", "answer")).earlyAnnouncement());
        assertEquals(true, from(Map.of("announcement.moment", " early ")).earlyAnnouncement());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> from(Map.of("announcement.moment", "ringing")));
        assertEquals("announcement.moment must be answer or early, got 'ringing'", e.getMessage());
    }
}
