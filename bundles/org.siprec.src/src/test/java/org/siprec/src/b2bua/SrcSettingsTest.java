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
    void theMandatoryGraceAndKeepAliveDefaultTo10And2SecondsAndAcceptTheirRanges() {
        assertEquals(java.time.Duration.ofSeconds(10), from(Map.of()).mandatory().grace());
        assertEquals(java.time.Duration.ofSeconds(2), from(Map.of()).mandatory().keepalive());
        assertEquals(java.time.Duration.ZERO, from(Map.of("mandatory.grace.seconds", 0)).mandatory().grace());
        assertEquals(java.time.Duration.ofSeconds(3600), from(Map.of("mandatory.grace.seconds", 3600)).mandatory().grace());
        assertEquals(java.time.Duration.ZERO, from(Map.of("mandatory.keepalive.seconds", 0)).mandatory().keepalive());
        assertEquals(java.time.Duration.ofSeconds(300), from(Map.of("mandatory.keepalive.seconds", 300)).mandatory().keepalive());
    }

    @Test
    void aMandatoryGraceOrKeepAliveOutOfRangeIsRefusedNamingTheKey() {
        for (int seconds : new int[] {-1, 3601}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> from(Map.of("mandatory.grace.seconds", seconds)));
            assertEquals("mandatory.grace.seconds must be between 0 and 3600, got " + seconds, e.getMessage());
        }
        for (int seconds : new int[] {-1, 301}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> from(Map.of("mandatory.keepalive.seconds", seconds)));
            assertEquals("mandatory.keepalive.seconds must be between 1 and 300 (or 0: off), got " + seconds, e.getMessage());
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
