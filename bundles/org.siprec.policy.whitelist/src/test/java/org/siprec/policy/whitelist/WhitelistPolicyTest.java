package org.siprec.policy.whitelist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.siprec.api.directory.Company;
import org.siprec.api.directory.RecordingProfile;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.directory.WhitelistMode;
import org.siprec.api.model.SessionCase;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.Decision.Verdict;
import org.siprec.testsupport.Configs;
import org.siprec.testsupport.directory.FakeDirectory;

class WhitelistPolicyTest {
    private static final String DOCTOR = "+33145550001";
    private static final String LAWYER = "+33145550002";
    private static final String HOTLINE = "+33800123456";
    private static final String CUSTOMER = "+4930123456";

    private static final Company ACME = Company.of("acme", "ACME", ZoneId.of("Europe/Paris"), "33")
            .withWhitelist(Set.of(LAWYER), WhitelistMode.NEVER_RECORD_LISTED);
    private static final Company BANK = Company.of("bank", "Bank", ZoneId.of("America/New_York"), "1")
            .withWhitelist(Set.of(CUSTOMER), WhitelistMode.RECORD_ONLY_LISTED);
    private static final Subscriber ALICE = Subscriber.of("alice", "acme", "Alice", RecordingProfile.BOTH)
            .withNumbers(List.of("+33140001001")).withWhitelist(Set.of(DOCTOR));
    private static final Subscriber BOB = Subscriber.of("bob", "acme", "Bob", RecordingProfile.BOTH)
            .withNumbers(List.of("+33140001002"));
    private static final Subscriber TRADER = Subscriber.of("trader", "bank", "", RecordingProfile.BOTH)
            .withNumbers(List.of("+12125550100")).withWhitelist(Set.of("+12125559999"));

    private final WhitelistPolicy policy = policy(Map.of());

    private static WhitelistPolicy policy(Map<String, Object> config) {
        WhitelistPolicy p = new WhitelistPolicy(Configs.of(WhitelistPolicy.Config.class, config));
        p.bindDirectory(new FakeDirectory(List.of(ACME, BANK), List.of(ALICE, BOB, TRADER), Set.of(HOTLINE)));
        return p;
    }

    private Decision decide(String from, String to, SessionCase c) {
        return policy.evaluate(TestCall.of(from, to, c));
    }

    @Test
    void theUsersPersonalWhitelistVetoesForThatUserOnly() {
        Decision d = decide("tel:+33140001001", "tel:" + DOCTOR, SessionCase.ORIGINATING);
        assertEquals(Verdict.SKIP, d.verdict());
        assertEquals("the callee tel:+33145550001 is on user alice's personal whitelist: calls with it are not recorded",
                d.reason());
        // national form, read with ACME's country code; the doctor calling alice (terminating) is vetoed too
        assertEquals(Verdict.SKIP, decide("01 45 55 00 01", "sip:+33140001001@ims.example;user=phone",
                SessionCase.TERMINATING).verdict());
        assertEquals(Verdict.ABSTAIN, decide("tel:+33140001002", "tel:" + DOCTOR, SessionCase.ORIGINATING).verdict(),
                "bob has no such entry");
    }

    @Test
    void theCompanyWhitelistVetoesForEveryUser() {
        assertEquals(Verdict.SKIP, decide("tel:+33140001001", "tel:0145550002", SessionCase.ORIGINATING).verdict());
        Decision bob = decide("tel:+33140001002", "sip:0145550002@ims.example;user=phone", SessionCase.ORIGINATING);
        assertEquals(Verdict.SKIP, bob.verdict());
        assertEquals("the callee sip:0145550002@ims.example;user=phone is on the whitelist of acme: calls with it are not recorded",
                bob.reason());
    }

    @Test
    void theOperatorWhitelistVetoesForEverybodyEvenNonSubscribers() {
        assertEquals(Verdict.SKIP, decide("tel:+33140001001", "tel:" + HOTLINE, SessionCase.ORIGINATING).verdict());
        Decision d = decide("tel:0033800123456", "tel:+4989000000", SessionCase.TERMINATING);
        assertEquals(Verdict.SKIP, d.verdict());
        assertEquals("the caller tel:0033800123456 is on the operator whitelist: never recorded", d.reason());
        assertEquals(Verdict.SKIP, decide("tel:+12125550100", "tel:" + HOTLINE, SessionCase.ORIGINATING).verdict(),
                "also in a record-only-listed company");
    }

    @Test
    void theServedLegDecidesWhichPartyIsTheOtherOne() {
        // alice calls the doctor, but the platform serves the doctor's side (terminating): the doctor is no subscriber
        Decision d = decide("tel:+33140001001", "tel:" + DOCTOR, SessionCase.TERMINATING);
        assertEquals(Verdict.ABSTAIN, d.verdict());
        assertEquals("the served callee tel:+33145550001 is not a subscriber; the operator whitelist does not list the caller",
                d.reason());
    }

    @Test
    void recordOnlyListedVetoesUnlistedNumbers() {
        Decision unlisted = decide("tel:+12125550100", "tel:+12125550111", SessionCase.ORIGINATING);
        assertEquals(Verdict.SKIP, unlisted.verdict());
        assertEquals("bank records only calls with listed numbers, and the callee tel:+12125550111 is on no whitelist of user trader or bank",
                unlisted.reason());
        assertEquals(Verdict.ABSTAIN, decide("tel:+12125550100", "tel:" + CUSTOMER, SessionCase.ORIGINATING).verdict());
        assertEquals(Verdict.ABSTAIN, decide("tel:+12125559999", "tel:+12125550100", SessionCase.TERMINATING).verdict(),
                "the user's own list counts in this mode too");
        WhitelistPolicy recording = policy(Map.of("record.listed", true));
        assertEquals(Verdict.RECORD, recording.evaluate(TestCall.of("tel:+12125550100", "tel:" + CUSTOMER,
                SessionCase.ORIGINATING)).verdict());
        assertEquals(Verdict.SKIP, recording.evaluate(TestCall.of("tel:+12125550100", "tel:+12125550111",
                SessionCase.ORIGINATING)).verdict());
    }

    @Test
    void anOtherPartyThatIsNoNumberIsNotListed() {
        assertEquals(Verdict.ABSTAIN, decide("tel:+33140001001", "sip:carol@example.com", SessionCase.ORIGINATING).verdict());
        assertEquals(Verdict.SKIP, decide("tel:+12125550100", "sip:carol@example.com", SessionCase.ORIGINATING).verdict());
    }

    @Test
    void withoutADirectoryItAbstains() {
        WhitelistPolicy p = new WhitelistPolicy(Configs.of(WhitelistPolicy.Config.class, Map.of()));
        Decision d = p.evaluate(TestCall.of("tel:+33140001001", "tel:" + HOTLINE, SessionCase.ORIGINATING));
        assertEquals(Verdict.ABSTAIN, d.verdict());
        assertEquals("no subscriber directory", d.reason());
    }
}
