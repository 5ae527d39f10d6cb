package org.siprec.policy.whitelist;

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
import org.siprec.api.directory.WhitelistMode;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.model.SessionCase;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.RecordingPolicy;

/**
 * Whitelists of numbers whose calls are not recorded, checked against the other party of the call (the callee of an
 * originating call, the caller of a terminating one):
 * <ul>
 * <li>the operator-wide whitelist: a listed other party is never recorded, for everybody (SKIP);</li>
 * <li>the served user's personal whitelist and the company's whitelist, applied in the company's mode:
 *     {@code never-record-listed} (a listed other party is not recorded: SKIP; otherwise no opinion) or
 *     {@code record-only-listed} (an unlisted other party is not recorded: SKIP; a listed one is left to the other
 *     policies: ABSTAIN, or RECORD when {@code record.listed} is set).</li>
 * </ul>
 * This policy vetoes; it asks for recording only with {@code record.listed}.
 */
@Component(name = WhitelistPolicy.PID, service = RecordingPolicy.class, configurationPid = WhitelistPolicy.PID,
        property = RecordingPolicy.RANKING + ":Integer=200")
@Designate(ocd = WhitelistPolicy.Config.class)
public class WhitelistPolicy implements RecordingPolicy {
    static final String PID = "org.siprec.policy.whitelist";
    static final String NO_DIRECTORY = "no subscriber directory";

    @ObjectClassDefinition(name = "siprec policy: whitelists",
            description = "Calls with a whitelisted other party are not recorded (or, per company, only those are)")
    public @interface Config {
        @AttributeDefinition(description = "Order among policies, highest asked first")
        int service_ranking() default 200;

        @AttributeDefinition(description = "In a company's record-only-listed mode, true: a listed other party is answered RECORD; false: no opinion (other policies decide)")
        boolean record_listed() default false;
    }

    private volatile Config config;
    private volatile SubscriberDirectory directory;

    @Activate
    public WhitelistPolicy(Config config) {
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
        String other = (orig ? call.callee() : call.caller()).aor();
        String otherRole = orig ? "callee" : "caller";
        if (d.operatorWhitelisted(other)) {
            return Decision.skip("the " + otherRole + " " + other + " is on the operator whitelist: never recorded");
        }
        String served = call.servedUser().aor();
        Optional<Subscriber> user = d.subscriber(served);
        if (user.isEmpty()) {
            return abstain("the served " + (orig ? "caller" : "callee") + " " + served
                    + " is not a subscriber; the operator whitelist does not list the " + otherRole);
        }
        Subscriber u = user.get();
        Optional<Company> company = d.companyOf(u);
        Optional<String> number = d.normalise(other, company);
        WhitelistMode mode = company.map(Company::whitelistMode).orElse(WhitelistMode.NEVER_RECORD_LISTED);
        String companyName = u.companyId();
        String listedOn = null;
        if (number.isPresent()) {
            if (u.whitelist().contains(number.get())) {
                listedOn = "user " + u.id() + "'s personal whitelist";
            } else if (company.isPresent() && company.get().whitelist().contains(number.get())) {
                listedOn = "the whitelist of " + companyName;
            }
        }
        String party = "the " + otherRole + " " + other;
        if (mode == WhitelistMode.NEVER_RECORD_LISTED) {
            return listedOn != null ? Decision.skip(party + " is on " + listedOn + ": calls with it are not recorded")
                    : abstain(party + " is on no whitelist of user " + u.id() + " or " + companyName);
        }
        if (listedOn == null) {
            return Decision.skip(companyName + " records only calls with listed numbers, and " + party
                    + " is on no whitelist of user " + u.id() + " or " + companyName);
        }
        String why = companyName + " records only calls with listed numbers, and " + party + " is on " + listedOn;
        return config.record_listed() ? Decision.record(why) : abstain(why);
    }

    private static Decision abstain(String why) {
        return new Decision(Decision.Verdict.ABSTAIN, why, false, Optional.empty());
    }
}
