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
    }

    private volatile Config config;

    @Activate
    public RecordAllPolicy(Config config) {
        this.config = config;
        LOG.info("Record-all policy {}", config.enabled() ? "enabled" : "disabled");
    }

    @Modified
    void modified(Config next) {
        this.config = next;
        LOG.info("Record-all policy {}", next.enabled() ? "enabled" : "disabled");
    }

    @Override
    public Decision evaluate(CommunicationSession session) {
        Config c = config;
        if (!c.enabled()) {
            return Decision.abstain();
        }
        String announcement = c.announcement().trim();
        return new Decision(Decision.Verdict.RECORD, "record-all policy", c.mandatory(),
                announcement.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(announcement));
    }
}
