package org.siprec.policy.officehours;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.siprec.api.directory.Company;
import org.siprec.api.directory.OfficeHours;
import org.siprec.api.directory.OfficeHours.Interval;
import org.siprec.api.directory.OfficeHoursMode;
import org.siprec.api.directory.RecordingProfile;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.model.SessionCase;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.Decision.Verdict;
import org.siprec.testsupport.Configs;
import org.siprec.testsupport.directory.FakeDirectory;

/**
 * Office hours in the company's zone. The DST cases: Europe/Paris changes on 2026-03-29 (02:00 CET becomes 03:00
 * CEST, at 01:00Z) and 2026-10-25 (03:00 CEST becomes 02:00 CET, at 01:00Z); America/New_York on 2026-03-08 (02:00
 * EST becomes 03:00 EDT, at 07:00Z) and 2026-11-01 (02:00 EDT becomes 01:00 EST, at 06:00Z).
 */
class OfficeHoursPolicyTest {

    /** Monday to Friday 09:00-12:30 and 13:30-18:00, plus a Sunday interval at the DST hour. */
    private static OfficeHours hours(LocalTime sundayFrom, LocalTime sundayTo) {
        Map<DayOfWeek, List<Interval>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            week.put(d, List.of(new Interval(LocalTime.of(9, 0), LocalTime.of(12, 30)),
                    new Interval(LocalTime.of(13, 30), LocalTime.of(18, 0))));
        }
        week.put(DayOfWeek.SUNDAY, List.of(new Interval(sundayFrom, sundayTo)));
        return new OfficeHours(week);
    }

    private static final Company PARIS = Company.of("acme", "ACME", ZoneId.of("Europe/Paris"), "33")
            .withOfficeHours(hours(LocalTime.of(2, 0), LocalTime.of(4, 0)))
            .withHolidays(Set.of(LocalDate.of(2026, 12, 25)));
    private static final Company NEW_YORK = Company.of("bank", "Bank", ZoneId.of("America/New_York"), "1")
            .withOfficeHours(hours(LocalTime.of(1, 0), LocalTime.of(2, 0)))
            .withHolidays(Set.of(LocalDate.of(2026, 12, 25)));
    private static final Company NIGHT = Company.of("night", "Night shift", ZoneId.of("Europe/Paris"), "33")
            .withOfficeHours(hours(LocalTime.of(2, 0), LocalTime.of(4, 0)))
            .withHolidays(Set.of(LocalDate.of(2026, 12, 25)))
            .withPolicies(Optional.empty(), Optional.of(OfficeHoursMode.RECORD_OUTSIDE));
    private static final Company NO_HOURS = Company.of("free", "Free", ZoneId.of("Europe/Paris"), "33");

    private static final FakeDirectory DIRECTORY = new FakeDirectory(List.of(PARIS, NEW_YORK, NIGHT, NO_HOURS), List.of(
            Subscriber.of("alice", "acme", "", RecordingProfile.BOTH).withNumbers(List.of("+33140001001")),
            Subscriber.of("trader", "bank", "", RecordingProfile.BOTH).withNumbers(List.of("+12125550100")),
            Subscriber.of("nina", "night", "", RecordingProfile.BOTH).withNumbers(List.of("+33140009001")),
            Subscriber.of("fred", "free", "", RecordingProfile.BOTH).withNumbers(List.of("+33140008001"))), Set.of());

    private final OfficeHoursPolicy policy = policy(Map.of());

    private static OfficeHoursPolicy policy(Map<String, Object> config) {
        OfficeHoursPolicy p = new OfficeHoursPolicy(Configs.of(OfficeHoursPolicy.Config.class, config));
        p.bindDirectory(DIRECTORY);
        return p;
    }

    private Decision at(String user, String instant) {
        return policy.evaluate(TestCall.of("tel:" + user, "tel:+4930123456", SessionCase.ORIGINATING,
                Instant.parse(instant)));
    }

    private boolean recorded(String user, String instant) {
        Verdict v = at(user, instant).verdict();
        return v != Verdict.SKIP;
    }

    @Test
    void insideIsNotVetoedOutsideIs() {
        Decision in = at("+33140001001", "2026-06-02T08:00:00Z"); // Tuesday 10:00 CEST
        assertEquals(Verdict.ABSTAIN, in.verdict());
        assertEquals("the call at Tue 2026-06-02 10:00 Europe/Paris is inside the office hours of acme; "
                + "acme records only inside office hours", in.reason());
        Decision lunch = at("+33140001001", "2026-06-02T11:00:00Z"); // 13:00, between the intervals
        assertEquals(Verdict.SKIP, lunch.verdict());
        assertEquals("the call at Tue 2026-06-02 13:00 Europe/Paris is outside the office hours of acme; "
                + "acme records only inside office hours", lunch.reason());
        assertTrue(recorded("+33140001001", "2026-06-02T11:30:00Z"), "13:30 is inside (from inclusive)");
        assertTrue(!recorded("+33140001001", "2026-06-02T16:00:00Z"), "18:00 is outside (to exclusive)");
        assertTrue(!recorded("+33140001001", "2026-06-06T08:00:00Z"), "Saturday");
    }

    @Test
    void recordWhenAllowedAnswersRecord() {
        OfficeHoursPolicy p = policy(Map.of("record.when.allowed", true));
        assertEquals(Verdict.RECORD, p.evaluate(TestCall.of("tel:+33140001001", "tel:+4930123456",
                SessionCase.ORIGINATING, Instant.parse("2026-06-02T08:00:00Z"))).verdict());
    }

    @Test
    void parisTheSameUtcTimeIsOutsideInWinterAndInsideInSummer() {
        assertTrue(!recorded("+33140001001", "2026-03-27T07:30:00Z"), "Friday before the change: 08:30 CET");
        assertTrue(recorded("+33140001001", "2026-03-30T07:30:00Z"), "Monday after the change: 09:30 CEST");
        assertTrue(recorded("+33140001001", "2026-10-23T07:30:00Z"), "Friday before the change back: 09:30 CEST");
        assertTrue(!recorded("+33140001001", "2026-10-26T07:30:00Z"), "Monday after: 08:30 CET");
    }

    @Test
    void parisAtTheSpringForwardInstant() {
        // Sunday 02:00-04:00 local; the local hour 02:00-03:00 does not exist on 2026-03-29
        assertTrue(!recorded("+33140001001", "2026-03-29T00:59:59Z"), "01:59:59 CET");
        Decision d = at("+33140001001", "2026-03-29T01:00:00Z");
        assertEquals(Verdict.ABSTAIN, d.verdict(), "03:00 CEST, inside");
        assertTrue(d.reason().contains("Sun 2026-03-29 03:00 Europe/Paris"), d.reason());
        assertTrue(recorded("+33140001001", "2026-03-29T01:59:59Z"), "03:59:59 CEST");
        assertTrue(!recorded("+33140001001", "2026-03-29T02:00:00Z"), "04:00 CEST");
    }

    @Test
    void parisDuringTheRepeatedHourInAutumn() {
        // Sunday 02:00-04:00 local; 02:00-03:00 happens twice on 2026-10-25, 03:00-04:00 once (CET)
        assertTrue(!recorded("+33140001001", "2026-10-24T23:59:59Z"), "01:59:59 CEST");
        assertTrue(recorded("+33140001001", "2026-10-25T00:00:00Z"), "02:00 CEST");
        assertTrue(recorded("+33140001001", "2026-10-25T01:30:00Z"), "02:30 CET, the second time");
        assertTrue(recorded("+33140001001", "2026-10-25T02:59:59Z"), "03:59:59 CET");
        assertTrue(!recorded("+33140001001", "2026-10-25T03:00:00Z"), "04:00 CET");
    }

    @Test
    void newYorkAtBothChanges() {
        assertTrue(!recorded("+12125550100", "2026-03-06T13:30:00Z"), "Friday 08:30 EST");
        assertTrue(recorded("+12125550100", "2026-03-09T13:30:00Z"), "Monday 09:30 EDT");
        // Sunday 01:00-02:00 local
        assertTrue(recorded("+12125550100", "2026-03-08T06:59:59Z"), "01:59:59 EST");
        assertTrue(!recorded("+12125550100", "2026-03-08T07:00:00Z"), "03:00 EDT: 02:00 never happened");
        assertTrue(recorded("+12125550100", "2026-11-01T05:30:00Z"), "01:30 EDT");
        assertTrue(recorded("+12125550100", "2026-11-01T06:30:00Z"), "01:30 EST, the repeated hour");
        assertTrue(!recorded("+12125550100", "2026-11-01T07:00:00Z"), "02:00 EST");
    }

    @Test
    void holidaysAreClosedAllDayInTheCompanysZone() {
        Decision d = at("+33140001001", "2026-12-25T09:00:00Z"); // Friday 10:00 CET, a holiday
        assertEquals(Verdict.SKIP, d.verdict());
        assertEquals("the call at Fri 2026-12-25 10:00 Europe/Paris is outside the office hours of acme "
                + "(2026-12-25 is a holiday); acme records only inside office hours", d.reason());
        assertTrue(recorded("+33140001001", "2026-12-24T09:00:00Z"), "the day before is a working day");
        // 2026-12-25T04:00Z is still Dec 24, 23:00 in New York (outside hours, but no holiday); Dec 25 15:00 EST is
        assertTrue(!at("+12125550100", "2026-12-25T04:00:00Z").reason().contains("holiday"));
        assertTrue(at("+12125550100", "2026-12-25T20:00:00Z").reason().contains("2026-12-25 is a holiday"));
    }

    @Test
    void aCompanyThatRecordsOutsideOfficeHours() {
        assertEquals(Verdict.SKIP, at("+33140009001", "2026-06-02T08:00:00Z").verdict(), "10:00 inside: not recorded");
        assertEquals(Verdict.ABSTAIN, at("+33140009001", "2026-06-02T19:00:00Z").verdict(), "21:00");
        assertEquals(Verdict.ABSTAIN, at("+33140009001", "2026-12-25T09:00:00Z").verdict(), "a holiday is outside");
        OfficeHoursPolicy outside = policy(Map.of("default.mode", "outside"));
        assertEquals(Verdict.SKIP, outside.evaluate(TestCall.of("tel:+33140001001", "tel:+4930123456",
                SessionCase.ORIGINATING, Instant.parse("2026-06-02T08:00:00Z"))).verdict(),
                "the configured default applies to companies with no mode");
    }

    @Test
    void theServedUsersCompanyCountsAndNoHoursMeansNoOpinion() {
        // the trader (New York) calls alice (Paris) at 15:00 UTC: the platform serves alice (terminating)
        Instant t = Instant.parse("2026-06-02T15:00:00Z"); // 17:00 Paris inside, 11:00 New York inside
        assertEquals(Verdict.ABSTAIN, policy.evaluate(TestCall.of("tel:+12125550100", "tel:+33140001001",
                SessionCase.TERMINATING, t)).verdict());
        Instant late = Instant.parse("2026-06-02T17:00:00Z"); // 19:00 Paris outside, 13:00 New York inside
        Decision d = policy.evaluate(TestCall.of("tel:+12125550100", "tel:+33140001001", SessionCase.TERMINATING, late));
        assertEquals(Verdict.SKIP, d.verdict());
        assertTrue(d.reason().contains("acme"), d.reason());
        assertEquals("free has no office hours set", at("+33140008001", "2026-06-02T08:00:00Z").reason());
        assertEquals("the served caller tel:+4989 is not a subscriber", at("+4989", "2026-06-02T08:00:00Z").reason());
    }

    @Test
    void withoutADirectoryItAbstains() {
        OfficeHoursPolicy p = new OfficeHoursPolicy(Configs.of(OfficeHoursPolicy.Config.class, Map.of()));
        Decision d = p.evaluate(TestCall.of("tel:+33140001001", "tel:+4930123456", SessionCase.ORIGINATING));
        assertEquals(Verdict.ABSTAIN, d.verdict());
        assertEquals("no subscriber directory", d.reason());
    }
}
