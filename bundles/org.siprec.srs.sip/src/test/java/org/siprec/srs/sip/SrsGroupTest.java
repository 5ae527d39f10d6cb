package org.siprec.srs.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siprec.api.srs.SrsOutcome;
import org.siprec.api.srs.SrsTarget;

/** Selection modes and health transitions of an SRS group, without sockets. */
class SrsGroupTest {
    static final SrsTarget A = new SrsTarget("sip:srs@10.0.0.1");
    static final SrsTarget B = new SrsTarget("sip:srs@10.0.0.2");
    static final SrsTarget C = new SrsTarget("sip:srs@10.0.0.3");

    static SrsGroup group(SelectionMode mode, List<Integer> weights) {
        return new SrsGroup(mode, List.of(A, B, C), weights, 3, 2, null);
    }

    /** How often each SRS is the first choice over {@code calls} new recording sessions. */
    static Map<SrsTarget, Integer> firstChoices(SrsGroup g, int calls) {
        Map<SrsTarget, Integer> counts = new HashMap<>();
        for (int i = 0; i < calls; i++) {
            counts.merge(g.select().get(0), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void huntAlwaysOffersTheConfiguredOrder() {
        SrsGroup g = group(SelectionMode.HUNT, List.of(1, 1, 1));
        for (int i = 0; i < 10; i++) {
            assertEquals(List.of(A, B, C), g.select());
        }
        assertEquals(10, g.status().get(0).selected());
        assertEquals(0, g.status().get(1).selected());
    }

    @Test
    void huntSkipsAnSrsMarkedDownAndKeepsTheRestInOrder() {
        SrsGroup g = group(SelectionMode.HUNT, List.of(1, 1, 1));
        SrsGroup.Member a = g.members.get(0);
        g.missed(a, "x");
        g.missed(a, "x");
        assertEquals(List.of(A, B, C), g.select(), "two misses are below the threshold of three");
        assertEquals(SrsGroup.Health.UNKNOWN, g.missed(a, "x"));
        assertEquals("down", g.status().get(0).state());
        assertEquals(List.of(B, C), g.select());
    }

    @Test
    void roundRobinSpreadsEvenlyAndKeepsTheOthersAsFallBacks() {
        SrsGroup g = group(SelectionMode.ROUND_ROBIN, List.of(1, 1, 1));
        assertEquals(List.of(A, B, C), g.select());
        assertEquals(List.of(B, C, A), g.select());
        assertEquals(List.of(C, A, B), g.select());
        Map<SrsTarget, Integer> counts = firstChoices(g, 3000);
        assertEquals(Map.of(A, 1000, B, 1000, C, 1000), counts);
    }

    @Test
    void roundRobinOverTheUsableOnesWhenOneIsDown() {
        SrsGroup g = group(SelectionMode.ROUND_ROBIN, List.of(1, 1, 1));
        for (int i = 0; i < 3; i++) {
            g.missed(g.members.get(1), "no answer");
        }
        Map<SrsTarget, Integer> counts = firstChoices(g, 1000);
        assertEquals(Map.of(A, 500, C, 500), counts);
    }

    @Test
    void weightedSpreadsInProportionToTheWeights() {
        SrsGroup g = group(SelectionMode.WEIGHTED, List.of(5, 3, 2));
        Map<SrsTarget, Integer> counts = firstChoices(g, 10_000);
        assertEquals(Map.of(A, 5000, B, 3000, C, 2000), counts);
        List<SrsTarget> one = g.select();
        assertEquals(3, one.size(), "the others follow as fall-backs");
    }

    @Test
    void leastBusyPicksTheSrsWithFewestRecordingsInProgress() {
        SrsGroup g = group(SelectionMode.LEAST_BUSY, List.of(1, 1, 1));
        for (int i = 0; i < 4; i++) {
            g.report(A, new SrsOutcome(SrsOutcome.Kind.ACCEPTED, "200 OK"));
        }
        for (int i = 0; i < 2; i++) {
            g.report(B, new SrsOutcome(SrsOutcome.Kind.ACCEPTED, "200 OK"));
        }
        g.report(C, new SrsOutcome(SrsOutcome.Kind.ACCEPTED, "200 OK"));
        assertEquals(List.of(C, B, A), g.select());
        // C's recording ends normally and B's is ended by the SRS: C 0, B 1, A 4
        g.report(C, new SrsOutcome(SrsOutcome.Kind.ENDED, "BYE sent"));
        g.report(B, new SrsOutcome(SrsOutcome.Kind.ENDED_BY_SRS, "BYE"));
        assertEquals(List.of(C, B, A), g.select());
        g.report(C, new SrsOutcome(SrsOutcome.Kind.ACCEPTED, "200 OK"));
        g.report(C, new SrsOutcome(SrsOutcome.Kind.ACCEPTED, "200 OK"));
        assertEquals(B, g.select().get(0));
        assertEquals(2, g.status().get(2).inProgress());
    }

    @Test
    void leastBusyTakesEqualOnesInTurn() {
        SrsGroup g = group(SelectionMode.LEAST_BUSY, List.of(1, 1, 1));
        assertEquals(Map.of(A, 100, B, 100, C, 100), firstChoices(g, 300));
    }

    @Test
    void outcomesAreCounted() {
        SrsGroup g = group(SelectionMode.HUNT, List.of(1, 1, 1));
        g.report(A, new SrsOutcome(SrsOutcome.Kind.REFUSED, "488 Not Acceptable Here"));
        g.report(A, new SrsOutcome(SrsOutcome.Kind.UNREACHABLE, "no answer"));
        g.report(B, new SrsOutcome(SrsOutcome.Kind.ACCEPTED, "200 OK"));
        g.report(new SrsTarget("sip:gone@10.0.0.9"), new SrsOutcome(SrsOutcome.Kind.ACCEPTED, "200 OK"));
        assertEquals(1, g.status().get(0).refused());
        assertEquals(1, g.status().get(0).unreachable());
        String lastError = g.status().get(0).lastError();
        assertTrue(lastError.endsWith(" recording session unreachable: no answer"), lastError);
        assertFalse(java.time.Instant.parse(lastError.substring(0, lastError.indexOf(' '))).isAfter(java.time.Instant.now()),
                "the last error carries its time: " + lastError);
        assertEquals(1, g.status().get(1).accepted());
    }

    @Test
    void downComesBackUpOnlyAfterTheUpThreshold() {
        SrsGroup g = group(SelectionMode.HUNT, List.of(1, 1, 1));
        SrsGroup.Member a = g.members.get(0);
        assertEquals(SrsGroup.Health.UNKNOWN, g.answered(a, 3), "a first answer makes an unknown SRS up");
        assertEquals(3, g.status().get(0).lastRttMillis());
        for (int i = 0; i < 3; i++) {
            g.missed(a, "no answer");
        }
        assertEquals("down", g.status().get(0).state());
        assertNull(g.answered(a, 2), "one answer is below the up threshold of two");
        assertEquals("down", g.status().get(0).state());
        assertEquals(SrsGroup.Health.DOWN, g.answered(a, 2));
        assertEquals("up", g.status().get(0).state());
    }

    @Test
    void allDownMeansNotUsableAndNoTargets() {
        SrsGroup g = group(SelectionMode.ROUND_ROBIN, List.of(1, 1, 1));
        assertTrue(g.usable());
        for (SrsGroup.Member m : g.members) {
            for (int i = 0; i < 3; i++) {
                g.missed(m, "no answer");
            }
        }
        assertFalse(g.usable());
        assertEquals(List.of(), g.select());
    }

    @Test
    void aNewConfigurationKeepsWhatWasLearntAboutTheSameSrs() {
        SrsGroup g = group(SelectionMode.HUNT, List.of(1, 1, 1));
        for (int i = 0; i < 3; i++) {
            g.missed(g.members.get(1), "no answer");
        }
        g.report(A, new SrsOutcome(SrsOutcome.Kind.ACCEPTED, "200 OK"));
        SrsGroup next = new SrsGroup(SelectionMode.ROUND_ROBIN, List.of(B, A), List.of(1, 1), 3, 2, g);
        assertEquals("down", next.status().get(0).state());
        assertEquals(1, next.status().get(1).accepted());
        assertEquals(List.of(A), next.select());
    }
}
