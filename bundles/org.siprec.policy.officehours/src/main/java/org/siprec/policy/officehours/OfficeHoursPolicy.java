package org.siprec.policy.officehours;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
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
import org.siprec.api.directory.OfficeHoursMode;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.directory.SubscriberDirectory;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.model.SessionCase;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.RecordingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records only inside, or only outside, the office hours of the served user's company. The call's start time (when
 * its INVITE arrived; the time {@code siprec:explain --at} gives) is taken to the company's time zone, so daylight
 * saving changes are honoured; a holiday counts as outside office hours all day. A call at a time the company does
 * not record is vetoed (SKIP); otherwise the policy has no opinion (ABSTAIN), or answers RECORD with
 * {@code record.when.allowed}. The mode is the company's when it has one, else {@code default.mode}.
 */
@Component(name = OfficeHoursPolicy.PID, service = RecordingPolicy.class, configurationPid = OfficeHoursPolicy.PID,
        property = RecordingPolicy.RANKING + ":Integer=150")
@Designate(ocd = OfficeHoursPolicy.Config.class)
public class OfficeHoursPolicy implements RecordingPolicy {
    static final String PID = "org.siprec.policy.officehours";
    static final String NO_DIRECTORY = "no subscriber directory";
    private static final Logger LOG = LoggerFactory.getLogger(OfficeHoursPolicy.class);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH);

    @ObjectClassDefinition(name = "siprec policy: office hours",
            description = "Records only inside (or only outside) the company's office hours, in its time zone, holidays honoured")
    public @interface Config {
        @AttributeDefinition(description = "Order among policies, highest asked first")
        int service_ranking() default 150;

        @AttributeDefinition(description = "For companies that set no mode: inside (record only inside office hours) or outside (record only outside them)")
        String default_mode() default "inside";

        @AttributeDefinition(description = "true: a call at a time the company records is answered RECORD; false: no opinion (other policies decide)")
        boolean record_when_allowed() default false;
    }

    private volatile Config config;
    private volatile OfficeHoursMode defaultMode;
    private volatile SubscriberDirectory directory;

    @Activate
    public OfficeHoursPolicy(Config config) {
        apply(config);
    }

    @Modified
    void modified(Config next) {
        apply(next);
    }

    private void apply(Config c) {
        OfficeHoursMode mode;
        try {
            mode = OfficeHoursMode.parse(c.default_mode());
        } catch (IllegalArgumentException e) {
            LOG.error("{}: default.mode: {}; inside is used", PID, e.getMessage());
            mode = OfficeHoursMode.RECORD_INSIDE;
        }
        defaultMode = mode;
        config = c;
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
        String served = call.servedUser().aor();
        Optional<Subscriber> user = d.subscriber(served);
        if (user.isEmpty()) {
            return abstain("the served " + (call.sessionCase() == SessionCase.ORIGINATING ? "caller " : "callee ")
                    + served + " is not a subscriber");
        }
        Optional<Company> found = d.companyOf(user.get());
        if (found.isEmpty()) {
            return abstain("the company " + user.get().companyId() + " of user " + user.get().id() + " is unknown");
        }
        Company c = found.get();
        OfficeHoursMode mode = c.officeHoursMode().orElse(defaultMode);
        if (c.officeHours().week().isEmpty() && c.holidays().isEmpty()) {
            return abstain(c.id() + " has no office hours set");
        }
        ZonedDateTime local = call.startTime().atZone(c.zone());
        boolean holiday = c.holidays().contains(local.toLocalDate());
        boolean inside = c.inOfficeHours(call.startTime());
        String when = "the call at " + local.format(LOCAL) + " " + c.zone().getId() + " is "
                + (inside ? "inside" : "outside") + " the office hours of " + c.id()
                + (holiday ? " (" + local.toLocalDate() + " is a holiday)" : "");
        boolean records = inside == (mode == OfficeHoursMode.RECORD_INSIDE);
        String why = when + "; " + c.id() + " records only " + mode.token() + " office hours";
        if (!records) {
            return Decision.skip(why);
        }
        return config.record_when_allowed() ? Decision.record(why) : abstain(why);
    }

    private static Decision abstain(String why) {
        return new Decision(Decision.Verdict.ABSTAIN, why, false, Optional.empty());
    }
}
