package org.siprec.api.directory;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A block of numbers of a company: E.164 numbers ({@code +} and digits) or extensions (digits only). A number belongs
 * to the range when it has the same form (with or without {@code +}), at least as many characters as the bounds,
 * and its leading characters (as many as the bounds have) lie between {@code from} and {@code to}, inclusive.
 * So {@code +33140001000..+33140001999} is a block of a thousand numbers, {@code 1000..1999} the four-digit
 * extensions 1000 to 1999, and a prefix {@code P} is the range {@code P..P} (written {@code P*}).
 *
 * @param from the lower bound, {@code +?[0-9]+}
 * @param to   the upper bound, same form and length as {@code from}, not below it
 */
public record NumberRange(String from, String to) {
    private static final Pattern BOUND = Pattern.compile("\\+?[0-9]{1,15}");

    public NumberRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!BOUND.matcher(from).matches() || !BOUND.matcher(to).matches()) {
            throw new IllegalArgumentException("number range " + from + ".." + to
                    + ": bounds must be digits, with a leading + for E.164 numbers");
        }
        if (from.length() != to.length() || from.startsWith("+") != to.startsWith("+")) {
            throw new IllegalArgumentException("number range " + from + ".." + to
                    + ": both bounds must have the same form and the same number of digits");
        }
        if (from.compareTo(to) > 0) {
            throw new IllegalArgumentException("number range " + from + ".." + to + ": inverted (from above to)");
        }
    }

    /** The range of every number starting with {@code prefix}. */
    public static NumberRange prefix(String prefix) {
        return new NumberRange(prefix, prefix);
    }

    /**
     * Parses {@code from..to}, {@code prefix*} or a single number (a prefix).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static NumberRange parse(String text) {
        String t = Objects.requireNonNull(text, "text").trim();
        int dots = t.indexOf("..");
        if (dots >= 0) {
            return new NumberRange(t.substring(0, dots).trim(), t.substring(dots + 2).trim());
        }
        return prefix(t.endsWith("*") ? t.substring(0, t.length() - 1).trim() : t);
    }

    /** Whether {@code number} (normalised: E.164 with {@code +}, or extension digits) is in this range. */
    public boolean contains(String number) {
        if (number == null || number.length() < from.length() || number.startsWith("+") != from.startsWith("+")) {
            return false;
        }
        String head = number.substring(0, from.length());
        return head.compareTo(from) >= 0 && head.compareTo(to) <= 0;
    }

    /** {@code from..to}, or {@code prefix*} when both bounds are equal; {@link #parse(String)} reads it back. */
    @Override
    public String toString() {
        return from.equals(to) ? from + "*" : from + ".." + to;
    }
}
