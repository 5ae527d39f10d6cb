package org.siprec.testsupport.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One deterministic edit of a text, the way hostile or broken peers garble messages: truncation, a changed
 * character, a duplicated, missing or swapped line, a huge number, a control character, a very long token, a stray
 * separator. A mutation is three integers, so {@link Gen} can generate it, and a failing example is printed (by
 * {@link Tries}) as e.g. {@code Mutation[kind=TRUNCATE, position=118, argument=0]}, which a regression test can
 * replay with {@link #apply(String, List)}.
 *
 * @param kind     what to do
 * @param position where (taken modulo the text's length or line count, so any value fits any text)
 * @param argument a character, a length or a second position, depending on the kind
 */
public record Mutation(Kind kind, int position, int argument) {
    /** The edits. */
    public enum Kind {
        /** Cut the text at the position. */
        TRUNCATE,
        /** Replace the character at the position with {@code argument % 256}. */
        FLIP,
        /** Repeat the line at the position. */
        DUPLICATE_LINE,
        /** Remove the line at the position. */
        DELETE_LINE,
        /** Swap the line at the position with line {@code argument}. */
        SWAP_LINES,
        /** Replace the digits at or after the position with a huge or negative number. */
        HUGE_NUMBER,
        /** Insert the control character {@code argument % 32} (or DEL) at the position. */
        CONTROL_CHARACTER,
        /** Insert a token of {@code 100 + argument % 20000} characters at the position. */
        LONG_TOKEN,
        /** Insert a separator or special character peers get wrong ({@code argument} picks it). */
        SEPARATOR,
        /** Remove the character at the position. */
        DELETE_CHARACTER,
        /** Repeat the line at the position {@code 2 + argument % 200} times (unless the text would exceed {@link #MAX_LENGTH}). */
        REPEAT_LINE
    }

    private static final String[] SEPARATORS = {"=", ":", ";", ",", "<", ">", "\"", "\\", "/", "--", "-", " ", "\t",
        "\r", "\n", "\r\n", "\r\n\r\n", "%", "@", "[", "]", "\u0000", "\uFFFF", "\u00e9", "\uD800", "0", "-1", "&",
        "<!--", "]]>", "*", "?"};
    /**
     * The longest text a mutation makes (1 MiB of characters); one that would make a longer text leaves it as it is.
     * Far above any message a peer can send (a UDP datagram is under 64 KB, the SIP door refuses long lines), and it
     * keeps repeated lines from growing a one-line text (a Content-Type) geometrically until the test's heap is gone
     * (four times 200 repeats of a 60-character line did).
     */
    public static final int MAX_LENGTH = 1 << 20;
    private static final String[] HUGE = {"99999999999999999999", "2147483648", "-2147483649", "-1", "65536",
        "4294967296", "9223372036854775808", "0", "1e9", "0x10"};

    /** Any mutation. */
    public static Gen<Mutation> any() {
        Gen<Kind> kinds = Gen.of(Kind.class);
        Gen<Integer> positions = Gen.integers(0, 1 << 20);
        Gen<Integer> arguments = Gen.integers(0, 1 << 16);
        return random -> new Mutation(kinds.next(random), positions.next(random), arguments.next(random));
    }

    /** One to {@code max} mutations. */
    public static Gen<List<Mutation>> some(int max) {
        return any().list(1, max);
    }

    /** Applies mutations in order. */
    public static String apply(String text, List<Mutation> mutations) {
        String result = text;
        for (Mutation m : mutations) {
            result = m.apply(result);
        }
        return result;
    }

    /** Applies this mutation. */
    public String apply(String text) {
        String result = edit(text);
        return result.length() > MAX_LENGTH ? text : result;
    }

    private String edit(String text) {
        int at = text.isEmpty() ? 0 : position % (text.length() + 1);
        switch (kind) {
            case TRUNCATE:
                return text.substring(0, at);
            case FLIP:
                return at >= text.length() ? text : text.substring(0, at) + (char) (argument % 256) + text.substring(at + 1);
            case DELETE_CHARACTER:
                return at >= text.length() ? text : text.substring(0, at) + text.substring(at + 1);
            case CONTROL_CHARACTER:
                int c = argument % 33;
                return insert(text, at, String.valueOf(c == 32 ? (char) 0x7f : (char) c));
            case LONG_TOKEN:
                char filler = "xA9-.%;"
                        .charAt(argument % 7);
                return insert(text, at, String.valueOf(filler).repeat(100 + argument % 20000));
            case SEPARATOR:
                return insert(text, at, SEPARATORS[argument % SEPARATORS.length]);
            case HUGE_NUMBER:
                return hugeNumber(text, at);
            default:
                return lines(text);
        }
    }

    private String hugeNumber(String text, int at) {
        int start = at;
        while (start < text.length() && !Character.isDigit(text.charAt(start))) {
            start++;
        }
        if (start >= text.length()) {
            return text;
        }
        int end = start;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        return text.substring(0, start) + HUGE[argument % HUGE.length] + text.substring(end);
    }

    private String lines(String text) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("(?<=\n)", -1)));
        if (lines.isEmpty()) {
            return text;
        }
        int i = position % lines.size();
        switch (kind) {
            case DUPLICATE_LINE:
                lines.add(i, lines.get(i));
                break;
            case DELETE_LINE:
                lines.remove(i);
                break;
            case SWAP_LINES:
                int j = argument % lines.size();
                String l = lines.get(i);
                lines.set(i, lines.get(j));
                lines.set(j, l);
                break;
            case REPEAT_LINE:
                String line = lines.get(i);
                int times = 2 + argument % 200;
                if (text.length() + (long) line.length() * times > MAX_LENGTH) {
                    return text;
                }
                for (int k = 0; k < times; k++) {
                    lines.add(i, line);
                }
                break;
            default:
                throw new IllegalStateException(kind.toString());
        }
        return String.join("", lines);
    }

    private static String insert(String text, int at, String what) {
        return text.substring(0, at) + what + text.substring(at);
    }
}
