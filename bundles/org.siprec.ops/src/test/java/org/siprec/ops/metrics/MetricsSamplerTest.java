package org.siprec.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.siprec.api.compliance.AuditSink;
import org.siprec.api.ops.CallMonitor;
import org.siprec.api.ops.CallSummary;
import org.siprec.api.ops.MetricsSample;
import org.siprec.api.ops.SrsGroupMonitor;
import org.siprec.api.store.RecordingRecord;
import org.siprec.testsupport.Configs;

/**
 * The metrics history: samples read the same meters as {@code /metrics} (recordings started, completed, active,
 * failed by reason; calls and SRS health from the platform's views), are kept oldest first, end with a sample read
 * now, and never more than window / interval of them are kept. Sampling is driven by the test ({@code sampleNow}),
 * not by the clock.
 */
class MetricsSamplerTest {
    private static final String SRS = "sip:srs@127.0.0.1:5090";
    private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
    private final PlatformMetrics metrics = new PlatformMetrics();

    @AfterEach
    void close() {
        metrics.deactivate();
    }

    @Test
    void samplesFollowTheRecordingMetersAndEndWithTheCurrentValues() {
        MetricsSampler sampler = sampler(Map.of(), Clock.fixed(T0, ZoneOffset.UTC));
        sampler.sampleNow();
        metrics.event(T0, "c1", AuditSink.STARTED, SRS);
        metrics.event(T0, "c2", AuditSink.STARTED, SRS);
        sampler.sampleNow();
        metrics.save(record("c1", Optional.of(SRS), "completed"));
        metrics.save(record("c2", Optional.of(SRS), "failed: the call ended before the SRS answered"));
        metrics.save(record("c3", Optional.empty(), "failed: no SRS available"));
        metrics.save(record("c4", Optional.empty(), "failed: no SRS available"));

        List<MetricsSample> samples = sampler.samples();
        assertEquals(3, samples.size(), "two kept and the current one");
        MetricsSample first = samples.get(0);
        assertEquals(0, first.recordingsStarted());
        assertEquals(Map.of(), first.recordingsFailed());
        MetricsSample second = samples.get(1);
        assertEquals(2, second.recordingsStarted());
        assertEquals(2, second.recordingsActive());
        assertEquals(0, second.recordingsCompleted());
        MetricsSample now = samples.get(2);
        assertEquals(2, now.recordingsStarted());
        assertEquals(0, now.recordingsActive());
        assertEquals(1, now.recordingsCompleted());
        assertEquals(Map.of("call-ended", 1L, "no-srs-available", 2L), now.recordingsFailed());
        // no CallMonitor or SRS group bound: no calls, no SRS, not an error
        assertEquals(0, now.callsStarted());
        assertEquals(Map.of(), now.srsStates());
        assertEquals(T0, now.time());
    }

    @Test
    void callsAndSrsHealthComeFromTheViewsAsTheScrapeReadsThem() {
        Map<String, String> status = new java.util.HashMap<>(Map.of("calls.active", "2", "calls.total", "7",
                "calls.released.mandatory", "0"));
        CallMonitor calls = new CallMonitor() {
            @Override
            public List<CallSummary> activeCalls() {
                return List.of();
            }

            @Override
            public Map<String, String> status() {
                return status;
            }
        };
        List<String> states = new java.util.ArrayList<>(List.of("up", "unknown"));
        SrsGroupMonitor group = new SrsGroupMonitor() {
            @Override
            public String mode() {
                return "hunt";
            }

            @Override
            public List<SrsStatus> members() {
                return List.of(new SrsStatus(SRS, 1, states.get(0), 1, 0, 0, 0, 0, 0, ""),
                        new SrsStatus("sip:srs2@127.0.0.1:5094", 1, states.get(1), -1, 0, 0, 0, 0, 0, ""));
            }
        };
        metrics.bindViews(calls, List.of(group));
        MetricsSampler sampler = sampler(Map.of(), Clock.fixed(T0, ZoneOffset.UTC));
        sampler.sampleNow();
        status.put("calls.total", "9");
        status.put("calls.active", "0");
        status.put("calls.released.mandatory", "1");
        status.put("calls.shed.overload", "3");
        status.put("calls.shed.rate", "2");
        status.put("requests.untrusted", "4");
        status.put("sip.door.rejected.400", "1");
        states.set(0, "down");

        List<MetricsSample> samples = sampler.samples();
        assertEquals(7, samples.get(0).callsStarted());
        assertEquals(2, samples.get(0).callsActive());
        assertEquals(Map.of(SRS, "up", "sip:srs2@127.0.0.1:5094", "unknown"), samples.get(0).srsStates());
        assertEquals(9, samples.get(1).callsStarted());
        assertEquals(0, samples.get(1).callsActive());
        assertEquals(Map.of(SRS, "down", "sip:srs2@127.0.0.1:5094", "unknown"), samples.get(1).srsStates());
        assertEquals(Map.of(), samples.get(0).callsShed());
        assertEquals(Map.of("overload", 3L, "rate", 2L), samples.get(1).callsShed());
        assertEquals(Map.of("untrusted", 4L, "malformed", 1L), samples.get(1).requestsRejected());
        // the same as /metrics says at that moment
        String text = metrics.scrape();
        assertTrue(text.contains("siprec_calls_started_total 9.0"), text);
        assertTrue(text.contains("siprec_calls_released_total{reason=\"mandatory-recording-failed\"} 1.0"), text);
        assertTrue(text.contains("siprec_srs_state{srs=\"" + SRS + "\",state=\"down\"} 1.0"), text);
    }

    @Test
    void theHistoryKeepsOneWindowOldestFirst() {
        MutableClock clock = new MutableClock();
        // 1 minute at one sample per 20 s: 3 samples kept
        MetricsSampler sampler = sampler(Map.of("interval.seconds", 20, "window.minutes", 1), clock);
        assertEquals(Duration.ofSeconds(20), sampler.interval());
        assertEquals(Duration.ofMinutes(1), sampler.window());
        for (int i = 0; i < 5; i++) {
            clock.now = T0.plusSeconds(20L * i);
            sampler.sampleNow();
        }
        clock.now = T0.plusSeconds(90);
        List<Instant> times = sampler.samples().stream().map(MetricsSample::time).toList();
        assertEquals(List.of(T0.plusSeconds(40), T0.plusSeconds(60), T0.plusSeconds(80), T0.plusSeconds(90)), times);
    }

    @Test
    void anIntervalOrWindowOutOfRangeFallsBackToTheDefault() {
        MetricsSampler sampler = sampler(Map.of("interval.seconds", 0, "window.minutes", 100_000),
                Clock.fixed(T0, ZoneOffset.UTC));
        assertEquals(Duration.ofSeconds(10), sampler.interval());
        assertEquals(Duration.ofMinutes(60), sampler.window());
        assertEquals(360, sampler.capacity());
    }

    @Test
    void aRingNeedsRoom() {
        assertThrows(IllegalArgumentException.class, () -> new SampleRing(0));
    }

    private MetricsSampler sampler(Map<String, ?> config, Clock clock) {
        return new MetricsSampler(metrics, Configs.of(HistoryConfig.class, config), clock, false);
    }

    private static RecordingRecord record(String callId, Optional<String> srs, String outcome) {
        return new RecordingRecord(callId + "-rs", callId, srs, List.of(), T0, T0.plusSeconds(5), outcome, "RECORD");
    }

    private static final class MutableClock extends Clock {
        Instant now = T0;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
