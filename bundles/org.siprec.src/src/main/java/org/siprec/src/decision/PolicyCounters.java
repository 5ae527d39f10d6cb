package org.siprec.src.decision;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.siprec.api.ops.PolicyStatistics;
import org.siprec.api.policy.Decision.Verdict;

/** How one bound policy has answered calls: counts by outcome and answer times. Thread-safe, lock-free. */
final class PolicyCounters {
    enum Outcome {
        RECORD, SKIP, ABSTAIN, ERROR, TIMEOUT
    }

    private final LongAdder evaluations = new LongAdder();
    private final LongAdder record = new LongAdder();
    private final LongAdder skip = new LongAdder();
    private final LongAdder abstain = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final AtomicLong totalNanos = new AtomicLong();
    private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

    void count(Outcome outcome) {
        evaluations.increment();
        switch (outcome) {
            case RECORD -> record.increment();
            case SKIP -> skip.increment();
            case ABSTAIN -> abstain.increment();
            case ERROR -> errors.increment();
            case TIMEOUT -> timeouts.increment();
        }
    }

    static Outcome of(Verdict verdict) {
        return switch (verdict) {
            case RECORD -> Outcome.RECORD;
            case SKIP -> Outcome.SKIP;
            case ABSTAIN -> Outcome.ABSTAIN;
        };
    }

    /** The time one evaluation took, whenever it ended (also after the deadline). */
    void time(long nanos) {
        answered.increment();
        totalNanos.addAndGet(nanos);
        maxNanos.accumulate(nanos);
    }

    PolicyStatistics statistics(String name, int ranking, Map<String, Object> configuration) {
        long n = answered.sum();
        return new PolicyStatistics(name, ranking, configuration, evaluations.sum(), record.sum(), skip.sum(),
                abstain.sum(), errors.sum(), timeouts.sum(), Duration.ofNanos(n == 0 ? 0 : totalNanos.get() / n),
                Duration.ofNanos(maxNanos.get()));
    }
}
