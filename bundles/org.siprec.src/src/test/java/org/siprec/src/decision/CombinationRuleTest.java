package org.siprec.src.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.Decision.Verdict;

/** Each branch of the documented combination rule. */
class CombinationRuleTest {
    private static PolicyVerdict v(String name, Decision d) {
        return new PolicyVerdict(name, 0, d, null);
    }

    private static final Decision MANDATORY_WITH_PROMPT = new Decision(Verdict.RECORD, "compliance", true, Optional.of("gdpr-en"));

    @Test
    void noPolicyMeansNoRecording() {
        Decision d = CombinationRule.combine(List.of());
        assertEquals(Verdict.SKIP, d.verdict());
        assertEquals("no recording policy installed", d.reason());
    }

    @Test
    void onlyAbstentionsMeanNoRecording() {
        Decision d = CombinationRule.combine(List.of(v("a", Decision.abstain()), v("b", Decision.abstain())));
        assertEquals(Verdict.SKIP, d.verdict());
        assertEquals("no policy asked for recording", d.reason());
    }

    @Test
    void oneRecordAmongAbstentionsRecords() {
        Decision d = CombinationRule.combine(List.of(v("a", Decision.abstain()), v("b", Decision.record("all calls"))));
        assertEquals(Verdict.RECORD, d.verdict());
        assertEquals("b: all calls", d.reason());
    }

    @Test
    void anySkipVetoesEvenWhenRankedBelowARecord() {
        Decision d = CombinationRule.combine(List.of(v("high", Decision.record("all")), v("low", Decision.skip("whitelisted"))));
        assertEquals(Verdict.SKIP, d.verdict());
        assertEquals("low: whitelisted", d.reason());
    }

    @Test
    void mandatoryAndAnnouncementComeFromTheFirstRecordInRankingOrder() {
        Decision first = CombinationRule.combine(List.of(v("high", MANDATORY_WITH_PROMPT), v("low", Decision.record("all"))));
        assertTrue(first.mandatory());
        assertEquals(Optional.of("gdpr-en"), first.announcement());
        assertEquals("high: compliance", first.reason());

        Decision second = CombinationRule.combine(List.of(v("high", Decision.record("all")), v("low", MANDATORY_WITH_PROMPT)));
        assertFalse(second.mandatory(), "a lower-ranked RECORD does not make it mandatory");
        assertEquals(Optional.empty(), second.announcement());
    }
}
