package org.siprec.policy.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siprec.api.model.Participant;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.Decision.Verdict;
import org.siprec.testsupport.Configs;

class PrefixPolicyTest {
    private static PrefixPolicy policy(Map<String, Object> config) {
        return new PrefixPolicy(Configs.of(PrefixPolicy.Config.class, config), "1.2.3");
    }

    @Test
    void aCalleeWithAConfiguredPrefixIsSkippedAndTheReasonNamesTheVersion() {
        Decision d = policy(Map.of("prefixes", "+49")).evaluate(TestCall.of("tel:+33140001001", "tel:+4930123456"));
        assertEquals(Verdict.SKIP, d.verdict());
        assertEquals("example 1.2.3: callee +4930123456 matches prefix +49", d.reason());
        assertEquals(false, d.mandatory());
    }

    @Test
    void anyOtherCalleeGetsNoOpinion() {
        Decision d = policy(Map.of("prefixes", "+49")).evaluate(
                TestCall.of("tel:+4930123456", "sip:+33140001001@ims.example;user=phone"));
        assertEquals(Verdict.ABSTAIN, d.verdict());
        assertEquals("example 1.2.3: callee +33140001001 matches no prefix of [+49]", d.reason());
    }

    @Test
    void prefixesComeAsOneCommaSeparatedValueFromACfgFileOrAsAnArray() {
        PrefixPolicy fromCfg = policy(Map.of("prefixes", "+49, +44"));
        PrefixPolicy fromArray = policy(Map.of("prefixes", new String[] {"+49", "+44"}));
        for (PrefixPolicy p : new PrefixPolicy[] {fromCfg, fromArray}) {
            assertEquals(Verdict.SKIP, p.evaluate(TestCall.of("tel:+1", "tel:+442079460000")).verdict());
            assertEquals(Verdict.SKIP, p.evaluate(TestCall.of("tel:+1", "tel:+4930123456")).verdict());
            assertEquals(Verdict.ABSTAIN, p.evaluate(TestCall.of("tel:+1", "tel:+33140001001")).verdict());
        }
    }

    @Test
    void theCallerIsCheckedOnlyWhenConfigured() {
        TestCall fromGermany = TestCall.of("sip:+4930123456@ims.example;user=phone", "tel:+33140001001");
        assertEquals(Verdict.ABSTAIN, policy(Map.of("prefixes", "+49")).evaluate(fromGermany).verdict());
        Decision d = policy(Map.of("prefixes", "+49", "check.caller", "true")).evaluate(fromGermany);
        assertEquals(Verdict.SKIP, d.verdict());
        assertEquals("example 1.2.3: caller +4930123456 matches prefix +49", d.reason());
        assertEquals("example 1.2.3: neither callee +33140001001 nor caller +12125550100 matches a prefix of [+49]",
                policy(Map.of("prefixes", "+49", "check.caller", "true"))
                        .evaluate(TestCall.of("tel:+12125550100", "tel:+33140001001")).reason());
    }

    @Test
    void aConfigurationChangeAppliesToTheNextCall() {
        PrefixPolicy p = policy(Map.of("prefixes", "+49"));
        TestCall toLondon = TestCall.of("tel:+1", "tel:+442079460000");
        assertEquals(Verdict.ABSTAIN, p.evaluate(toLondon).verdict());
        p.modified(Configs.of(PrefixPolicy.Config.class, Map.of("prefixes", "+44")));
        assertEquals(Verdict.SKIP, p.evaluate(toLondon).verdict());
    }

    @Test
    void theDefaultsSkipInternationalFreephoneNumbersAtRankingZero() {
        PrefixPolicy.Config defaults = Configs.defaults(PrefixPolicy.Config.class);
        assertEquals(0, defaults.service_ranking());
        assertEquals(Verdict.SKIP, new PrefixPolicy(defaults, "1.2.3").evaluate(TestCall.of("tel:+1", "tel:+80012345678")).verdict());
    }

    @Test
    void theNumberIsTheUserPartOrTheTelSubscriber() {
        assertEquals("+4930123", PrefixPolicy.number(new Participant("sip:+4930123@ims.example;user=phone", null)));
        assertEquals("+4930123", PrefixPolicy.number(new Participant("tel:+4930123;phone-context=example", null)));
        assertEquals("alice", PrefixPolicy.number(new Participant("sips:alice@example.com", null)));
    }
}
