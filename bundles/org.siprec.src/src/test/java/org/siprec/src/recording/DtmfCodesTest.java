package org.siprec.src.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The pause.dtmf / resume.dtmf configuration values and the RFC 4733 event codes. */
class DtmfCodesTest {
    @Test
    void sequencesAreDigitsStarHashAndAToDUpToEight() {
        assertEquals(new DtmfCodes("*1", "#2A"), DtmfCodes.of(" *1 ", "#2a"));
        assertTrue(DtmfCodes.of("*1", "").enabled());
        assertFalse(DtmfCodes.of("", null).enabled());
        assertEquals("pause.dtmf may hold only 0-9 * # A-D, got '*x'",
                assertThrows(IllegalArgumentException.class, () -> DtmfCodes.of("*x", "")).getMessage());
        assertEquals("resume.dtmf is at most 8 digits, got '123456789'",
                assertThrows(IllegalArgumentException.class, () -> DtmfCodes.of("", "123456789")).getMessage());
        assertEquals("pause.dtmf and resume.dtmf must differ, both are '*1'",
                assertThrows(IllegalArgumentException.class, () -> DtmfCodes.of("*1", "*1")).getMessage());
    }

    @Test
    void eventCodesAreTheDigitsOfRfc4733() {
        assertEquals('0', DtmfCodes.digit(0));
        assertEquals('9', DtmfCodes.digit(9));
        assertEquals('*', DtmfCodes.digit(10));
        assertEquals('#', DtmfCodes.digit(11));
        assertEquals('D', DtmfCodes.digit(15));
        assertEquals(0, DtmfCodes.digit(16), "not a DTMF event (e.g. a tone event)");
    }
}
