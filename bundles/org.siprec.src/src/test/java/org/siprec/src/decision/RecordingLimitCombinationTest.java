package org.siprec.src.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.Decision.Verdict;
import org.siprec.src.recording.RecordingLimits;
import org.siprec.src.recording.RecordingLimitsConfig;
import org.siprec.testsupport.Configs;

/**
 * How maximum durations combine (issue 14, "Limits"): the shortest a RECORD verdict sets wins whichever policy
 * decides; the platform's {@code recording.max.duration.seconds} applies when it is shorter; the summary (log, audit,
 * record) says which limit and whose.
 */
class RecordingLimitCombinationTest {
    private static PolicyVerdict v(String name, Decision d) {
        return new PolicyVerdict(name, 0, d, null);
    }

    private static RecordingLimits limits(int seconds) {
        return new RecordingLimits(Configs.of(RecordingLimitsConfig.class, Map.of("recording.max.duration.seconds", seconds)));
    }

    @Test
    void theShortestLimitOfTheRecordVerdictsWinsAndIsExplained() {
        List<PolicyVerdict> verdicts = List.of(v("high", Decision.record("all").limitedTo(Duration.ofMinutes(10))),
                v("low", Decision.record("compliance").limitedTo(Duration.ofSeconds(90))), v("none", Decision.abstain()));
        CombinedDecision d = new CombinedDecision(CombinationRule.combine(verdicts), verdicts);
        assertEquals("high: all", d.decision().reason(), "the first RECORD still decides");
        assertEquals(Optional.of(Duration.ofSeconds(90)), d.decision().maxDuration());
        assertTrue(d.summary().contains("max-duration 90 s (low)"), d.summary());
    }

    @Test
    void aSkipIgnoresLimitsAndNoLimitMeansNone() {
        assertEquals(Optional.empty(), CombinationRule.combine(List.of(v("a", Decision.record("x").limitedTo(Duration.ofSeconds(5))),
                v("b", Decision.skip("whitelisted")))).maxDuration());
        assertEquals(Optional.empty(), CombinationRule.combine(List.of(v("a", Decision.record("x")))).maxDuration());
        Decision mandatory = new Decision(Verdict.RECORD, "law", true, Optional.empty()).limitedTo(Duration.ofSeconds(30));
        Decision d = CombinationRule.combine(List.of(v("a", mandatory)));
        assertTrue(d.mandatory());
        assertEquals(Optional.of(Duration.ofSeconds(30)), d.maxDuration(), "a mandatory recording keeps its policy's limit");
    }

    @Test
    void thePlatformDefaultAppliesWhenShorterAndIsNamed() {
        List<PolicyVerdict> verdicts = List.of(v("p", Decision.record("all").limitedTo(Duration.ofSeconds(600))));
        CombinedDecision shorter = new CombinedDecision(limits(120).applyTo(CombinationRule.combine(verdicts)), verdicts);
        assertEquals(Optional.of(Duration.ofSeconds(120)), shorter.decision().maxDuration());
        assertTrue(shorter.summary().contains("max-duration 120 s (recording.max.duration.seconds)"), shorter.summary());

        CombinedDecision policyShorter = new CombinedDecision(limits(3600).applyTo(CombinationRule.combine(verdicts)), verdicts);
        assertEquals(Optional.of(Duration.ofSeconds(600)), policyShorter.decision().maxDuration());
        assertTrue(policyShorter.summary().contains("max-duration 600 s (p)"), policyShorter.summary());

        assertEquals(Optional.empty(), limits(0).applyTo(Decision.record("x")).maxDuration(), "0: no limit");
        assertEquals(Verdict.SKIP, limits(60).applyTo(Decision.skip("no")).verdict());
        assertEquals(Optional.empty(), limits(60).applyTo(Decision.skip("no")).maxDuration(), "no limit on a SKIP");
    }

    @Test
    void explainSaysWhenTheCompanyIsAtItsLimitAndNamesTheLimitInForce() {
        PolicyEngine engine = new PolicyEngine(Configs.of(PolicyEngineConfig.class, Map.of("policy.deadline.ms", 1000)));
        try {
            engine.bindPolicy(session -> Decision.record("all calls"), Map.of("service.id", 1L, "component.name", "all"));
            RecordingLimits limits = new RecordingLimits(Configs.of(RecordingLimitsConfig.class,
                    Map.of("recording.max.duration.seconds", 300, "company.max.recordings", "acme:1")));
            limits.companies(call -> call.servedUser().aor().contains("acme") ? Optional.of("acme") : Optional.empty());
            engine.bindLimits(limits);
            java.time.Instant now = java.time.Instant.now();

            org.siprec.api.ops.PolicyExplanation free = engine.explain("sip:alice@acme.example", "+33612345678",
                    org.siprec.api.model.SessionCase.ORIGINATING, now);
            assertEquals("all: all calls", free.decision().reason());
            assertEquals(Optional.of(Duration.ofSeconds(300)), free.decision().maxDuration(), "the platform default is explained");

            RecordingLimits.Admission running = limits.admit(ExplainedCall.of("sip:bob@acme.example", "+1", 
                    org.siprec.api.model.SessionCase.ORIGINATING, now));
            assertTrue(running.admitted());
            org.siprec.api.ops.PolicyExplanation full = engine.explain("sip:alice@acme.example", "+33612345678",
                    org.siprec.api.model.SessionCase.ORIGINATING, now);
            assertEquals("all: all calls; but not now: company-limit: company acme has 1 recordings in progress, its limit is 1,"
                    + " the call would go on unrecorded", full.decision().reason());
            assertEquals(1, limits.inProgress("acme"), "explaining takes no place in the quota");
            assertEquals("all: all calls", engine.explain("sip:carol@beta.example", "+33612345678",
                    org.siprec.api.model.SessionCase.ORIGINATING, now).decision().reason(), "another company is not limited");
            running.release();
            assertEquals("all: all calls", engine.explain("sip:alice@acme.example", "+33612345678",
                    org.siprec.api.model.SessionCase.ORIGINATING, now).decision().reason());
        } finally {
            engine.deactivate();
        }
    }

    @Test
    void anInvalidDefaultIsRefusedAndTheLimitsInForceKept() {
        assertEquals(Optional.empty(), limits(-1).maxDuration());
        assertEquals(Optional.empty(), limits(86401).maxDuration());
        assertEquals(Optional.of(Duration.ofSeconds(86400)), limits(86400).maxDuration());
    }
}
