package org.siprec.store.jdbc;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired recordings on a schedule (etc/org.siprec.store.retention.cfg), on its own thread
 * {@code siprec-store-retention}. A configuration value that cannot work is refused with one ERROR line naming the
 * key: at start the job does not run (nothing is deleted), on a change the current rules stay.
 */
@Component(configurationPid = RetentionConfig.PID, immediate = true, service = RetentionJob.class)
@Designate(ocd = RetentionConfig.class)
public final class RetentionJob {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private final JdbcRecordingStore store;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "siprec-store-retention");
        t.setDaemon(true);
        return t;
    });
    private volatile RetentionRules rules;
    private ScheduledFuture<?> task;

    @Activate
    public RetentionJob(@Reference JdbcRecordingStore store, RetentionConfig config) {
        this.store = store;
        try {
            apply(RetentionRules.from(config));
        } catch (IllegalArgumentException e) {
            LOG.error("Retention not started: configuration {} {}; nothing is deleted until etc/{}.cfg is corrected",
                    RetentionConfig.PID, e.getMessage(), RetentionConfig.PID);
        }
    }

    @Modified
    void modified(RetentionConfig config) {
        try {
            apply(RetentionRules.from(config));
        } catch (IllegalArgumentException e) {
            LOG.error("Retention configuration {} refused, {}; {}", RetentionConfig.PID, e.getMessage(),
                    rules == null ? "nothing is deleted until it is corrected" : "keeping " + rules);
        }
    }

    private synchronized void apply(RetentionRules r) {
        rules = r;
        if (task != null) {
            task.cancel(false);
        }
        task = timer.scheduleWithFixedDelay(this::check, 5, r.intervalSeconds(), TimeUnit.SECONDS);
        LOG.info("Retention: {}; recordings on legal hold are kept", r);
    }

    /** Runs one check now with the current rules (the shell's siprec:retention-run); -1 when not configured. */
    int runNow() throws Exception {
        RetentionRules r = rules;
        return r == null ? -1 : timer.submit(() -> store.expire(r, Instant.now())).get();
    }

    RetentionRules rules() {
        return rules;
    }

    private void check() {
        RetentionRules r = rules;
        try {
            int n = store.expire(r, Instant.now());
            if (n > 0) {
                LOG.info("Retention: {} expired recording(s) deleted", n);
            }
        } catch (Exception e) {
            LOG.error("Retention check failed, tried again in {} s: {}", r.intervalSeconds(), e.toString());
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }
}
