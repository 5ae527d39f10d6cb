package org.siprec.sip.fuzz;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.siprec.testsupport.fuzz.Mutation;

/** Samples garbled by mutations. */
final class Combinators2 {
    static Arbitrary<String> mutate(Arbitrary<String> samples, Arbitrary<List<Mutation>> mutations) {
        return Combinators.combine(samples, mutations).as(Mutation::apply);
    }

    private Combinators2() {
    }
}
