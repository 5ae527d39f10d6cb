package org.siprec.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.siprec.api.compliance.AuditSink;
import org.siprec.api.store.RecordingRecord;
import org.siprec.testsupport.Promtool;

/**
 * The recording metrics follow the SRC's audit trail and records as the SRC's reporter hands them over, and the
 * exposition passes {@code promtool check metrics} (Debian package prometheus).
 */
class PlatformMetricsTest {
    private static final String SRS = "sip:srs@127.0.0.1:5090";
    private final PlatformMetrics metrics = new PlatformMetrics();

    @AfterEach
    void close() {
        metrics.deactivate();
    }

    @Test
    void recordingsAreCountedByOutcomeSrsAndReason() {
        metrics.event(Instant.now(), "c1", AuditSink.DECISION, "RECORD (recordall: record every call); policies: recordall=RECORD(..)");
        metrics.event(Instant.now(), "c2", AuditSink.DECISION, "SKIP (example: number excluded)");
        metrics.event(Instant.now(), "c1", AuditSink.STARTED, SRS);
        assertEquals(1.0, value(metrics.scrape(), "siprec_recordings_active"));

        metrics.event(Instant.now(), "c1", AuditSink.STOPPED, SRS);
        metrics.save(record("c1", Optional.of(SRS), "completed"));
        metrics.event(Instant.now(), "c3", AuditSink.FAILED, "no SRS accepted: sip:srs@127.0.0.1:5090 486 Busy Here");
        metrics.save(record("c3", Optional.empty(), "failed: no SRS accepted: sip:srs@127.0.0.1:5090 486 Busy Here"));

        String text = metrics.scrape();
        assertEquals(0.0, value(text, "siprec_recordings_active"));
        assertEquals(1.0, value(text, "siprec_recordings_started_total{srs=\"" + SRS + "\"}"));
        assertEquals(1.0, value(text, "siprec_recordings_completed_total{srs=\"" + SRS + "\"}"));
        assertEquals(1.0, value(text, "siprec_recordings_failed_total{reason=\"srs-refused\",srs=\"none\"}"));
        assertEquals(1.0, value(text, "siprec_recording_decisions_total{decision=\"record\"}"));
        assertEquals(1.0, value(text, "siprec_recording_decisions_total{decision=\"skip\"}"));
        Promtool.checkMetrics(text);
    }

    /** Issue 14, limits: the audit entries and records CallRecorder writes (RecordingLimitsSippTest shows them). */
    @Test
    void recordingsStoppedAtTheirMaximumDurationAndRefusedByACompanyLimitAreCounted() {
        metrics.event(Instant.now(), "c1", AuditSink.STARTED, SRS);
        metrics.event(Instant.now(), "c1", AuditSink.STOPPED, SRS + "; max-duration 2 s reached (test-policy), the call goes on");
        metrics.save(record("c1", Optional.of(SRS), "completed: max-duration"));
        metrics.event(Instant.now(), "c2", AuditSink.FAILED, "company-limit: company acme has 1 recordings in progress, its limit is 1");
        metrics.save(record("c2", Optional.empty(), "failed: company-limit: company acme has 1 recordings in progress, its limit is 1"));
        metrics.event(Instant.now(), "c3", AuditSink.FAILED, "company-limit: company acme has 1 recordings in progress, its limit is 1"
                + "; start on demand by shell:karaf refused"); // no record follows a refused start on demand

        String text = metrics.scrape();
        assertEquals(1.0, value(text, "siprec_recordings_stopped_total{reason=\"max-duration\"}"));
        assertEquals(1.0, value(text, "siprec_recordings_completed_total{srs=\"" + SRS + "\"}"), "a recording stopped at its limit completed");
        assertEquals(2.0, value(text, "siprec_recordings_refused_total{reason=\"company-limit\"}"));
        assertTrue(!text.contains("siprec_recordings_failed_total"), "a refused recording is not a failed one: " + text);
        Promtool.checkMetrics(text);
    }

    @Test
    void setUpLatencyIsFromTheAnswerToTheFirstAcceptance() {
        Instant answered = Instant.parse("2026-12-03T08:00:00Z");
        metrics.event(answered.plusMillis(300), "c1", AuditSink.STARTED, SRS);
        // a fail-over later in the call does not count as set-up
        metrics.event(answered.plusSeconds(20), "c1", AuditSink.FAILED, SRS + " BYE; trying the next SRS");
        metrics.event(answered.plusSeconds(21), "c1", AuditSink.STARTED, SRS);
        metrics.save(new RecordingRecord("c1-rs", "c1", Optional.of(SRS), List.of(), answered, answered.plusSeconds(30),
                "completed", "RECORD"));
        String text = metrics.scrape();
        assertEquals(1.0, value(text, "siprec_recording_setup_seconds_count"));
        assertEquals(0.3, value(text, "siprec_recording_setup_seconds_sum"), 1e-9);
        assertEquals(0.0, value(text, "siprec_recording_setup_seconds_bucket{le=\"0.25\"}"));
        assertEquals(1.0, value(text, "siprec_recording_setup_seconds_bucket{le=\"0.5\"}"));
        Promtool.checkMetrics(text);
    }

    @Test
    void anSrsLostMidCallIsAMoveNotAnActiveRecording() {
        metrics.event(Instant.now(), "c1", AuditSink.STARTED, SRS);
        metrics.event(Instant.now(), "c1", AuditSink.FAILED, SRS + " BYE from the SRS; trying the next SRS");
        String text = metrics.scrape();
        assertEquals(0.0, value(text, "siprec_recordings_active"));
        assertEquals(1.0, value(text, "siprec_recordings_moved_total{srs=\"" + SRS + "\"}"));
    }

    @Test
    void jvmMetricsArePresentAndTheExpositionPassesPromtool() {
        String text = metrics.scrape();
        for (String name : List.of("jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                "process_uptime_seconds", "system_cpus")) {
            assertTrue(text.contains("\n" + name), name + " missing in\n" + text);
        }
        Promtool.checkMetrics(text);
    }

    /** The value of the sample {@code series} (name with its labels, as exposed) in {@code text}. */
    static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        assertTrue(m.find(), series + " not in\n" + text);
        return Double.parseDouble(m.group(1));
    }

    private static RecordingRecord record(String callId, Optional<String> srs, String outcome) {
        return new RecordingRecord(callId + "-rs", callId, srs, List.of(), Instant.now(), Instant.now(), outcome, "RECORD");
    }
}
