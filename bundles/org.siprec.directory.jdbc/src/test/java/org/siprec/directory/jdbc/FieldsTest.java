package org.siprec.directory.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siprec.api.directory.Company;
import org.siprec.api.directory.NumberRange;
import org.siprec.api.directory.OfficeHours;
import org.siprec.api.directory.RecordingProfile;
import org.siprec.api.directory.Subscriber;

/** The text forms of hours, ranges, zones and dates, and the commands' tables. */
class FieldsTest {

    @Test
    void officeHoursAreReadAndWrittenBack() {
        OfficeHours h = Fields.hours("mon-fri 09:00-12:00,14:00-18:00; sat 09:00-12:00 ; sun 22:00-24:00");
        assertEquals(List.of(new OfficeHours.Interval(LocalTime.of(9, 0), LocalTime.NOON),
                new OfficeHours.Interval(LocalTime.of(14, 0), LocalTime.of(18, 0))), h.on(DayOfWeek.WEDNESDAY));
        assertTrue(h.open(DayOfWeek.SUNDAY, LocalTime.of(23, 59)));
        assertFalse(h.open(DayOfWeek.FRIDAY, LocalTime.of(12, 0)), "the end is excluded");
        assertTrue(h.open(DayOfWeek.FRIDAY, LocalTime.of(11, 59)));
        assertEquals("mon-fri 09:00-12:00,14:00-18:00; sat 09:00-12:00; sun 22:00-24:00", Fields.hoursText(h));
        assertEquals(h, Fields.hours(Fields.hoursText(h)));
        assertEquals(OfficeHours.NONE, Fields.hours(" "));
        assertEquals("mon 08:00-09:00; wed 08:00-09:00", Fields.hoursText(Fields.hours("mon,wed 08:00-09:00")));
    }

    @Test
    void badOfficeHoursAreRefusedSayingWhy() {
        assertRefused(() -> Fields.hours("mon 18:00-09:00"), "inverted");
        assertRefused(() -> Fields.hours("mon 09:00-09:00"), "inverted or empty");
        assertRefused(() -> Fields.hours("mon-fri 09:00-12:00; wed 11:00-14:00"), "WEDNESDAY: intervals 09:00-12:00 and 11:00-14:00 overlap");
        assertRefused(() -> Fields.hours("mon 9-12"), "expected HH:MM-HH:MM");
        assertRefused(() -> Fields.hours("mon 09:00-25:00"), "no such time");
        assertRefused(() -> Fields.hours("funday 09:00-12:00"), "unknown day 'funday'");
        assertRefused(() -> Fields.hours("fri-mon 09:00-12:00"), "inverted range");
        assertRefused(() -> Fields.hours("09:00-12:00"), "expected days then intervals");
    }

    @Test
    void rangesAcceptNationalFormsPrefixesAndExtensions() {
        assertEquals(new NumberRange("+33140001000", "+33140001999"), Fields.range("01 40 00 10 00..01 40 00 19 99", "33"));
        assertEquals(NumberRange.prefix("+4930123"), Fields.range("030 123*", "49"));
        assertEquals(new NumberRange("1000", "1999"), Fields.range("1000..1999", "33"));
        assertEquals(NumberRange.prefix("+1212555"), Fields.range("+1 (212) 555*", "1"));
        assertRefused(() -> Fields.range("1999..1000", "33"), "inverted");
        assertRefused(() -> Fields.range("100..1999", "33"), "same number of digits");
        assertRefused(() -> Fields.range("abc*", "33"), "bounds must be digits");
        NumberRange r = NumberRange.parse("+33140001000..+33140001999");
        assertTrue(r.contains("+33140001000") && r.contains("+33140001999") && r.contains("+33140001500"));
        assertFalse(r.contains("+33140002000") || r.contains("33140001500") || r.contains("+3314000"));
        assertEquals(r, NumberRange.parse(r.toString()));
        assertEquals(NumberRange.prefix("1"), NumberRange.parse(NumberRange.prefix("1").toString()));
    }

    @Test
    void zonesDatesAndBooleans() {
        assertEquals(ZoneId.of("America/New_York"), Fields.zone(" America/New_York "));
        assertRefused(() -> Fields.zone("Europe/Pariss"), "unknown time zone 'Europe/Pariss'");
        assertRefused(() -> Fields.date("2026-02-30"), "not a date");
        assertEquals(Optional.empty(), Fields.optionalBoolean(""));
        assertEquals(Optional.of(true), Fields.optionalBoolean("YES"));
        assertRefused(() -> Fields.optionalBoolean("maybe"), "expected true, false or empty");
    }

    @Test
    void theCommandsTablesShowWhatIsStored() {
        Company acme = Company.of("acme", "ACME", ZoneId.of("Europe/Paris"), "33")
                .withOfficeHours(Fields.hours("mon-fri 09:00-18:00"));
        Subscriber alice = Subscriber.of("alice", "acme", "Alice", RecordingProfile.ORIGINATING)
                .withNumbers(List.of("+33140001234")).withAors(List.of("sip:alice@example.com"));
        Snapshot s = new Snapshot(new org.siprec.api.directory.DirectoryData(List.of(acme), List.of(alice),
                java.util.Set.of()), 7);
        String companies = Commands.render(Commands.companies(List.of(acme), s));
        assertTrue(companies.contains("acme") && companies.contains("Europe/Paris") && companies.contains("default"),
                companies);
        String company = Commands.render(Commands.company(acme, s));
        assertTrue(company.contains("mon-fri 09:00-18:00"), company);
        String users = Commands.render(Commands.users(List.of(alice)));
        assertTrue(users.contains("+33140001234 sip:alice@example.com") && users.contains("originating"), users);
        assertTrue(Commands.render(Commands.users(List.of())).contains("No users"));
    }

    private static void assertRefused(Runnable r, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
