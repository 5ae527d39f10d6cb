package org.siprec.testcall.internal;

import java.time.Instant;
import java.util.Locale;

/**
 * How one test call went, from both ends.
 *
 * @param callId          Call-ID of the caller's dialog (towards the platform)
 * @param calleeCallId    Call-ID of the callee's dialog (the platform's B-leg), or {@code null} if it never arrived
 * @param sessionId       the RFC 7989 Session-ID the call carried (it reaches the recording metadata)
 * @param start           when the INVITE was sent
 * @param answered        whether the caller got a 2xx
 * @param status          the final response to the caller's INVITE (0 if none)
 * @param reason          its reason phrase, or a description of what went wrong
 * @param endedBy         {@code caller}, {@code platform} (BYE received by the caller) or {@code null} if not answered
 * @param callerSent      RTP packets the caller sent (440 Hz)
 * @param callerReceived  RTP packets the caller received
 * @param calleeSent      RTP packets the callee sent (660 Hz)
 * @param calleeReceived  RTP packets the callee received
 */
public record CallOutcome(String callId, String calleeCallId, String sessionId, Instant start, boolean answered,
        int status, String reason, String endedBy, long callerSent, long callerReceived, long calleeSent,
        long calleeReceived) {

    /** One line for the console, e.g. {@code call answered, 5.0 s of audio sent each way, ended by caller}. */
    public String describe() {
        if (!answered) {
            return status > 0 ? "call not answered: " + status + " " + reason : "call failed: " + reason;
        }
        double caller = callerSent * RtpStream.PERIOD_MS / 1000.0;
        double callee = calleeSent * RtpStream.PERIOD_MS / 1000.0;
        String audio = Math.abs(caller - callee) < 0.1
                ? String.format(Locale.ROOT, "%.1f s of audio sent each way", caller)
                : String.format(Locale.ROOT, "%.1f s of audio sent by the caller, %.1f s by the callee", caller, callee);
        return "call answered, " + audio + ", ended by " + (endedBy == null ? "nobody (BYE not answered)" : endedBy);
    }

    /** The packet counts, for a second line. */
    public String packets() {
        return String.format(Locale.ROOT, "RTP packets: caller sent %d, received %d; callee sent %d, received %d",
                callerSent, callerReceived, calleeSent, calleeReceived);
    }
}
