package org.siprec.testsupport.fuzz;

import java.util.SplittableRandom;

/**
 * Runs a property over generated inputs: {@code tries} inputs of a {@link Gen}, each from its own random source
 * whose seed is drawn from the property's seed, so a run is repeatable and one try can be replayed alone. The seed
 * is the test's fixed default unless the system property {@value #SEED} gives another; {@value #TRY} runs only that
 * try. The first try whose check throws (an assertion or any other exception) fails the property with an
 * {@link AssertionError} naming the seed, the try and the input, the check's exception as its cause. No shrinking:
 * inputs are small edits of valid messages ({@link Mutation}), readable as they are.
 */
public final class Tries {
    /** System property: the seed of every property of the run, instead of each test's default. */
    public static final String SEED = "siprec.fuzz.seed";
    /** System property: run only this try (1-based) of each property, to replay a failure. */
    public static final String TRY = "siprec.fuzz.try";
    private static final int SHOWN = 2000;

    /**
     * A check of one input.
     *
     * @param <T> the input type
     */
    @FunctionalInterface
    public interface Check<T> {
        /** Checks the input; any exception fails the property. */
        void check(T input) throws Exception;
    }

    private Tries() {
    }

    /** Checks {@code tries} inputs of {@code inputs}, seeded with {@code defaultSeed} unless {@value #SEED} is set. */
    public static <T> void forAll(long defaultSeed, int tries, Gen<T> inputs, Check<? super T> check) {
        long seed = seed(defaultSeed);
        int only = onlyTry(tries);
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int attempt = 1; attempt <= tries; attempt++) {
            long trySeed = seeds.nextLong();
            if (only != 0 && attempt != only) {
                continue;
            }
            T input = inputs.next(new SplittableRandom(trySeed));
            try {
                check.check(input);
            } catch (Throwable e) { // an Error (e.g. StackOverflowError from a parser) is a finding too
                throw new AssertionError("property failed at try " + attempt + " of " + tries + " with seed " + seed
                        + " (replay: -D" + SEED + "=" + seed + " -D" + TRY + "=" + attempt + ")\ninput: " + shown(input)
                        + "\n" + e, e);
            }
        }
    }

    private static long seed(long defaultSeed) {
        String value = System.getProperty(SEED, "").trim();
        if (value.isEmpty()) {
            return defaultSeed;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SEED + " must be a long integer, not '" + value + "'", e);
        }
    }

    private static int onlyTry(int tries) {
        String value = System.getProperty(TRY, "").trim();
        if (value.isEmpty()) {
            return 0;
        }
        try {
            int only = Integer.parseInt(value);
            if (only >= 1) {
                return only; // beyond this property's tries: none of them runs, the property passes vacuously
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(TRY + " must be a try number from 1 (this property has " + tries
                + "), not '" + value + "'");
    }

    /** The input as Java would write it (control characters, non-ASCII and quotes escaped), cut after 2,000 characters. */
    static String shown(Object input) {
        String text = String.valueOf(input);
        StringBuilder shown = new StringBuilder(Math.min(text.length(), SHOWN) + 40);
        for (int i = 0; i < text.length() && i < SHOWN; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> shown.append("\\r");
                case '\n' -> shown.append("\\n");
                case '\t' -> shown.append("\\t");
                case '\\' -> shown.append("\\\\");
                case '"' -> shown.append("\\\"");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        shown.append(String.format("\\u%04x", (int) c));
                    } else {
                        shown.append(c);
                    }
                }
            }
        }
        if (text.length() > SHOWN) {
            shown.append("... (").append(text.length()).append(" characters)");
        }
        return shown.toString();
    }
}
