package org.siprec.policy.profile;

import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.directory.SubscriberDirectory;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.model.SessionCase;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.RecordingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a call when the served user's recording profile covers the session case: an originating call (the platform
 * serves the caller) is evaluated for the caller, a terminating call for the callee. The session case is the call's
 * ({@code P-Served-User;sescase=}, else the SRC's configured default), so a call between two subscribers is evaluated
 * for the leg the platform serves only. RECORD or SKIP for a subscriber; ABSTAIN when the served user is not a
 * subscriber or no directory is installed.
 */
@Component(name = ProfilePolicy.PID, service = RecordingPolicy.class, configurationPid = ProfilePolicy.PID,
        property = RecordingPolicy.RANKING + ":Integer=100")
@Designate(ocd = ProfilePolicy.Config.class)
public class ProfilePolicy implements RecordingPolicy {
    static final String PID = "org.siprec.policy.profile";
    static final String NO_DIRECTORY = "no subscriber directory";
    private static final Logger LOG = LoggerFactory.getLogger(ProfilePolicy.class);

    @ObjectClassDefinition(name = "siprec policy: recording profile",
            description = "Records the calls the served user's profile (never, originating, terminating, both) asks for")
    public @interface Config {
        @AttributeDefinition(description = "Order among policies, highest asked first")
        int service_ranking() default 100;

        @AttributeDefinition(description = "true: a RECORD of this policy is mandatory (the call does not proceed unrecorded)")
        boolean mandatory() default false;

        @AttributeDefinition(description = "What to answer when the served user is not in the directory: abstain (no opinion) or skip (do not record)")
        String unknown_user() default "abstain";

        @AttributeDefinition(description = "The longest a recording this policy asks for may run, in seconds (1..86400); when"
                + " reached the recording stops and the call goes on. 0: no limit of its own")
        int max_duration_seconds() default 0;
    }

    private volatile Config config;
    private volatile SubscriberDirectory directory;

    @Activate
    public ProfilePolicy(Config config) {
        this.config = config;
        check(config);
    }

    @Modified
    void modified(Config next) {
        this.config = next;
        check(next);
    }

    private static void check(Config c) {
        if (!c.unknown_user().equals("abstain") && !c.unknown_user().equals("skip")) {
            LOG.error("{}: unknown.user must be abstain or skip, got '{}'; abstain is used", PID, c.unknown_user());
        }
        if (c.max_duration_seconds() < 0 || c.max_duration_seconds() > 86400) {
            LOG.error("{}: max.duration.seconds must be between 1 and 86400 (or 0: no limit), got {}; no limit is set", PID,
                    c.max_duration_seconds());
        }
    }

    /** The recording's limit from max.duration.seconds; none when 0 or out of range (logged by {@link #check}). */
    private static Decision limited(Decision d, Config c) {
        int s = c.max_duration_seconds();
        return s > 0 && s <= 86400 ? d.limitedTo(java.time.Duration.ofSeconds(s)) : d;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDirectory(SubscriberDirectory d) {
        directory = d;
    }

    void unbindDirectory(SubscriberDirectory d) {
        if (directory == d) {
            directory = null;
        }
    }

    @Override
    public Decision evaluate(CommunicationSession call) {
        SubscriberDirectory d = directory;
        if (d == null) {
            return new Decision(Decision.Verdict.ABSTAIN, NO_DIRECTORY, false, Optional.empty());
        }
        Config c = config;
        SessionCase sc = call.sessionCase();
        String served = call.servedUser().aor();
        String role = sc == SessionCase.ORIGINATING ? "caller" : "callee";
        Optional<Subscriber> user = d.subscriber(served);
        if (user.isEmpty()) {
            String why = "the served " + role + " " + served + " is not a subscriber";
            return c.unknown_user().equals("skip") ? Decision.skip(why)
                    : new Decision(Decision.Verdict.ABSTAIN, why, false, Optional.empty());
        }
        Subscriber u = user.get();
        String who = "user " + u.id() + " of " + u.companyId();
        String calls = sc == SessionCase.ORIGINATING ? "calls they place" : "calls they receive";
        if (u.profile().records(sc)) {
            return limited(new Decision(Decision.Verdict.RECORD, who + " (the " + role + ") has recording profile "
                    + u.profile().token() + ": " + calls + " are recorded", c.mandatory(), Optional.empty()), c);
        }
        return Decision.skip(who + " (the " + role + ") has recording profile " + u.profile().token() + ": " + calls
                + " are not recorded");
    }
}
