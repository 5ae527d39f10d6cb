package org.siprec.src.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.model.MediaStream;
import org.siprec.api.model.Participant;
import org.siprec.api.model.SessionCase;
import org.siprec.api.ops.PolicyExplanation;
import org.siprec.api.ops.PolicyStatistics;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.Decision.Verdict;
import org.siprec.api.policy.RecordingPolicy;
import org.siprec.testsupport.Configs;

/** The engine asks every policy of one snapshot, in ranking order, under a deadline. */
class PolicyEngineTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final PolicyEngine engine = new PolicyEngine(config(50));

    @AfterEach
    void stop() {
        release.countDown();
        engine.deactivate();
    }

    private static PolicyEngineConfig config(int deadlineMs) {
        return Configs.of(PolicyEngineConfig.class, Map.of("policy.deadline.ms", deadlineMs, "policy.threads", 4));
    }

    private static final CommunicationSession CALL = new CommunicationSession() {
        public String callId() {
            return "call-1";
        }

        public Optional<String> sessionId() {
            return Optional.empty();
        }

        public SessionCase sessionCase() {
            return SessionCase.TERMINATING;
        }

        public Participant servedUser() {
            return callee();
        }

        public Participant caller() {
            return new Participant("sip:alice@example.net", null);
        }

        public Participant callee() {
            return new Participant("sip:bob@example.net", null);
        }

        public List<MediaStream> streams() {
            return List.of();
        }

        public Instant startTime() {
            return Instant.EPOCH;
        }
    };

    private void bind(String name, int ranking, long id, RecordingPolicy policy) {
        engine.bindPolicy(policy, Map.of("component.name", name, "service.ranking", ranking, "service.id", id));
    }

    @Test
    void policiesAreAskedHighestRankingFirstAndEveryVerdictIsKept() {
        bind("low", -10, 1, call -> Decision.record("low"));
        bind("high", 100, 2, call -> new Decision(Verdict.RECORD, "high", true, Optional.empty()));
        bind("mid", 0, 3, call -> Decision.abstain());
        CombinedDecision d = engine.decide(CALL);
        assertEquals(List.of("high", "mid", "low"), d.verdicts().stream().map(PolicyVerdict::policy).toList());
        assertEquals(Verdict.RECORD, d.decision().verdict());
        assertTrue(d.decision().mandatory(), "the highest-ranked RECORD decides");
        assertEquals("RECORD (high: high) mandatory; policies: high=RECORD(high), mid=ABSTAIN(no opinion), low=RECORD(low)", d.summary());
    }

    @Test
    void equalRankingsAreOrderedByServiceId() {
        bind("second", 0, 20, call -> Decision.record("b"));
        bind("first", 0, 10, call -> Decision.record("a"));
        assertEquals("first: a", engine.decide(CALL).decision().reason());
    }

    @Test
    void aThrowingPolicyCountsAsAbstainAndTheOthersStillDecide() {
        bind("broken", 10, 1, call -> {
            throw new IllegalStateException("database down");
        });
        bind("all", 0, 2, call -> Decision.record("all"));
        CombinedDecision d = engine.decide(CALL);
        assertEquals(Verdict.RECORD, d.decision().verdict());
        PolicyVerdict broken = d.verdicts().get(0);
        assertEquals(Verdict.ABSTAIN, broken.decision().verdict());
        assertTrue(broken.failure().contains("database down"), broken.failure());
    }

    @Test
    void aPolicyReturningNullCountsAsAbstain() {
        bind("null", 0, 1, call -> null);
        CombinedDecision d = engine.decide(CALL);
        assertEquals(Verdict.SKIP, d.decision().verdict());
        assertEquals("returned null", d.verdicts().get(0).failure());
    }

    @Test
    void aHangingPolicyCostsTheCallAtMostTheDeadline() throws Exception {
        bind("hangs", 10, 1, call -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Decision.skip("too late");
        });
        bind("all", 0, 2, call -> Decision.record("all"));
        long start = System.nanoTime();
        CombinedDecision d = engine.decide(CALL);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // the deadline is 50 ms; a generous bound only guards against the engine waiting for the hanging policy
        assertTrue(tookMs < 2_000, "took " + tookMs + " ms");
        assertEquals(Verdict.RECORD, d.decision().verdict(), "the late SKIP does not count");
        assertEquals("no answer within 50 ms", d.verdicts().get(0).failure());
    }

    @Test
    void aCallKeepsTheSnapshotItStartedWithWhilePoliciesChange() {
        RecordingPolicy all = call -> Decision.record("all");
        bind("all", 0, 1, all);
        List<PolicyEngine.RankedPolicy> atArrival = engine.snapshot();
        engine.unbindPolicy(all, Map.of("component.name", "all"));
        bind("never", 0, 2, call -> Decision.skip("never"));
        assertEquals(Verdict.RECORD, engine.decide(CALL, atArrival).decision().verdict(), "live call: its own snapshot");
        assertEquals(Verdict.SKIP, engine.decide(CALL).decision().verdict(), "new call: the new policies");
        assertEquals(1, atArrival.size());
    }

    @Test
    void anUpdatedPolicyIsReorderedByItsNewRanking() {
        RecordingPolicy a = call -> Decision.record("a");
        bind("a", 0, 1, a);
        bind("b", 5, 2, call -> Decision.record("b"));
        assertEquals("b: b", engine.decide(CALL).decision().reason());
        engine.updatedPolicy(a, Map.of("component.name", "a", "service.ranking", 10, "service.id", 1L));
        assertEquals("a: a", engine.decide(CALL).decision().reason());
        assertEquals(2, engine.snapshot().size());
    }

    @Test
    void countersCountEachOutcomeAndTimeAndSurviveAnUpdate() {
        AtomicInteger n = new AtomicInteger();
        RecordingPolicy alternating = call -> switch (n.getAndIncrement() % 4) {
            case 0 -> Decision.record("r");
            case 1 -> Decision.skip("s");
            case 2 -> Decision.abstain();
            default -> throw new IllegalStateException("boom");
        };
        engine.bindPolicy(alternating, Map.of("component.name", "alt", "service.ranking", 5, "service.id", 1L,
                "mode", "only", "objectClass", new String[] {"x"}, "component.id", 7L));
        for (int i = 0; i < 8; i++) {
            engine.decide(CALL);
        }
        engine.updatedPolicy(alternating, Map.of("component.name", "alt", "service.ranking", 6, "service.id", 1L));
        engine.decide(CALL); // a RECORD
        PolicyStatistics s = engine.policies().get(0);
        assertEquals("alt", s.policy());
        assertEquals(6, s.ranking());
        assertEquals(9, s.evaluations());
        assertEquals(3, s.record());
        assertEquals(2, s.skip());
        assertEquals(2, s.abstain());
        assertEquals(2, s.errors());
        assertEquals(0, s.timeouts());
        assertTrue(s.maxTime().compareTo(s.meanTime()) >= 0 && !s.maxTime().isZero(), s.toString());
        assertEquals(Map.of(), s.configuration(), "configuration after the update, framework properties left out");
    }

    @Test
    void configurationLeavesOutTheFrameworkProperties() {
        engine.bindPolicy(call -> Decision.abstain(), Map.of("component.name", "c", "service.ranking", 5,
                "service.id", 1L, "mode", "only", "objectClass", new String[] {"x"}, "component.id", 7L));
        assertEquals(Map.of("mode", "only"), engine.policies().get(0).configuration());
    }

    @Test
    void aTimeoutIsCountedAsSuch() {
        bind("hangs", 10, 1, call -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Decision.skip("too late");
        });
        engine.decide(CALL);
        PolicyStatistics s = engine.policies().get(0);
        assertEquals(1, s.evaluations());
        assertEquals(1, s.timeouts());
        assertEquals(0, s.skip(), "the late answer is not counted as a verdict");
    }

    @Test
    void explainDecidesByTheSameRulesWithTheGivenTimeAndCountsNothing() {
        List<CommunicationSession> seen = new CopyOnWriteArrayList<>();
        bind("office", 10, 1, call -> {
            seen.add(call);
            return call.startTime().isBefore(Instant.parse("2026-03-29T12:00:00Z")) ? Decision.record("morning")
                    : Decision.skip("afternoon");
        });
        bind("all", 0, 2, call -> Decision.record("all"));
        PolicyExplanation morning = engine.explain("+33123456789", "sip:bob@example.net", SessionCase.TERMINATING,
                Instant.parse("2026-03-29T09:00:00Z"));
        assertEquals(Verdict.RECORD, morning.decision().verdict());
        assertEquals("office: morning", morning.decision().reason());
        assertEquals(List.of("office", "all"), morning.outcomes().stream().map(o -> o.policy()).toList());
        PolicyExplanation afternoon = engine.explain("sip:alice@example.net", "tel:+4930123", SessionCase.ORIGINATING,
                Instant.parse("2026-03-29T15:00:00Z"));
        assertEquals(Verdict.SKIP, afternoon.decision().verdict());
        assertEquals("office: afternoon", afternoon.decision().reason());

        CommunicationSession first = seen.get(0);
        assertEquals("tel:+33123456789", first.caller().aor(), "a bare number is a tel: URI");
        assertEquals("sip:bob@example.net", first.callee().aor());
        assertEquals(first.callee(), first.servedUser(), "terminating: the callee is served");
        assertEquals(seen.get(1).caller(), seen.get(1).servedUser(), "originating: the caller is served");
        assertEquals(0, engine.policies().get(0).evaluations(), "explanations are not counted");
        assertEquals(0, engine.policies().get(1).evaluations());
    }

    @Test
    void aRankingWrittenInACfgFileOrdersLikeAnInteger() {
        engine.bindPolicy(call -> Decision.record("cfg"), Map.of("component.name", "cfg", "service.ranking", "200",
                "service.id", 1L));
        bind("int", 100, 2, call -> Decision.record("int"));
        assertEquals(List.of("cfg", "int"), engine.policies().stream().map(PolicyStatistics::policy).toList());
        assertEquals(200, engine.policies().get(0).ranking());
        assertEquals(0, PolicyEngine.ranking("high"));
    }

    /** One policy thread that a slow policy holds: the next policy waits for it, as on a CPU-starved node. */
    private static PolicyEngine oneThread(int deadlineMs, int waitMaxMs) {
        return new PolicyEngine(Configs.of(PolicyEngineConfig.class, Map.of("policy.deadline.ms", deadlineMs,
                "policy.wait.max.ms", waitMaxMs, "policy.threads", 1)));
    }

    private static RecordingPolicy sleeping(long ms, Decision answer) {
        return call -> {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answer;
        };
    }

    @Test
    void aPolicyThatWaitedForAThreadIsNotChargedForTheWait() {
        PolicyEngine starved = oneThread(50, 500);
        try {
            starved.bindPolicy(sleeping(150, Decision.skip("late")), Map.of("component.name", "slow",
                    "service.ranking", 10, "service.id", 1L));
            starved.bindPolicy(call -> Decision.record("all"), Map.of("component.name", "all", "service.ranking", 0,
                    "service.id", 2L));
            CombinedDecision d = starved.decide(CALL);
            // "all" started only after "slow" freed the one thread (~150 ms): before, the 50 ms counted from the
            // call made it ABSTAIN although it answered at once
            assertEquals("no answer within 50 ms", d.verdicts().get(0).failure(), "slow ran over its own 50 ms");
            assertEquals(null, d.verdicts().get(1).failure(), "all answered within 50 ms of its start");
            assertEquals(Verdict.RECORD, d.decision().verdict());
        } finally {
            starved.deactivate();
        }
    }

    @Test
    void aPolicyNeverStartedCountsAsAbstainAtTheCallsCap() {
        PolicyEngine starved = oneThread(50, 200);
        try {
            starved.bindPolicy(sleeping(10_000, Decision.skip("late")), Map.of("component.name", "slow",
                    "service.ranking", 10, "service.id", 1L));
            starved.bindPolicy(call -> Decision.record("all"), Map.of("component.name", "all", "service.ranking", 0,
                    "service.id", 2L));
            long start = System.nanoTime();
            CombinedDecision d = starved.decide(CALL);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals("not started within 200 ms (no free policy thread, or the node is CPU-starved)",
                    d.verdicts().get(1).failure());
            assertEquals(Verdict.SKIP, d.decision().verdict(), "no policy answered RECORD in time");
            // a guard against waiting for the sleeping policy (10 s), not a timing claim
            assertTrue(tookMs < 5_000, "took " + tookMs + " ms");
        } finally {
            starved.deactivate();
        }
    }

    @Test
    void aWaitCapBelowTheDeadlineIsRaisedToIt() {
        PolicyEngine engine2 = oneThread(100, 10);
        try {
            engine2.bindPolicy(sleeping(60, Decision.record("slowish")), Map.of("component.name", "slowish",
                    "service.ranking", 0, "service.id", 1L));
            assertEquals(Verdict.RECORD, engine2.decide(CALL).decision().verdict(), "60 ms < the 100 ms deadline");
        } finally {
            engine2.deactivate();
        }
    }
}
