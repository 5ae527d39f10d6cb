package org.siprec.ops.health;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.siprec.api.health.HealthCheck;
import org.siprec.api.health.HealthResult;
import org.siprec.api.health.HealthResult.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the registered {@link HealthCheck} services (a whiteboard: checks come and go with their bundles) for a
 * probe, each on a thread of its own with a deadline, so that a hanging check makes the probe CRITICAL instead of
 * hanging it. Used by {@code /health/*} and {@code siprec:health}.
 */
@Component(service = HealthRunner.class, configurationPid = HealthConfig.PID)
@Designate(ocd = HealthConfig.class)
public class HealthRunner {
    private static final Logger LOG = LoggerFactory.getLogger(HealthRunner.class);
    /** The pseudo-probe of {@link #run(String)} that runs every check. */
    public static final String ALL = "all";

    private final Map<HealthCheck, Registered> checks = new ConcurrentHashMap<>();
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "siprec-health-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private volatile long timeoutMillis = 2000;

    private record Registered(String name, List<String> tags, HealthCheck check) {
    }

    @Activate
    @Modified
    void configure(HealthConfig config) {
        int t = config.check_timeout_ms();
        if (t < 1 || t > 60_000) {
            LOG.error("{}: check.timeout.ms={} is out of range 1..60000; keeping {} ms", HealthConfig.PID, t, timeoutMillis);
            return;
        }
        timeoutMillis = t;
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindHealthCheck(HealthCheck check, Map<String, Object> properties) {
        Object name = properties.get(HealthCheck.NAME);
        if (!(name instanceof String n) || n.isBlank()) {
            LOG.error("Health check {} has no {} service property: ignored", check.getClass().getName(), HealthCheck.NAME);
            return;
        }
        checks.put(check, new Registered(n, tags(properties.get(HealthCheck.TAGS)), check));
    }

    void unbindHealthCheck(HealthCheck check) {
        checks.remove(check);
    }

    /** Tags as a String or String[]/collection property; none: readiness only. */
    static List<String> tags(Object value) {
        List<String> tags = new ArrayList<>();
        if (value instanceof String s) {
            for (String t : s.split(",")) {
                if (!t.isBlank()) {
                    tags.add(t.trim());
                }
            }
        } else if (value instanceof String[] a) {
            for (String t : a) {
                tags.addAll(tags(t));
            }
        } else if (value instanceof Iterable<?> i) {
            i.forEach(t -> tags.addAll(tags(t)));
        }
        return tags.isEmpty() ? List.of(HealthCheck.READY) : List.copyOf(tags);
    }

    /** Runs the checks tagged {@code probe} ({@link HealthCheck#LIVE}, {@link HealthCheck#READY}) or all of them. */
    public HealthReport run(String probe) {
        List<Registered> selected = checks.values().stream()
                .filter(r -> ALL.equals(probe) || r.tags().contains(probe))
                .sorted(Comparator.comparing(Registered::name))
                .toList();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        List<CompletableFuture<HealthResult>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (Registered r : selected) {
            futures.add(CompletableFuture.supplyAsync(r.check()::check, executor));
        }
        List<HealthReport.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < selected.size(); i++) {
            Registered r = selected.get(i);
            HealthResult result;
            try {
                result = futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (result == null) {
                    result = HealthResult.critical("the check returned no result");
                }
            } catch (TimeoutException e) {
                futures.get(i).cancel(true);
                result = HealthResult.critical("no answer within check.timeout.ms=" + timeoutMillis);
            } catch (ExecutionException e) {
                LOG.warn("Health check {} failed: {}", r.name(), e.getCause().toString());
                result = HealthResult.critical("the check failed: " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result = HealthResult.critical("interrupted");
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            outcomes.add(new HealthReport.Outcome(r.name(), r.tags(), result.status(), result.message(), millis));
            if (result.status() == Status.CRITICAL) {
                LOG.debug("Health check {} ({}) CRITICAL: {}", r.name(), probe, result.message());
            }
        }
        return new HealthReport(probe, outcomes);
    }
}
