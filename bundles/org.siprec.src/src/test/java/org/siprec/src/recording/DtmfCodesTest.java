package org.siprec.src.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siprec.api.directory.Company;
import org.siprec.api.directory.FeatureCodes;
import org.siprec.api.directory.FeatureCodes.Action;
import org.siprec.api.directory.RecordingProfile;
import org.siprec.api.directory.Subscriber;

/**
 * The DTMF feature code configuration values (record.start.dtmf, record.stop.dtmf, pause.dtmf, resume.dtmf), the
 * directory's text form of a company's or user's codes, how a user's codes override the company's over the
 * defaults, how the digits a party sent are matched, and the RFC 4733 event codes.
 */
class DtmfCodesTest {
    @Test
    void sequencesAreDigitsStarHashAndAToDUpToEight() {
        assertEquals(new DtmfCodes("", "", "*1", "#2A"), DtmfCodes.of(" *1 ", "#2a"));
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

    private static final DtmfCodes DEFAULTS = DtmfCodes.of("*71", "*72", "*1", "*2");
    private static final Company ACME = Company.of("acme", "ACME", ZoneId.of("Europe/Paris"), "33");
    private static final Subscriber ALICE = Subscriber.of("alice", "acme", "Alice", RecordingProfile.BOTH);

    @Test
    void startAndStopCodesAreCheckedAgainstEachOtherAndThePauseCodes() {
        assertEquals(new DtmfCodes("*71", "*72", "*1", "*2"), DEFAULTS);
        assertEquals("record.start.dtmf and pause.dtmf must differ, both are '*1'",
                assertThrows(IllegalArgumentException.class, () -> DtmfCodes.of("*1", "", "*1", "")).getMessage());
        assertEquals("record.stop.dtmf may hold only 0-9 * # A-D, got '#x'",
                assertThrows(IllegalArgumentException.class, () -> DtmfCodes.of("", "#x", "", "")).getMessage());
        assertTrue(DtmfCodes.of("*7", "", "", "").enabled());
        assertFalse(DtmfCodes.NONE.enabled());
    }

    @Test
    void theTextFormOfTheDirectoryIsReadAndWrittenBack() {
        FeatureCodes codes = FeatureCodes.parse(" on, start=*7 stop=OFF,pause=#1a ");
        assertEquals(Optional.of(true), codes.allowed());
        assertEquals(Map.of(Action.START, "*7", Action.STOP, "", Action.PAUSE, "#1A"), codes.codes());
        assertEquals("on,start=*7,stop=off,pause=#1A", codes.toString());
        assertEquals(codes, FeatureCodes.parse(codes.toString()));
        assertEquals(FeatureCodes.INHERIT, FeatureCodes.parse(""));
        assertEquals("off", FeatureCodes.parse("off").toString());
        assertEquals("feature codes: 'record=*7' is not on, off or start|stop|pause|resume=<code> (e.g. start=*71, stop=off)",
                assertThrows(IllegalArgumentException.class, () -> FeatureCodes.parse("record=*7")).getMessage());
        assertEquals("start may hold only 0-9 * # A-D, got '*x'",
                assertThrows(IllegalArgumentException.class, () -> FeatureCodes.parse("start=*x")).getMessage());
        assertEquals("feature codes start and stop must differ, both are '*7'",
                assertThrows(IllegalArgumentException.class, () -> FeatureCodes.parse("start=*7,stop=*7")).getMessage());
    }

    @Test
    void aUsersCodesOverrideTheCompanysWhichOverrideTheDefaults() {
        assertEquals(DEFAULTS, DEFAULTS.forServedUser(Optional.empty(), Optional.empty()), "no directory entry: the defaults");
        assertEquals(DEFAULTS, DEFAULTS.forServedUser(Optional.of(ACME), Optional.of(ALICE)), "nothing set: the defaults");

        Company acme = ACME.withFeatureCodes(FeatureCodes.parse("start=*81,resume=off"));
        assertEquals(new DtmfCodes("*81", "*72", "*1", ""), DEFAULTS.forServedUser(Optional.of(acme), Optional.of(ALICE)));
        Subscriber alice = ALICE.withFeatureCodes(FeatureCodes.parse("start=*91,resume=*2"));
        assertEquals(new DtmfCodes("*91", "*72", "*1", "*2"), DEFAULTS.forServedUser(Optional.of(acme), Optional.of(alice)));

        Company forbidden = ACME.withFeatureCodes(FeatureCodes.parse("off"));
        assertEquals(DtmfCodes.NONE, DEFAULTS.forServedUser(Optional.of(forbidden), Optional.of(ALICE)), "company: not allowed");
        assertEquals(DEFAULTS, DEFAULTS.forServedUser(Optional.of(forbidden),
                Optional.of(ALICE.withFeatureCodes(FeatureCodes.parse("on")))), "a user allowed in a company that is not");
        assertEquals(DtmfCodes.NONE, DEFAULTS.forServedUser(Optional.of(ACME),
                Optional.of(ALICE.withFeatureCodes(FeatureCodes.parse("off")))), "user: not allowed");

        // the user takes the company's stop code for start: the company's stop code is dropped, never two actions
        Subscriber clash = ALICE.withFeatureCodes(FeatureCodes.parse("start=*72"));
        assertEquals(new DtmfCodes("*72", "", "*1", "*2"), DEFAULTS.forServedUser(Optional.of(ACME), Optional.of(clash)));
        // with no defaults, a company can still give its users codes
        assertEquals(new DtmfCodes("*5", "*6", "", ""), DtmfCodes.NONE.forServedUser(
                Optional.of(ACME.withFeatureCodes(FeatureCodes.parse("start=*5,stop=*6"))), Optional.of(ALICE)));
    }

    @Test
    void theDigitsAPartySentAreMatchedByTheirEndTheLongestCodeWinning() {
        assertEquals(Optional.of(Action.START), DEFAULTS.match("12*71"));
        assertEquals(Optional.of(Action.PAUSE), DEFAULTS.match("*1"));
        assertEquals(Optional.empty(), DEFAULTS.match("*7"));
        assertEquals(Optional.empty(), DtmfCodes.NONE.match("*71"));
        DtmfCodes nested = DtmfCodes.of("1", "", "*1", "");
        assertEquals(Optional.of(Action.PAUSE), nested.match("*1"));
        assertEquals(Optional.of(Action.START), nested.match("21"));
    }
}
