package org.siprec.api.compliance;

import java.time.Instant;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the audit trail of recording: what was decided for each call and what became of its recording.
 * <p>
 * The core calls every registered sink, in no particular order, on one dedicated thread (never on a call's
 * signalling thread), in the order the events happened for a call. A sink that throws is logged and the other sinks
 * still get the event; a slow sink delays only later audit events, never a call.
 * <p>
 * Events ({@code event} values): {@value #DECISION}, {@value #STARTED}, {@value #PAUSED}, {@value #RESUMED},
 * {@value #STOPPED}, {@value #FAILED}, {@value #ANNOUNCEMENT_UNAVAILABLE}, {@value #MOVED} (since 1.2).
 */
@ConsumerType
public interface AuditSink {
    /** The combined recording decision at call set-up; detail: verdict, reason and each policy's verdict. */
    String DECISION = "decision";
    /** A recording session was accepted by an SRS; detail: the SRS URI. */
    String STARTED = "recording.started";
    /** Recording was paused (nothing is sent to the SRS). */
    String PAUSED = "recording.paused";
    /** Recording resumed after a pause. */
    String RESUMED = "recording.resumed";
    /** The recording ended with the call (or was stopped). */
    String STOPPED = "recording.stopped";
    /** The recording could not be set up or was lost; detail: why. */
    String FAILED = "recording.failed";
    /**
     * The recording SRS died mid-call (BYE, or an in-dialog request to it timed out or got 408/481/5xx) and another
     * SRS of the group took the recording as a new recording session; detail: the old and the new SRS URI and how
     * long no copies were sent, e.g. {@code from sip:a to sip:b; no copies for 140 ms}. Since 1.2.
     */
    String MOVED = "recording.moved";
    /** The decision asked for an announcement that could not be played; detail: its identifier and why. */
    String ANNOUNCEMENT_UNAVAILABLE = "announcement.unavailable";

    /**
     * @param time   when it happened
     * @param callId the Call-ID of the call as it arrived (A-leg)
     * @param event  one of the constants of this interface
     * @param detail human-readable detail, never {@code null}
     */
    void event(Instant time, String callId, String event, String detail);
}
