package org.siprec.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siprec.api.model.SessionCase;
import org.siprec.api.ops.PolicyExplanation;
import org.siprec.api.ops.PolicyExplanation.PolicyOutcome;
import org.siprec.api.ops.PolicyStatistics;
import org.siprec.api.policy.Decision;

class PolicyTablesTest {

    @Test
    void policiesShowRankingConfigurationAndCounters() {
        String out = Tables.render(Tables.policies(List.of(
                new PolicyStatistics("org.siprec.policy.profile", 100, Map.of("default.case", "term", "enabled", true),
                        12, 7, 3, 1, 1, 0, Duration.ofNanos(250_000), Duration.ofMillis(3)),
                new PolicyStatistics("org.siprec.policy.recordall", -1000, Map.of(), 0, 0, 0, 0, 0, 0, Duration.ZERO,
                        Duration.ZERO))));
        List<String> lines = out.lines().toList();
        assertTrue(lines.get(0).contains("Policy") && lines.get(0).contains("Timeouts") && lines.get(0).contains("Max ms"), out);
        String profile = lines.stream().filter(l -> l.contains("policy.profile")).findFirst().orElseThrow();
        assertTrue(profile.contains("default.case=term, enabled=true"), "sorted key=value: " + out);
        assertTrue(profile.matches(".*\\b12\\b.*\\b7\\b.*\\b3\\b.*0\\.25.*3\\.00.*"), out);
        String all = lines.stream().filter(l -> l.contains("recordall")).findFirst().orElseThrow();
        assertTrue(all.contains("-1000") && all.contains(" - "), out);
        assertTrue(lines.indexOf(profile) < lines.indexOf(all), "in the engine's order: " + out);
    }

    @Test
    void noPolicySaysNothingIsRecorded() {
        assertTrue(Tables.render(Tables.policies(List.of())).contains(Tables.NO_POLICIES));
    }

    @Test
    void explanationGivesTheDecisionThenEachVerdictAndReason() {
        PolicyExplanation e = new PolicyExplanation(Decision.skip("org.siprec.policy.whitelist: +33612345678 is on ACME's whitelist"),
                List.of(new PolicyOutcome("org.siprec.policy.whitelist", 200,
                                Decision.skip("+33612345678 is on ACME's whitelist"), null),
                        new PolicyOutcome("org.siprec.policy.profile", 100, Decision.record("profile both"), null),
                        new PolicyOutcome("slow", 0, Decision.abstain(), "no answer within 50 ms")));
        String out = Tables.explanation("+33123", "+33612345678", SessionCase.ORIGINATING,
                Instant.parse("2026-03-29T07:30:00Z"), e);
        List<String> lines = out.lines().toList();
        assertTrue(lines.get(0).contains("originating") && lines.get(0).contains("2026-03-29T07:30:00Z"), out);
        assertEquals("Decision: NOT RECORDED - org.siprec.policy.whitelist: +33612345678 is on ACME's whitelist", lines.get(1));
        assertTrue(out.contains("SKIP") && out.contains("RECORD") && out.contains("profile both"), out);
        assertTrue(out.contains("counted as ABSTAIN: no answer within 50 ms"), out);
    }

    @Test
    void explanationShowsTheRecordingsMaximumDurationAndWhoSetIt() {
        PolicyExplanation e = new PolicyExplanation(Decision.record("org.siprec.policy.recordall: record-all policy")
                .limitedTo(java.time.Duration.ofSeconds(90)), List.of(new PolicyOutcome("org.siprec.policy.recordall", -1000,
                        Decision.record("record-all policy").limitedTo(java.time.Duration.ofSeconds(90)), null)));
        String out = Tables.explanation("+33123", "+33612345678", SessionCase.ORIGINATING, Instant.parse("2026-03-29T07:30:00Z"), e);
        assertEquals("Decision: RECORDED, max-duration 90 s - org.siprec.policy.recordall: record-all policy", out.lines().toList().get(1));
        assertTrue(out.contains("RECORD (max 90 s)"), out);
    }

    @Test
    void atTakesOffsetsAndZonesAndNamesTheExpectedForm() {
        assertEquals(Instant.parse("2026-03-29T07:30:00Z"), Tables.instant("2026-03-29T09:30:00+02:00"));
        assertEquals(Instant.parse("2026-03-29T07:30:00Z"), Tables.instant("2026-03-29T07:30:00Z"));
        assertEquals(Instant.parse("2026-03-29T07:30:00Z"), Tables.instant("2026-03-29T09:30:00+02:00[Europe/Paris]"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tables.instant("tomorrow"));
        assertTrue(e.getMessage().contains("ISO-8601"), e.getMessage());
    }
}
