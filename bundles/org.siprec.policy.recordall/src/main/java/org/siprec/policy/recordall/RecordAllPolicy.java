package org.siprec.policy.recordall;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.RecordingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default policy until operator policies are installed: records every call, or none when disabled. Ranked
 * lowest so that any other policy with an opinion decides first.
 */
// named by its PID, as docs/policies.md says every policy is: decisions, siprec:policies and explain show this name
@Component(name = RecordAllPolicy.PID, service = RecordingPolicy.class, configurationPid = RecordAllPolicy.PID,
        property = RecordingPolicy.RANKING + ":Integer=-1000")
@Designate(ocd = RecordAllPolicy.Config.class)
public class RecordAllPolicy implements RecordingPolicy {
    static final String PID = "org.siprec.policy.recordall";
    private static final Logger LOG = LoggerFactory.getLogger(RecordAllPolicy.class);

    @ObjectClassDefinition(name = "siprec policy: record all calls")
    public @interface Config {
        @AttributeDefinition(description = "true: every call is recorded; false: this policy has no opinion (calls are not recorded unless another policy says so)")
        boolean enabled() default true;

        @AttributeDefinition(description = "true: a call whose recording cannot be set up is ended (mandatory recording)")
        boolean mandatory() default false;

        @AttributeDefinition(description = "The announcement played before recording (a prompt of org.siprec.compliance.announcement, e.g. recording-notice); empty: none")
        String announcement() default "";

        @AttributeDefinition(description = "The longest a recording of this policy may run, in seconds (1..86400); when reached the"
                + " recording stops and the call goes on. 0: no limit of this policy's own (recording.max.duration.seconds of"
                + " org.siprec.src still applies)")
        int max_duration_seconds() default 0;
    }

    private volatile Config config;
    /** From max.duration.seconds, validated once per configuration. */
    private volatile java.util.Optional<java.time.Duration> maxDuration;

    @Activate
    public RecordAllPolicy(Config config) {
        this.config = config;
        this.maxDuration = limit(config);
        LOG.info("Record-all policy {}", config.enabled() ? "enabled" : "disabled");
    }

    @Modified
    void modified(Config next) {
        this.config = next;
        this.maxDuration = limit(next);
        LOG.info("Record-all policy {}", next.enabled() ? "enabled" : "disabled");
    }

    /** max.duration.seconds as a limit; a value out of range is logged and means no limit (the call is never hurt). */
    private static java.util.Optional<java.time.Duration> limit(Config c) {
        int seconds = c.max_duration_seconds();
        if (seconds == 0) {
            return java.util.Optional.empty();
        }
        if (seconds < 0 || seconds > 86400) {
            LOG.error("max.duration.seconds must be between 1 and 86400 (or 0: no limit), got {}; no limit is set", seconds);
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(java.time.Duration.ofSeconds(seconds));
    }

    @Override
    public Decision evaluate(CommunicationSession session) {
        Config c = config;
        if (!c.enabled()) {
            return Decision.abstain();
        }
        String announcement = c.announcement().trim();
        Decision d = new Decision(Decision.Verdict.RECORD, "record-all policy", c.mandatory(),
                announcement.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(announcement));
        return maxDuration.map(d::limitedTo).orElse(d);
    }
}
