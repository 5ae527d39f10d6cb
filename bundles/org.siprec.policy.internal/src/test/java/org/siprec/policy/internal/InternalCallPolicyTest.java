package org.siprec.policy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.siprec.api.directory.Company;
import org.siprec.api.directory.NumberRange;
import org.siprec.api.directory.RecordingProfile;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.model.SessionCase;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.Decision.Verdict;
import org.siprec.testsupport.Configs;
import org.siprec.testsupport.directory.FakeDirectory;

class InternalCallPolicyTest {
    private static final Company ACME = Company.of("acme", "ACME", ZoneId.of("Europe/Paris"), "33")
            .withInternalRanges(List.of(new NumberRange("+33140002000", "+33140002999"), new NumberRange("1000", "1999")))
            .withPolicies(Optional.of(false), Optional.empty());
    private static final Company BANK = Company.of("bank", "Bank", ZoneId.of("America/New_York"), "1")
            .withPolicies(Optional.of(true), Optional.empty());
    private static final Company PLAIN = Company.of("plain", "Plain", ZoneId.of("Europe/Berlin"), "49");

    private static final FakeDirectory DIRECTORY = new FakeDirectory(List.of(ACME, BANK, PLAIN), List.of(
            Subscriber.of("alice", "acme", "", RecordingProfile.BOTH).withNumbers(List.of("+33140001001")),
            Subscriber.of("bob", "acme", "", RecordingProfile.BOTH).withNumbers(List.of("+33140001002"))
                    .withAors(List.of("sip:bob@acme.example")),
            Subscriber.of("trader", "bank", "", RecordingProfile.BOTH).withNumbers(List.of("+12125550100")),
            Subscriber.of("clerk", "bank", "", RecordingProfile.BOTH).withNumbers(List.of("+12125550101")),
            Subscriber.of("paul", "plain", "", RecordingProfile.BOTH).withNumbers(List.of("+4930111")),
            Subscriber.of("petra", "plain", "", RecordingProfile.BOTH).withNumbers(List.of("+4930222"))), Set.of());

    private final InternalCallPolicy policy = policy(Map.of());

    private static InternalCallPolicy policy(Map<String, Object> config) {
        InternalCallPolicy p = new InternalCallPolicy(Configs.of(InternalCallPolicy.Config.class, config));
        p.bindDirectory(DIRECTORY);
        return p;
    }

    private Decision decide(InternalCallPolicy p, String from, String to, SessionCase c) {
        return p.evaluate(TestCall.of(from, to, c));
    }

    @Test
    void twoUsersOfACompanyThatDoesNotRecordInternalCalls() {
        Decision d = decide(policy, "tel:+33140001001", "sip:bob@acme.example", SessionCase.ORIGINATING);
        assertEquals(Verdict.SKIP, d.verdict());
        assertEquals("internal call of acme between user alice and the callee sip:bob@acme.example (user bob of acme); "
                + "internal calls are not recorded (acme)", d.reason());
        assertEquals(Verdict.SKIP, decide(policy, "tel:+33140001001", "sip:0140001002@ims.example;user=phone",
                SessionCase.TERMINATING).verdict(), "served bob, the caller alice is of the same company");
    }

    @Test
    void internalRangesAndExtensionsCount() {
        assertEquals(Verdict.SKIP, decide(policy, "tel:+33140001001", "tel:+33140002500", SessionCase.ORIGINATING).verdict());
        Decision ext = decide(policy, "tel:+33140001001", "sip:1234@pbx.acme.example", SessionCase.ORIGINATING);
        assertEquals(Verdict.SKIP, ext.verdict());
        assertEquals("internal call of acme between user alice and the callee sip:1234@pbx.acme.example "
                + "(in the internal numbers of acme); internal calls are not recorded (acme)", ext.reason());
        assertEquals(Verdict.ABSTAIN, decide(policy, "tel:+33140001001", "tel:+33140003000", SessionCase.ORIGINATING).verdict());
    }

    @Test
    void aCompanyThatRecordsInternalCalls() {
        Decision d = decide(policy, "tel:+12125550100", "tel:+12125550101", SessionCase.ORIGINATING);
        assertEquals(Verdict.RECORD, d.verdict());
        assertEquals("internal call of bank between user trader and the callee tel:+12125550101 (user clerk of bank); "
                + "internal calls are recorded (bank)", d.reason());
    }

    @Test
    void companiesThatDoNotSayFollowTheConfiguredDefault() {
        assertEquals(Verdict.SKIP, decide(policy, "tel:+4930111", "tel:+4930222", SessionCase.ORIGINATING).verdict());
        InternalCallPolicy recording = policy(Map.of("record.internal", true));
        Decision d = decide(recording, "tel:+4930111", "tel:030222", SessionCase.ORIGINATING);
        assertEquals(Verdict.RECORD, d.verdict());
        assertEquals("internal call of plain between user paul and the callee tel:030222 (user petra of plain); "
                + "internal calls are recorded (the default of this policy)", d.reason());
    }

    @Test
    void callsBetweenCompaniesOrWithOutsidersAreNotInternal() {
        Decision d = decide(policy, "tel:+33140001001", "tel:+12125550100", SessionCase.ORIGINATING);
        assertEquals(Verdict.ABSTAIN, d.verdict());
        assertEquals("not an internal call: the callee tel:+12125550100 is not of acme", d.reason());
        assertEquals(Verdict.ABSTAIN, decide(policy, "tel:+4989000", "tel:+33140001001", SessionCase.TERMINATING).verdict());
        assertEquals("the served caller tel:+4989000 is not a subscriber",
                decide(policy, "tel:+4989000", "tel:+33140001001", SessionCase.ORIGINATING).reason());
    }

    @Test
    void withoutADirectoryItAbstains() {
        InternalCallPolicy p = new InternalCallPolicy(Configs.of(InternalCallPolicy.Config.class, Map.of()));
        Decision d = p.evaluate(TestCall.of("tel:+33140001001", "tel:+33140001002", SessionCase.ORIGINATING));
        assertEquals(Verdict.ABSTAIN, d.verdict());
        assertEquals("no subscriber directory", d.reason());
    }
}
