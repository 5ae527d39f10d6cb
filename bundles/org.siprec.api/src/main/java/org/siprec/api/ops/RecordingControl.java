package org.siprec.api.ops;

import java.time.Instant;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Pauses and resumes the recording of a live call, e.g. while a payment card number is read (PCI DSS). The call
 * itself is never touched: only what reaches the SRS.
 * <p>
 * Pause stops the copies of the call's media to the SRS <em>first</em> (no packet of the paused interval reaches
 * it), then tells the SRS with a recording-session re-INVITE whose streams are {@code inactive} and a partial
 * metadata update. Resume offers the streams {@code sendonly} again; the copies restart only when the SRS has
 * accepted (200). Both may be called from any thread except a call's own signalling thread; they wait at most a
 * few seconds for the call's thread (and, for resume, the SRS's answer).
 * <p>
 * Since 1.4 a recording can also be started and stopped on demand: {@link #start} records an answered call that no
 * policy chose to record (a recording session to the SRSs, as a policy's RECORD decision would open), {@link #stop}
 * ends a call's recording session (RS BYE) while the call goes on. A recording that the policy decision made
 * mandatory cannot be stopped.
 *
 * @since 1.3
 */
@ProviderType
public interface RecordingControl {
    /**
     * Pauses the recording of a call.
     *
     * @param callId the call's A-leg Call-ID (as {@code siprec:calls} lists it)
     * @param actor  who asks, for the audit trail (e.g. a shell user); {@code null} for unknown
     * @return the time from which nothing of the call is sent to the SRS. The SRS is told asynchronously; if it
     *         refuses or does not answer, the recording stays paused and that is logged and audited
     * @throws RecordingControlException with {@link RecordingControlException.Reason#NO_SUCH_CALL},
     *         {@link RecordingControlException.Reason#NOT_RECORDED}, {@link RecordingControlException.Reason#NOT_STARTED},
     *         {@link RecordingControlException.Reason#ALREADY_PAUSED} or {@link RecordingControlException.Reason#TIMEOUT}
     */
    Instant pause(String callId, String actor) throws RecordingControlException;

    /**
     * Resumes a paused recording and waits for the SRS's answer.
     *
     * @param callId the call's A-leg Call-ID
     * @param actor  who asks, for the audit trail; {@code null} for unknown
     * @return the time the SRS accepted and the copies restarted
     * @throws RecordingControlException with {@link RecordingControlException.Reason#NO_SUCH_CALL},
     *         {@link RecordingControlException.Reason#NOT_RECORDED}, {@link RecordingControlException.Reason#NOT_PAUSED},
     *         {@link RecordingControlException.Reason#SRS_REFUSED} (the SRS refused or did not answer: the recording
     *         stays paused) or {@link RecordingControlException.Reason#TIMEOUT}
     */
    Instant resume(String callId, String actor) throws RecordingControlException;

    /** {@link #pause(String, String)} by an unknown actor. */
    default Instant pause(String callId) throws RecordingControlException {
        return pause(callId, null);
    }

    /** {@link #resume(String, String)} by an unknown actor. */
    default Instant resume(String callId) throws RecordingControlException {
        return resume(callId, null);
    }

    /**
     * Starts recording a live, answered call that is not recorded (its decision was SKIP). The call's decision
     * becomes {@code RECORD (on demand by <actor>)}, which the metadata sent to the SRS and the recording's record
     * carry. Waits for the SRS's answer.
     *
     * @param callId the call's A-leg Call-ID (as {@code siprec:calls} lists it)
     * @param actor  who asks, for the audit trail; {@code null} for unknown
     * @return the time the SRS accepted the recording session
     * @throws RecordingControlException with {@link RecordingControlException.Reason#NO_SUCH_CALL},
     *         {@link RecordingControlException.Reason#NOT_ANSWERED}, {@link RecordingControlException.Reason#ALREADY_RECORDED}
     *         (a policy chose to record it, or it was started before), {@link RecordingControlException.Reason#SRS_REFUSED}
     *         (no SRS accepted: the call goes on unrecorded) or {@link RecordingControlException.Reason#TIMEOUT}
     * @since 1.4
     */
    Instant start(String callId, String actor) throws RecordingControlException;

    /**
     * Stops a call's recording: the recording session ends (RS BYE), its record is kept, the call goes on unrecorded.
     *
     * @param callId the call's A-leg Call-ID
     * @param actor  who asks, for the audit trail; {@code null} for unknown
     * @return the time the copies to the SRS stopped
     * @throws RecordingControlException with {@link RecordingControlException.Reason#NO_SUCH_CALL},
     *         {@link RecordingControlException.Reason#NOT_RECORDED}, {@link RecordingControlException.Reason#NOT_STARTED},
     *         {@link RecordingControlException.Reason#MANDATORY} (the decision made recording mandatory) or
     *         {@link RecordingControlException.Reason#TIMEOUT}
     * @since 1.4
     */
    Instant stop(String callId, String actor) throws RecordingControlException;

    /**
     * Starts a recording of a live, answered call to the named SRS group, beside the recordings it already has (a
     * call may hold several, one per group); {@code null} group: {@link #start(String, String)}.
     *
     * @return the time an SRS of the group accepted the recording session
     * @throws RecordingControlException as {@link #start(String, String)}; {@link RecordingControlException.Reason#ALREADY_RECORDED}
     *         when the call is already recorded to that group; {@link RecordingControlException.Reason#SRS_REFUSED}
     *         when the group is unknown or none of its SRSs accepted (the call and its other recordings go on)
     * @since 1.6
     */
    default Instant start(String callId, String actor, String srsGroup) throws RecordingControlException {
        if (srsGroup == null) {
            return start(callId, actor);
        }
        throw new RecordingControlException(RecordingControlException.Reason.NOT_RECORDED,
                "this platform records each call to one SRS group only");
    }

    /**
     * Stops one recording of a call, named by its recording id (as {@code siprec:calls} and the catalogue list it);
     * the call and its other recordings go on. {@code null} id: {@link #stop(String, String)} (every recording of
     * the call that may be stopped).
     *
     * @since 1.6
     */
    default Instant stop(String callId, String actor, String recordingId) throws RecordingControlException {
        if (recordingId == null) {
            return stop(callId, actor);
        }
        throw new RecordingControlException(RecordingControlException.Reason.NOT_RECORDED,
                "this platform does not stop one recording of a call by its id");
    }
}
