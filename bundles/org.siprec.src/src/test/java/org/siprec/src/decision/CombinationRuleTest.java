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

    @Test
    void recordVerdictsNamingOtherGroupsEachAddOneRecording() {
        List<PolicyVerdict> verdicts = List.of(v("compliance", MANDATORY_WITH_PROMPT), v("skipless", Decision.abstain()),
                v("quality", Decision.record("sample").toSrsGroup("qm")), v("dc2", Decision.record("copy").toSrsGroup("dc2")),
                v("quality2", Decision.record("again").toSrsGroup("qm")), v("all", Decision.record("all calls")));
        CombinedDecision d = new CombinedDecision(CombinationRule.combine(verdicts), verdicts);
        assertEquals(Optional.empty(), d.decision().srsGroup(), "the deciding verdict named no group");
        assertEquals(List.of("default (compliance: compliance)", "qm (quality: sample)", "dc2 (dc2: copy)"),
                d.recordings().stream().map(CombinedDecision.Requested::toString).toList());
        assertTrue(d.recordings().get(0).decision().mandatory(), "the first recording's verdict is the mandatory one");
        assertTrue(d.summary().contains("; recordings: default (compliance: compliance), qm (quality: sample), dc2 (dc2: copy)"),
                d.summary());
    }

    @Test
    void theDecidingVerdictsGroupIsTheFirstRecordingsAndASkipLeavesNone() {
        List<PolicyVerdict> verdicts = List.of(v("quality", Decision.record("sample").toSrsGroup("qm")),
                v("all", Decision.record("all calls")));
        CombinedDecision d = new CombinedDecision(CombinationRule.combine(verdicts), verdicts);
        assertEquals(Optional.of("qm"), d.decision().srsGroup());
        assertEquals(List.of("qm", "default"), d.recordings().stream().map(CombinedDecision.Requested::group).toList());
        List<PolicyVerdict> vetoed = List.of(verdicts.get(0), v("never", Decision.skip("opted out")));
        assertEquals(List.of(), new CombinedDecision(CombinationRule.combine(vetoed), vetoed).recordings());
        CombinedDecision onDemand = new CombinedDecision(Decision.record("on demand by ops").toSrsGroup("dc2"), verdicts);
        assertEquals(List.of("dc2"), onDemand.recordings().stream().map(CombinedDecision.Requested::group).toList(),
                "a start on demand is one recording, whatever the policies said");
        assertFalse(onDemand.summary().contains("recordings:"), onDemand.summary());
    }
}
