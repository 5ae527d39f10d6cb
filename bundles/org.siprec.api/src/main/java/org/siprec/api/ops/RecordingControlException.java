package org.siprec.api.ops;

import java.util.Objects;

/**
 * Why a {@link RecordingControl} request was not carried out (or, for {@link Reason#SRS_REFUSED}, not completed).
 * The message is meant for an operator: it names the call and what to do.
 *
 * @since 1.3
 */
public class RecordingControlException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The kinds of refusal. */
    public enum Reason {
        /** No live call has this Call-ID. */
        NO_SUCH_CALL,
        /** The call is not recorded (the decision was not to record, or recording failed or ended). */
        NOT_RECORDED,
        /** The call will be recorded but no SRS has accepted yet (not answered, announcement, SRS being asked). */
        NOT_STARTED,
        /** Pause asked while already paused. */
        ALREADY_PAUSED,
        /** Resume asked while not paused. */
        NOT_PAUSED,
        /**
         * The SRS refused the update or did not answer it; the recording stays paused. For a start on demand: no SRS
         * accepted the recording session, the call goes on unrecorded.
         */
        SRS_REFUSED,
        /** Start asked for a call that is not answered yet. @since 1.4 */
        NOT_ANSWERED,
        /** Start asked for a call that is already recorded (by a policy's decision or on demand). @since 1.4 */
        ALREADY_RECORDED,
        /** Stop asked for a recording that the policy decision made mandatory. @since 1.4 */
        MANDATORY,
        /** The call did not handle the request in time (overloaded platform); nothing may have changed. */
        TIMEOUT
    }

    private final Reason reason;

    public RecordingControlException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
