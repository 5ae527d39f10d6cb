package org.siprec.ops.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.siprec.api.ops.MetricsHistory;
import org.siprec.api.ops.MetricsSample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MetricsHistory} service: samples {@link PlatformMetrics} (the meters of {@code /metrics}) every
 * {@code interval.seconds} on its own thread into a {@link SampleRing} that holds {@code window.minutes} of them.
 * Nothing is sampled on a call's thread; a sample that fails is logged and skipped, the next one is taken on time.
 */
@Component(service = MetricsHistory.class, immediate = true, configurationPid = HistoryConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HistoryConfig.class)
public class MetricsSampler implements MetricsHistory {
    static final int MAX_INTERVAL_SECONDS = 3600;
    static final int MAX_WINDOW_MINUTES = 1440;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsSampler.class);

    private final PlatformMetrics metrics;
    private final Clock clock;
    private final Duration interval;
    private final Duration window;
    private final SampleRing ring;
    private final ScheduledExecutorService timer;

    @Activate
    public MetricsSampler(@Reference PlatformMetrics metrics, HistoryConfig config) {
        this(metrics, config, Clock.systemUTC(), true);
    }

    /** {@code schedule} false: samples only when {@link #sampleNow()} is called (tests). */
    MetricsSampler(PlatformMetrics metrics, HistoryConfig config, Clock clock, boolean schedule) {
        this.metrics = metrics;
        this.clock = clock;
        int seconds = checked("interval.seconds", config.interval_seconds(), 1, MAX_INTERVAL_SECONDS, 10);
        int minutes = checked("window.minutes", config.window_minutes(), 1, MAX_WINDOW_MINUTES, 60);
        this.interval = Duration.ofSeconds(seconds);
        this.window = Duration.ofMinutes(minutes);
        this.ring = new SampleRing((int) Math.max(1, window.toSeconds() / seconds));
        if (schedule) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "siprec-metrics-history");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::sampleNow, 0, seconds, TimeUnit.SECONDS);
        } else {
            timer = null;
        }
        LOG.info("Metrics history: a sample every {} s, {} min kept ({} samples)", seconds, minutes, ring.capacity());
    }

    @Deactivate
    void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Takes one sample into the history. Never throws: a failure would end the fixed-rate schedule. */
    void sampleNow() {
        try {
            ring.add(metrics.sample(clock.instant()));
        } catch (RuntimeException e) {
            LOG.warn("Metrics history: a sample failed and is skipped: {}", e.toString());
        }
    }

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public Duration window() {
        return window;
    }

    @Override
    public List<MetricsSample> samples() {
        List<MetricsSample> samples = ring.toList();
        samples.add(metrics.sample(clock.instant()));
        return samples;
    }

    int capacity() {
        return ring.capacity();
    }

    private static int checked(String key, int value, int min, int max, int fallback) {
        if (value < min || value > max) {
            LOG.error("Metrics history: {} = {} is outside {}..{}; using {}", key, value, min, max, fallback);
            return fallback;
        }
        return value;
    }
}
