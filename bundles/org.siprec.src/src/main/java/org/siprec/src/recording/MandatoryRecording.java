package org.siprec.src.recording;

import java.time.Duration;

/**
 * How a mandatory recording that loses its SRS mid-call is handled (issue 8, "Mandatory recording").
 *
 * @param grace     how long the recording may spend failing over before the call is released
 * @param keepalive the interval of the in-dialog OPTIONS sent to the SRS of a mandatory recording, so that an SRS
 *                  that dies without a BYE (process killed, host gone) is noticed within seconds; zero: none
 */
public record MandatoryRecording(Duration grace, Duration keepalive) {
    /** The defaults of {@code etc/org.siprec.src.cfg}, for contexts built without configuration. */
    public static final MandatoryRecording DEFAULT = new MandatoryRecording(Duration.ofSeconds(10), Duration.ofSeconds(2));

    /** @throws IllegalArgumentException naming the configuration key that is wrong */
    public static MandatoryRecording of(int graceSeconds, int keepaliveSeconds) {
        if (graceSeconds < 0 || graceSeconds > 3600) {
            throw new IllegalArgumentException("mandatory.grace.seconds must be between 0 and 3600, got " + graceSeconds);
        }
        if (keepaliveSeconds < 0 || keepaliveSeconds > 300) {
            throw new IllegalArgumentException("mandatory.keepalive.seconds must be between 1 and 300 (or 0: off), got "
                    + keepaliveSeconds);
        }
        return new MandatoryRecording(Duration.ofSeconds(graceSeconds), Duration.ofSeconds(keepaliveSeconds));
    }
}
