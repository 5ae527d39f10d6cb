package org.siprec.src.recording;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The recording limits of {@code etc/org.siprec.src.cfg} (the SRC's PID, read by {@link RecordingLimits} beside the
 * B2BUA's {@code SrcConfig}).
 */
@ObjectClassDefinition(name = "siprec recording limits", description = "Maximum duration per recording, maximum concurrent recordings per company")
public @interface RecordingLimitsConfig {
    @AttributeDefinition(description = "The longest any recording may run, in seconds (0..86400; 0: no limit). A policy may set a"
            + " shorter one (Decision.maxDuration); the shortest applies. When reached, the recording stops (BYE to the SRS) and the"
            + " call goes on unrecorded")
    int recording_max_duration_seconds() default 0;

    @AttributeDefinition(description = "Recordings a company may have in progress at once, unless company.max.recordings says"
            + " otherwise for it; 0: unlimited")
    int company_max_recordings_default() default 0;

    @AttributeDefinition(description = "Per-company limits of recordings in progress at once, company:limit pairs separated by"
            + " commas (company ids of the subscriber directory), e.g. acme:10,beta:5; 0: unlimited")
    String company_max_recordings() default "";
}
