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
import org.siprec.api.event.EventForwarder;
import org.siprec.api.media.MediaDirection;
import org.siprec.api.media.MediaMirror;
import org.siprec.api.media.MirrorSession;
import org.siprec.api.media.PacketCounts;
import org.siprec.api.store.RecordingRecord;
import org.siprec.testsupport.Promtool;

/**
 * The recording metrics follow the SRC's audit trail and records as the SRC's reporter hands them over, and the
 * exposition passes {@code promtool check metrics} (Debian package prometheus).
 */
class PlatformMetricsTest {
    private static final String SRS = "sip:srs@127.0.0.1:5090";
    private static final String SRS_B = "sip:srs@127.0.0.1:5091";
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

    /**
     * Found by the black-box OperatingProofTest: a recording started on demand or to a further SRS group is counted
     * under its SRS's URI (the audit detail's "; srs group qm; on demand by shell:karaf" is no part of the label), and
     * its on-demand decision is not a decision at set-up.
     */
    @Test
    void onDemandAndGroupRecordingsAreCountedUnderTheirSrsAndNotAsSetUpDecisions() {
        metrics.event(Instant.now(), "c1", AuditSink.DECISION, "SKIP (example: number excluded)");
        metrics.event(Instant.now(), "c1", AuditSink.DECISION, "RECORD (on demand by dtmf:caller); policies: example=SKIP(..)");
        metrics.event(Instant.now(), "c1", AuditSink.STARTED, SRS + "; on demand by dtmf:caller");
        metrics.event(Instant.now(), "c1", AuditSink.DECISION, "RECORD (on demand by shell:karaf) to SRS group qm; policies: ..");
        metrics.event(Instant.now(), "c1", AuditSink.STARTED, SRS + "; srs group qm; on demand by shell:karaf");
        metrics.event(Instant.now(), "c1", AuditSink.STARTED, SRS_B + "; srs group qm; on demand by shell:karaf");
        String text = metrics.scrape();
        assertEquals(2.0, value(text, "siprec_recordings_active"), "two recordings of one call are two: " + text);
        assertEquals(2.0, value(text, "siprec_recordings_started_total{srs=\"" + SRS + "\"}"), text);
        assertEquals(1.0, value(text, "siprec_recordings_started_total{srs=\"" + SRS_B + "\"}"), text);
        assertTrue(!text.contains("on demand by"), "no label carries the actor: " + text);
        assertEquals(1.0, value(text, "siprec_recording_decisions_total{decision=\"skip\"}"), text);
        assertTrue(!text.contains("siprec_recording_decisions_total{decision=\"record\"}"), "no decision at set-up said record: " + text);
        metrics.save(record("c1", Optional.of(SRS_B), "completed"));
        assertEquals(1.0, value(metrics.scrape(), "siprec_recordings_active"), "the other goes on");
    }

    @Test
    void mediaPacketsAreExposedPerDirection() {
        metrics.bindMedia(SelectedMirrorTest.only(new CountingMirror()));
        String text = metrics.scrape();
        assertEquals(18.0, value(text, "siprec_media_packets_received_total{direction=\"caller\"}"));
        assertEquals(17.0, value(text, "siprec_media_packets_sent_total{direction=\"caller\"}"));
        assertEquals(1.0, value(text, "siprec_media_packets_dropped_total{direction=\"caller\"}"));
        assertEquals(2.0, value(text, "siprec_media_packets_lost_total{direction=\"caller\"}"));
        assertEquals(12.0, value(text, "siprec_media_packets_received_total{direction=\"callee\"}"));
        assertEquals(5.0, value(text, "siprec_media_packets_dropped_total{direction=\"callee\"}"));
        assertEquals(30.0, value(text, "siprec_media_packets_sent_total{direction=\"srs\"}"));
        assertTrue(!text.contains("siprec_media_packets_lost_total{direction=\"srs\"}"), "no loss series for the SRS copies");
        Promtool.checkMetrics(text);

        metrics.bindMedia(SelectedMirrorTest.only(new CountingMirror() {
            @Override
            public Optional<PacketCounts> packetCounts(MediaDirection direction) {
                return Optional.empty();
            }
        }));
        assertTrue(!metrics.scrape().contains("siprec_media_packets_received_total"),
                "an engine that does not count has no series, rather than zeros");
    }

    @Test
    void eventForwardersCountsAreExposedPerForwarder() {
        metrics.bindEventForwarders(List.of(new EventForwarder() {
            @Override
            public String name() {
                return "webhook";
            }

            @Override
            public Counts counts() {
                return new Counts(9, 4, 2, 1, 3);
            }
        }));
        String text = metrics.scrape();
        assertEquals(9.0, value(text, "siprec_events_delivered_total{forwarder=\"webhook\"}"));
        assertEquals(4.0, value(text, "siprec_events_retried_total{forwarder=\"webhook\"}"));
        assertEquals(2.0, value(text, "siprec_events_dropped_total{forwarder=\"webhook\"}"));
        assertEquals(1.0, value(text, "siprec_events_failed_total{forwarder=\"webhook\"}"));
        assertEquals(3.0, value(text, "siprec_events_queued{forwarder=\"webhook\"}"));
        Promtool.checkMetrics(text);

        metrics.bindEventForwarders(List.of());
        assertTrue(!metrics.scrape().contains("siprec_events_delivered_total"), "the plugin removed, its series gone");
    }

    /** A media mirror that reports fixed counts (the counting itself: the media bundle's DirectionCountersTest). */
    static class CountingMirror implements MediaMirror {
        @Override
        public MirrorSession open(String callId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String address() {
            return "127.0.0.1";
        }

        @Override
        public int openSessions() {
            return 0;
        }

        @Override
        public int freePorts() {
            return 100;
        }

        @Override
        public Optional<PacketCounts> packetCounts(MediaDirection direction) {
            return Optional.of(switch (direction) {
                case CALLER -> new PacketCounts(18, 17, 1, 2);
                case CALLEE -> new PacketCounts(12, 7, 5, 0);
                case SRS -> new PacketCounts(30, 30, 0, 0);
            });
        }
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
