package org.siprec.policy.internal;

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
import org.siprec.api.directory.Company;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.directory.SubscriberDirectory;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.model.SessionCase;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.RecordingPolicy;

/**
 * Internal calls: both parties belong to the served user's company (the other party is a user of that company, or
 * its number is in one of the company's internal ranges or extensions). An internal call is recorded (RECORD) or not
 * (SKIP) as the company says, else as {@code record.internal} says; any other call gets no opinion (ABSTAIN).
 */
@Component(name = InternalCallPolicy.PID, service = RecordingPolicy.class, configurationPid = InternalCallPolicy.PID,
        property = RecordingPolicy.RANKING + ":Integer=180")
@Designate(ocd = InternalCallPolicy.Config.class)
public class InternalCallPolicy implements RecordingPolicy {
    static final String PID = "org.siprec.policy.internal";
    static final String NO_DIRECTORY = "no subscriber directory";

    @ObjectClassDefinition(name = "siprec policy: internal calls",
            description = "Calls where both parties belong to the same company are recorded or not, per company")
    public @interface Config {
        @AttributeDefinition(description = "Order among policies, highest asked first")
        int service_ranking() default 180;

        @AttributeDefinition(description = "For companies that do not say: true records internal calls, false does not")
        boolean record_internal() default false;
    }

    private volatile Config config;
    private volatile SubscriberDirectory directory;

    @Activate
    public InternalCallPolicy(Config config) {
        this.config = config;
    }

    @Modified
    void modified(Config next) {
        this.config = next;
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
            return abstain(NO_DIRECTORY);
        }
        boolean orig = call.sessionCase() == SessionCase.ORIGINATING;
        String served = call.servedUser().aor();
        String other = (orig ? call.callee() : call.caller()).aor();
        Optional<Subscriber> user = d.subscriber(served);
        if (user.isEmpty()) {
            return abstain("the served " + (orig ? "caller " : "callee ") + served + " is not a subscriber");
        }
        Subscriber u = user.get();
        Optional<Company> found = d.companyOf(u);
        if (found.isEmpty()) {
            return abstain("the company " + u.companyId() + " of user " + u.id() + " is unknown");
        }
        Company c = found.get();
        String otherRole = orig ? "callee" : "caller";
        String membership = null;
        Optional<Subscriber> peer = d.subscriber(other, found);
        if (peer.isPresent() && peer.get().companyId().equals(c.id())) {
            membership = "user " + peer.get().id() + " of " + c.id();
        } else {
            Optional<String> number = d.normalise(other, found);
            if (number.isPresent() && c.internal(number.get())) {
                membership = "in the internal numbers of " + c.id();
            }
        }
        if (membership == null) {
            return abstain("not an internal call: the " + otherRole + " " + other + " is not of " + c.id());
        }
        boolean record = c.recordInternal().orElse(config.record_internal());
        String source = c.recordInternal().isPresent() ? c.id() : "the default of this policy";
        String why = "internal call of " + c.id() + " between user " + u.id() + " and the " + otherRole + " " + other
                + " (" + membership + "); internal calls are " + (record ? "" : "not ") + "recorded (" + source + ")";
        return record ? Decision.record(why) : Decision.skip(why);
    }

    private static Decision abstain(String why) {
        return new Decision(Decision.Verdict.ABSTAIN, why, false, Optional.empty());
    }
}
