package org.siprec.ops.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.siprec.api.health.HealthCheck;
import org.siprec.api.health.HealthResult;
import org.siprec.api.health.HealthResult.Status;
import org.siprec.testsupport.Configs;

/** Checks are selected by probe; a failing, throwing or hanging check makes its probe DOWN, naming it. */
class HealthRunnerTest {
    private final HealthRunner runner = new HealthRunner();
    private final CountDownLatch never = new CountDownLatch(1);

    @AfterEach
    void stop() {
        never.countDown();
        runner.deactivate();
    }

    @Test
    void probesSelectTheirChecksAndFailOnCritical() {
        runner.bindHealthCheck(() -> HealthResult.ok("fine"), Map.of(HealthCheck.NAME, "sip", HealthCheck.TAGS, new String[] {"live", "ready"}));
        runner.bindHealthCheck(() -> HealthResult.critical("all down"), Map.of(HealthCheck.NAME, "srs-groups", HealthCheck.TAGS, "ready"));
        runner.bindHealthCheck(() -> HealthResult.warn("low"), Map.of(HealthCheck.NAME, "untagged"));

        HealthReport live = runner.run(HealthCheck.LIVE);
        assertTrue(live.up());
        assertEquals(List.of("sip"), live.checks().stream().map(HealthReport.Outcome::name).toList());

        HealthReport ready = runner.run(HealthCheck.READY);
        assertFalse(ready.up());
        assertEquals(List.of("srs-groups"), ready.failing());
        assertEquals(3, ready.checks().size(), "an untagged check counts for readiness");
        assertTrue(ready.toJson().contains("\"status\":\"DOWN\",\"failing\":[\"srs-groups\"]"), ready.toJson());
    }

    @Test
    void aCheckWithoutANameIsIgnored() {
        runner.bindHealthCheck(() -> HealthResult.critical("x"), Map.of());
        assertTrue(runner.run(HealthCheck.READY).up());
    }

    @Test
    void throwingAndHangingChecksAreCritical() {
        runner.configure(Configs.of(HealthConfig.class, Map.of("check.timeout.ms", 200)));
        runner.bindHealthCheck(() -> {
            throw new IllegalStateException("boom");
        }, Map.of(HealthCheck.NAME, "throws"));
        runner.bindHealthCheck(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return HealthResult.ok("late");
        }, Map.of(HealthCheck.NAME, "hangs"));
        long t0 = System.nanoTime();
        HealthReport r = runner.run(HealthCheck.READY);
        // the hanging check never returns: any bound proves the probe did not wait for it; a wide one never flakes
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 10_000, "the probe waits for the deadline, not for the check");
        assertEquals(List.of("hangs", "throws"), r.failing());
        assertEquals(Status.CRITICAL, r.status());
        assertTrue(r.checks().get(0).message().contains("check.timeout.ms=200"), r.toJson());
        assertTrue(r.checks().get(1).message().contains("boom"), r.toJson());
    }

    @Test
    void jsonEscapesMessages() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", HealthReport.quote("a\"b\\c\n\u0001"));
    }
}
