package org.siprec.policy.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.siprec.api.directory.Company;
import org.siprec.api.directory.RecordingProfile;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.model.SessionCase;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.Decision.Verdict;
import org.siprec.testsupport.Configs;
import org.siprec.testsupport.directory.FakeDirectory;

class ProfilePolicyTest {
    private static final Company ACME = Company.of("acme", "ACME", ZoneId.of("Europe/Paris"), "33");
    private static final Subscriber ORIG = Subscriber.of("olga", "acme", "Olga", RecordingProfile.ORIGINATING)
            .withNumbers(List.of("+33140001001"));
    private static final Subscriber TERM = Subscriber.of("tom", "acme", "Tom", RecordingProfile.TERMINATING)
            .withNumbers(List.of("+33140001002")).withAors(List.of("sip:tom@acme.example"));
    private static final Subscriber BOTH = Subscriber.of("bea", "acme", "", RecordingProfile.BOTH)
            .withNumbers(List.of("+33140001003"));
    private static final Subscriber NEVER = Subscriber.of("ned", "acme", "", RecordingProfile.NEVER)
            .withNumbers(List.of("+33140001004"));
    private static final String OUTSIDE = "tel:+4930123456";

    private final ProfilePolicy policy = policy(Map.of());

    private static ProfilePolicy policy(Map<String, Object> config) {
        ProfilePolicy p = new ProfilePolicy(Configs.of(ProfilePolicy.Config.class, config));
        p.bindDirectory(new FakeDirectory(List.of(ACME), List.of(ORIG, TERM, BOTH, NEVER), Set.of()));
        return p;
    }

    private Decision decide(String from, String to, SessionCase c) {
        return policy.evaluate(TestCall.of(from, to, c));
    }

    @Test
    void eachProfileAgainstEachSessionCase() {
        assertEquals(Verdict.RECORD, decide("tel:+33140001001", OUTSIDE, SessionCase.ORIGINATING).verdict());
        assertEquals(Verdict.SKIP, decide(OUTSIDE, "tel:+33140001001", SessionCase.TERMINATING).verdict());
        assertEquals(Verdict.SKIP, decide("tel:+33140001002", OUTSIDE, SessionCase.ORIGINATING).verdict());
        assertEquals(Verdict.RECORD, decide(OUTSIDE, "sip:+33140001002@ims.example;user=phone", SessionCase.TERMINATING).verdict());
        assertEquals(Verdict.RECORD, decide("tel:+33140001003", OUTSIDE, SessionCase.ORIGINATING).verdict());
        assertEquals(Verdict.RECORD, decide(OUTSIDE, "tel:+33140001003", SessionCase.TERMINATING).verdict());
        assertEquals(Verdict.SKIP, decide("tel:+33140001004", OUTSIDE, SessionCase.ORIGINATING).verdict());
        assertEquals(Verdict.SKIP, decide(OUTSIDE, "tel:+33140001004", SessionCase.TERMINATING).verdict());
    }

    @Test
    void maxDurationSecondsLimitsTheRecordingsItAsksFor() {
        ProfilePolicy limited = policy(Map.of("max.duration.seconds", 600));
        assertEquals(java.util.Optional.of(java.time.Duration.ofSeconds(600)),
                limited.evaluate(TestCall.of("tel:+33140001001", OUTSIDE, SessionCase.ORIGINATING)).maxDuration());
        assertEquals(java.util.Optional.empty(), limited.evaluate(TestCall.of("tel:+33140001004", OUTSIDE, SessionCase.ORIGINATING))
                .maxDuration(), "a SKIP has no limit");
        assertEquals(java.util.Optional.empty(), decide("tel:+33140001001", OUTSIDE, SessionCase.ORIGINATING).maxDuration(), "0: none");
        assertEquals(java.util.Optional.empty(), policy(Map.of("max.duration.seconds", -1))
                .evaluate(TestCall.of("tel:+33140001001", OUTSIDE, SessionCase.ORIGINATING)).maxDuration(), "out of range: none");
    }

    @Test
    void aCallBetweenTwoSubscribersIsEvaluatedForTheServedLegOnly() {
        // olga (originating) calls tom (terminating): both profiles would record, each on its own leg
        Decision orig = decide("tel:+33140001001", "sip:tom@acme.example", SessionCase.ORIGINATING);
        assertEquals(Verdict.RECORD, orig.verdict());
        assertTrue(orig.reason().contains("olga"), orig.reason());
        Decision term = decide("tel:+33140001001", "sip:tom@acme.example", SessionCase.TERMINATING);
        assertEquals(Verdict.RECORD, term.verdict());
        assertTrue(term.reason().contains("tom"), term.reason());
        // tom calls olga: neither leg records (tom only when called, olga only when calling)
        assertEquals(Verdict.SKIP, decide("sip:tom@acme.example", "tel:+33140001001", SessionCase.ORIGINATING).verdict());
        assertEquals(Verdict.SKIP, decide("sip:tom@acme.example", "tel:+33140001001", SessionCase.TERMINATING).verdict());
    }

    @Test
    void reasonsSayWhoWhichProfileAndWhy() {
        assertEquals("user olga of acme (the caller) has recording profile originating: calls they place are recorded",
                decide("tel:+33140001001", OUTSIDE, SessionCase.ORIGINATING).reason());
        assertEquals("user olga of acme (the callee) has recording profile originating: calls they receive are not recorded",
                decide(OUTSIDE, "+33140001001", SessionCase.TERMINATING).reason());
    }

    @Test
    void anUnknownServedUserAbstainsOrSkipsAsConfigured() {
        Decision d = decide(OUTSIDE, "tel:+33140001999", SessionCase.TERMINATING);
        assertEquals(Verdict.ABSTAIN, d.verdict());
        assertEquals("the served callee tel:+33140001999 is not a subscriber", d.reason());
        ProfilePolicy strict = policy(Map.of("unknown.user", "skip"));
        assertEquals(Verdict.SKIP, strict.evaluate(TestCall.of(OUTSIDE, "tel:+33140001999", SessionCase.TERMINATING)).verdict());
    }

    @Test
    void mandatoryComesFromTheConfiguration() {
        ProfilePolicy mandatory = policy(Map.of("mandatory", true));
        assertTrue(mandatory.evaluate(TestCall.of("tel:+33140001001", OUTSIDE, SessionCase.ORIGINATING)).mandatory());
        assertFalse(decide("tel:+33140001001", OUTSIDE, SessionCase.ORIGINATING).mandatory());
    }

    @Test
    void withoutADirectoryItAbstains() {
        ProfilePolicy p = new ProfilePolicy(Configs.of(ProfilePolicy.Config.class, Map.of()));
        Decision d = p.evaluate(TestCall.of("tel:+33140001001", OUTSIDE, SessionCase.ORIGINATING));
        assertEquals(Verdict.ABSTAIN, d.verdict());
        assertEquals("no subscriber directory", d.reason());
        FakeDirectory dir = new FakeDirectory(List.of(ACME), List.of(ORIG), Set.of());
        p.bindDirectory(dir);
        assertEquals(Verdict.RECORD, p.evaluate(TestCall.of("tel:+33140001001", OUTSIDE, SessionCase.ORIGINATING)).verdict());
        p.unbindDirectory(dir);
        assertEquals(Verdict.ABSTAIN, p.evaluate(TestCall.of("tel:+33140001001", OUTSIDE, SessionCase.ORIGINATING)).verdict());
    }
}
