package org.siprec.src.overload;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, at the SIP endpoint's door and before a transaction, a call or a port exists, whether a new call is
 * admitted. Above capacity a node that takes every call fails many of them (lost ACKs, timed-out set-ups, recordings
 * cut); refusing the excess at once with 503 and {@code Retry-After} lets the admitted calls complete and be recorded
 * and tells the SBC or balancer to try another node. Three limits, each off by its own setting: work waiting in the
 * call threads (the adaptive one), new calls per second, calls in progress.
 */
@Component(service = OverloadGate.class, configurationPid = OverloadConfig.PID)
@Designate(ocd = OverloadConfig.class)
public class OverloadGate {
    private static final Logger LOG = LoggerFactory.getLogger(OverloadGate.class);
    static final long PROBE_PERIOD_MS = 20;

    private final LongSupplier clock;
    private final QueueDelayProbe probe;
    private final Map<ShedReason, LongAdder> shed = new EnumMap<>(ShedReason.class);
    private final AtomicBoolean shedding = new AtomicBoolean();
    private final LongAdder shedInEpisode = new LongAdder();
    private volatile Limits limits;

    /** The settings in force, validated. */
    private record Limits(long queueDelayMaxNanos, CallRateLimiter rate, int callsMax) {
    }

    @Activate
    public OverloadGate(OverloadConfig config) {
        this(config, System::nanoTime);
    }

    OverloadGate(OverloadConfig config, LongSupplier clock) {
        this.clock = clock;
        this.probe = new QueueDelayProbe(clock);
        for (ShedReason r : ShedReason.values()) {
            shed.put(r, new LongAdder());
        }
        apply(config);
    }

    @Modified
    void modified(OverloadConfig config) {
        apply(config);
    }

    private void apply(OverloadConfig config) {
        int delay = valid("queue.delay.max.ms", config.queue_delay_max_ms(), 0, 60_000, 300);
        int cps = valid("cps.max", config.cps_max(), 0, 1_000_000, 0);
        int calls = valid("calls.max", config.calls_max(), 0, 10_000_000, 0);
        limits = new Limits(TimeUnit.MILLISECONDS.toNanos(delay), cps == 0 ? null : new CallRateLimiter(cps, clock),
                calls);
        LOG.info("Overload control: new calls refused with 503 while call work waits over {}, above {}, or with {}",
                delay == 0 ? "(off)" : delay + " ms", cps == 0 ? "(no rate limit)" : cps + " calls/s",
                calls == 0 ? "(no call limit)" : calls + " calls in progress");
    }

    private static int valid(String key, int value, int min, int max, int fallback) {
        if (value < min || value > max) {
            LOG.error("{}: {} is not between {} and {}; using {}", key, value, min, max, fallback);
            return fallback;
        }
        return value;
    }

    /** Starts measuring how long work waits in the SRC's call threads. */
    public void watch(Executor callThreads, ScheduledExecutorService timers) {
        probe.start(callThreads, timers, PROBE_PERIOD_MS);
    }

    public void unwatch() {
        probe.stop();
    }

    @Deactivate
    void deactivate() {
        probe.stop();
    }

    /**
     * Whether a new call may start now, given how many are in progress; empty = admitted. The rate limit is asked
     * last, so a call refused for another reason spends none of the rate.
     */
    public Optional<ShedReason> admit(int callsInProgress) {
        Limits l = limits;
        ShedReason reason = null;
        if (l.callsMax() > 0 && callsInProgress >= l.callsMax()) {
            reason = ShedReason.CALLS;
        } else if (l.queueDelayMaxNanos() > 0 && probe.delayNanos() > l.queueDelayMaxNanos()) {
            reason = ShedReason.OVERLOAD;
        } else if (l.rate() != null && !l.rate().tryTake()) {
            reason = ShedReason.RATE;
        }
        if (reason == null) {
            if (shedding.compareAndSet(true, false)) {
                LOG.info("Overload over: new calls admitted again ({} refused meanwhile)", shedInEpisode.sumThenReset());
            }
            return Optional.empty();
        }
        shed.get(reason).increment();
        shedInEpisode.increment();
        if (shedding.compareAndSet(false, true)) {
            LOG.warn("Overload: new calls refused with 503 (Retry-After) until it is over: {} (call work waits {} ms,"
                    + " {} calls in progress)", reason.label(), TimeUnit.NANOSECONDS.toMillis(probe.delayNanos()),
                    callsInProgress);
        }
        return Optional.of(reason);
    }

    /** How long work waits in the call threads now, in milliseconds (for status and metrics). */
    public long queueDelayMillis() {
        return TimeUnit.NANOSECONDS.toMillis(probe.delayNanos());
    }

    /** New calls refused so far, by reason label ({@code overload}, {@code rate}, {@code calls}), every reason listed. */
    public Map<String, Long> shedCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        shed.forEach((reason, n) -> counts.put(reason.label(), n.sum()));
        return counts;
    }
}
