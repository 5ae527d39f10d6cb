package org.siprec.api.ops;

import java.time.Instant;
import java.util.Map;

/**
 * The platform's counters and states at one instant, as its metrics read then ({@link MetricsHistory}). Counters
 * count since the platform started; a rate is the difference of two samples over their time apart.
 *
 * @param time                 when the sample was read
 * @param callsStarted         calls accepted for set-up ({@code siprec_calls_started_total})
 * @param callsActive          calls in progress ({@code siprec_calls_active})
 * @param recordingsStarted    recording sessions accepted by an SRS, all SRSs ({@code siprec_recordings_started_total})
 * @param recordingsCompleted  recordings that ended with their call ({@code siprec_recordings_completed_total})
 * @param recordingsActive     recordings accepted and not ended ({@code siprec_recordings_active})
 * @param recordingsFailed     failed recordings by reason, all SRSs ({@code siprec_recordings_failed_total}); a
 *                             reason appears once it first counts
 * @param srsStates            each SRS of the SRS groups with its probe state: {@code up}, {@code down} or
 *                             {@code unknown} ({@code siprec_srs_state})
 * @param callsShed            new calls refused with 503 + Retry-After by overload control, by reason
 *                             ({@code siprec_calls_shed_total}: {@code overload}, {@code rate}, {@code calls}); since 1.6
 * @param requestsRejected     SIP requests refused or dropped before reaching a call, by reason
 *                             ({@code siprec_sip_requests_rejected_total}: {@code untrusted}, {@code rate-limited},
 *                             {@code malformed}); a reason appears once it first counts; since 1.6
 * @since 1.5
 */
public record MetricsSample(Instant time, long callsStarted, long callsActive, long recordingsStarted,
        long recordingsCompleted, long recordingsActive, Map<String, Long> recordingsFailed,
        Map<String, String> srsStates, Map<String, Long> callsShed, Map<String, Long> requestsRejected) {
    public MetricsSample {
        recordingsFailed = Map.copyOf(recordingsFailed);
        srsStates = Map.copyOf(srsStates);
        callsShed = Map.copyOf(callsShed);
        requestsRejected = Map.copyOf(requestsRejected);
    }

    /** The 1.5 sample: no shed calls or rejected requests. */
    public MetricsSample(Instant time, long callsStarted, long callsActive, long recordingsStarted,
            long recordingsCompleted, long recordingsActive, Map<String, Long> recordingsFailed,
            Map<String, String> srsStates) {
        this(time, callsStarted, callsActive, recordingsStarted, recordingsCompleted, recordingsActive,
                recordingsFailed, srsStates, Map.of(), Map.of());
    }
}
