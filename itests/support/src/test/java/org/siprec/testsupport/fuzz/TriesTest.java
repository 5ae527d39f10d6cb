package org.siprec.testsupport.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The property runner: repeatable, every try run, and a failure names what replays it. */
class TriesTest {
    @AfterEach
    void clearProperties() {
        System.clearProperty(Tries.SEED);
        System.clearProperty(Tries.TRY);
    }

    @Test
    void aSeedGivesTheSameInputsAgainAndAnotherSeedOthers() {
        assertEquals(inputs(7, 200), inputs(7, 200));
        assertNotEquals(inputs(7, 200), inputs(8, 200));
        System.setProperty(Tries.SEED, "8");
        assertEquals(inputs(8, 200), inputs(7, 200), "the system property replaces the test's seed");
    }

    @Test
    void everyTryRunsAndInputsHaveTheirShape() {
        List<List<Mutation>> inputs = inputs(13001, 1000);
        assertEquals(1000, inputs.size());
        assertTrue(inputs.stream().allMatch(l -> !l.isEmpty() && l.size() <= 6));
        assertEquals(6, inputs.stream().mapToInt(List::size).max().getAsInt());
        assertEquals(Mutation.Kind.values().length, inputs.stream().flatMap(List::stream).map(Mutation::kind)
                .distinct().count(), "every kind of mutation comes up");
        List<String> strings = new ArrayList<>();
        Tries.forAll(1, 500, Gen.strings("ab", 10), strings::add);
        assertTrue(strings.contains(""));
        assertTrue(strings.stream().allMatch(s -> s.length() <= 10 && s.matches("[ab]*")));
        assertEquals(10, strings.stream().mapToInt(String::length).max().getAsInt());
    }

    @Test
    void aFailureNamesSeedTryAndInputAndTheTryReplaysAlone() {
        List<List<Mutation>> all = inputs(5, 50);
        List<Mutation> twelfth = all.get(11);
        AssertionError failure = assertThrows(AssertionError.class, () -> Tries.forAll(5, 50, Mutation.some(6),
                input -> {
                    if (input.equals(twelfth)) {
                        throw new IllegalStateException("found it");
                    }
                }));
        assertTrue(failure.getMessage().startsWith("property failed at try 12 of 50 with seed 5 "
                + "(replay: -Dsiprec.fuzz.seed=5 -Dsiprec.fuzz.try=12)\ninput: " + twelfth), failure.getMessage());
        assertTrue(failure.getMessage().contains("found it"), failure.getMessage());
        assertSame(IllegalStateException.class, failure.getCause().getClass());

        System.setProperty(Tries.SEED, "5");
        System.setProperty(Tries.TRY, "12");
        List<List<Mutation>> replayed = inputs(99, 50);
        assertEquals(List.of(twelfth), replayed);
    }

    @Test
    void inputsAreShownEscapedAndCut() {
        assertEquals("a\\r\\n\\u0000\\u00e9\\\"", Tries.shown("a\r\n\u0000\u00e9\""));
        assertTrue(Tries.shown("x".repeat(5000)).endsWith("x... (5000 characters)"));
    }

    @Test
    void repeatedLinesDoNotGrowATextBeyondTheLimit() {
        String contentType = "multipart/mixed;boundary=unique-boundary-1;charset=\"utf-8\"";
        Mutation repeat = new Mutation(Mutation.Kind.REPEAT_LINE, 0, 199);
        String once = repeat.apply(contentType);
        assertEquals(contentType.repeat(202), once);
        String text = Mutation.apply(contentType, List.of(repeat, repeat, repeat, repeat));
        // 202 copies of 58 characters repeated 202 times would be 2.4 million characters: the later three are left out
        assertTrue(once.equals(text), "a text of " + text.length() + " characters");
        assertTrue(text.length() <= Mutation.MAX_LENGTH);
        String big = "x".repeat(Mutation.MAX_LENGTH / 2 + 1);
        assertEquals(big, new Mutation(Mutation.Kind.DUPLICATE_LINE, 0, 0).apply(big));
    }

    @Test
    void aBadSeedIsReportedClearly() {
        System.setProperty(Tries.SEED, "abc");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> inputs(1, 1));
        assertEquals("siprec.fuzz.seed must be a long integer, not 'abc'", e.getMessage());
    }

    private static List<List<Mutation>> inputs(long seed, int tries) {
        List<List<Mutation>> inputs = new ArrayList<>();
        Tries.forAll(seed, tries, Mutation.some(6), inputs::add);
        return inputs;
    }
}
