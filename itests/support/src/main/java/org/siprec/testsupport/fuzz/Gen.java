package org.siprec.testsupport.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A generator of test inputs for {@link Tries}: draws one value from the random source of a try. Everything a value
 * depends on comes from that source, so a seed and a try number give the same value again.
 *
 * @param <T> the generated type
 */
@FunctionalInterface
public interface Gen<T> {
    /** The next value. */
    T next(SplittableRandom random);

    /** This generator's values passed through {@code f}. */
    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return random -> f.apply(next(random));
    }

    /** Lists of {@code min} to {@code max} (inclusive) values of this generator, the size evenly drawn. */
    default Gen<List<T>> list(int min, int max) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("list size " + min + ".." + max);
        }
        return random -> {
            int size = random.nextInt(min, max + 1);
            List<T> values = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                values.add(next(random));
            }
            return List.copyOf(values);
        };
    }

    /** One of the given values, each as likely. */
    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to choose from");
        }
        List<T> copy = List.of(values);
        return random -> copy.get(random.nextInt(copy.size()));
    }

    /** One of the constants of an enum, each as likely. */
    static <E extends Enum<E>> Gen<E> of(Class<E> type) {
        return of(type.getEnumConstants());
    }

    /** An int from {@code min} to {@code max}, both included, evenly drawn. */
    static Gen<Integer> integers(int min, int max) {
        if (max < min) {
            throw new IllegalArgumentException("integers " + min + ".." + max);
        }
        return random -> (int) random.nextLong(min, (long) max + 1);
    }

    /** true or false. */
    static Gen<Boolean> booleans() {
        return SplittableRandom::nextBoolean;
    }

    /** A value of one of the generators, each generator as likely. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... generators) {
        if (generators.length == 0) {
            throw new IllegalArgumentException("no generators to choose from");
        }
        List<Gen<? extends T>> copy = List.of(generators);
        return random -> copy.get(random.nextInt(copy.size())).next(random);
    }

    /** A pair of values of two generators combined by {@code f}. */
    static <A, B, R> Gen<R> combine(Gen<A> a, Gen<B> b, BiFunction<? super A, ? super B, ? extends R> f) {
        Objects.requireNonNull(f);
        return random -> {
            A first = a.next(random);
            return f.apply(first, b.next(random));
        };
    }

    /**
     * Strings of 0 to {@code maxLength} characters: the length is 0 one time in eight and evenly drawn otherwise (an
     * empty value is a case parsers get wrong); half the strings are ASCII, control characters included, and half
     * any UTF-16 code unit, lone surrogates and U+FFFF included.
     */
    static Gen<String> strings(int maxLength) {
        return strings(null, maxLength);
    }

    /** Strings of 0 to {@code maxLength} characters taken from {@code chars}, the length drawn as by {@link #strings(int)}. */
    static Gen<String> strings(String chars, int maxLength) {
        if (maxLength < 0 || chars != null && chars.isEmpty()) {
            throw new IllegalArgumentException("strings of " + maxLength + " from '" + chars + "'");
        }
        return random -> {
            int length = random.nextInt(8) == 0 ? 0 : random.nextInt(maxLength + 1);
            int bound = chars != null ? chars.length() : random.nextBoolean() ? 0x80 : 0x10000;
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                int c = random.nextInt(bound);
                text.append(chars != null ? chars.charAt(c) : (char) c);
            }
            return text.toString();
        };
    }
}
