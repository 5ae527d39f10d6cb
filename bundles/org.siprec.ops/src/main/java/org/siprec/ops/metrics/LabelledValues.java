package org.siprec.ops.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;

/**
 * One metric name whose series (label sets) come and go with what the platform reports: policies and SRSs that are
 * added or removed, door counters that appear once they first move. {@link #update} is given the current values;
 * series seen for the first time are registered, series no longer reported are removed. The meters read the last
 * values given, so one scrape reads each platform view once.
 */
final class LabelledValues {
    private final String name;
    private final String description;
    private final String baseUnit;
    private final boolean counter;
    private final Map<Tags, Meter> meters = new HashMap<>();
    private volatile Map<Tags, Double> values = Map.of();

    private LabelledValues(String name, String description, String baseUnit, boolean counter) {
        this.name = name;
        this.description = description;
        this.baseUnit = baseUnit;
        this.counter = counter;
    }

    /** A monotonic count (exposed with {@code _total}). */
    static LabelledValues counter(String name, String description) {
        return new LabelledValues(name, description, null, true);
    }

    /** A value that goes up and down. */
    static LabelledValues gauge(String name, String description, String baseUnit) {
        return new LabelledValues(name, description, baseUnit, false);
    }

    /** Called under the owner's lock. */
    void update(MeterRegistry registry, Map<Tags, Double> now) {
        values = Map.copyOf(now);
        for (Tags tags : now.keySet()) {
            meters.computeIfAbsent(tags, t -> register(registry, t));
        }
        meters.entrySet().removeIf(e -> {
            if (!now.containsKey(e.getKey())) {
                registry.remove(e.getValue());
                return true;
            }
            return false;
        });
    }

    private Meter register(MeterRegistry registry, Tags tags) {
        if (counter) {
            return FunctionCounter.builder(name, this, v -> v.values.getOrDefault(tags, 0.0))
                    .description(description).tags(tags).register(registry);
        }
        return Gauge.builder(name, this, v -> v.values.getOrDefault(tags, Double.NaN))
                .description(description).baseUnit(baseUnit).tags(tags).register(registry);
    }
}
