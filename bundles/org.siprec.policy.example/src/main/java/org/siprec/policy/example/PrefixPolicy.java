package org.siprec.policy.example;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.model.Participant;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.RecordingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example recording policy that docs/plugin-guide.md walks through: a call whose called number (and, with
 * {@code check.caller}, calling number) starts with one of the configured prefixes is not recorded (SKIP); for any
 * other call it has no opinion (ABSTAIN), so the other policies decide. It never asks for recording.
 * <p>
 * Every reason starts with {@code example <bundle version>:}, so that logs, the decision in the RS metadata and the
 * recording's record tell which version of this bundle decided (the hot-deploy test reads it at the SRS).
 */
@Component(name = PrefixPolicy.PID, service = RecordingPolicy.class, configurationPid = PrefixPolicy.PID,
        property = RecordingPolicy.RANKING + ":Integer=0")
@Designate(ocd = PrefixPolicy.Config.class)
public class PrefixPolicy implements RecordingPolicy {
    /** Component name and configuration PID: logs, metadata and siprec:policies name the policy by it. */
    static final String PID = "org.siprec.policy.example";
    private static final Logger LOG = LoggerFactory.getLogger(PrefixPolicy.class);

    @ObjectClassDefinition(name = "siprec policy: example (number prefixes not recorded)",
            description = "Calls to (or from) numbers starting with one of the prefixes are not recorded")
    public @interface Config {
        @AttributeDefinition(description = "Order among policies, highest asked first (a SKIP vetoes whatever the ranking)")
        int service_ranking() default 0;

        @AttributeDefinition(description = "Number prefixes whose calls are not recorded, e.g. +49,+800 (commas allowed within one value, as a .cfg file gives them)")
        String[] prefixes() default {"+800"};

        @AttributeDefinition(description = "true: the calling number is checked too, not only the called one")
        boolean check_caller() default false;
    }

    /** What one configuration says, read once per call so that a call sees one configuration only. */
    private record Settings(List<String> prefixes, boolean checkCaller) {
        static Settings of(Config c) {
            // a .cfg file gives "+49,+44" as one String, which DS turns into a one-element array: split it
            List<String> p = Arrays.stream(c.prefixes()).flatMap(v -> Arrays.stream(v.split(",")))
                    .map(String::trim).filter(v -> !v.isEmpty()).toList();
            return new Settings(p, c.check_caller());
        }
    }

    private final String name;
    private volatile Settings settings;

    /** Called by DS: the bundle's own version goes into every reason. */
    @Activate
    public PrefixPolicy(BundleContext context, Config config) {
        this(config, context.getBundle().getVersion().toString());
    }

    /** For tests outside OSGi: the version is given. */
    PrefixPolicy(Config config, String version) {
        this.name = "example " + version;
        apply(config);
    }

    /** A configuration change (etc/org.siprec.policy.example.cfg edited) is taken live; new calls see it. */
    @Modified
    void modified(Config next) {
        apply(next);
    }

    private void apply(Config c) {
        settings = Settings.of(c);
        LOG.info("Recording policy {} ({}): calls to numbers starting with {} are not recorded{}", PID, name,
                settings.prefixes(), settings.checkCaller() ? ", nor calls from them" : "");
    }

    @Override
    public Decision evaluate(CommunicationSession call) {
        Settings s = settings;
        Optional<Decision> callee = check("callee", call.callee(), s);
        if (callee.isPresent()) {
            return callee.get();
        }
        if (s.checkCaller()) {
            Optional<Decision> caller = check("caller", call.caller(), s);
            if (caller.isPresent()) {
                return caller.get();
            }
        }
        String why = s.checkCaller()
                ? "neither callee " + number(call.callee()) + " nor caller " + number(call.caller()) + " matches a prefix of "
                : "callee " + number(call.callee()) + " matches no prefix of ";
        return new Decision(Decision.Verdict.ABSTAIN, name + ": " + why + s.prefixes(), false, Optional.empty());
    }

    private Optional<Decision> check(String role, Participant party, Settings s) {
        String number = number(party);
        return s.prefixes().stream().filter(number::startsWith).findFirst()
                .map(p -> Decision.skip(name + ": " + role + " " + number + " matches prefix " + p));
    }

    /**
     * The number of an address of record: the user part of {@code sip:+4930123@host;user=phone}, the subscriber
     * of {@code tel:+4930123;phone-context=...}; compared as it comes (no normalisation: the directory-based
     * policies do that).
     */
    static String number(Participant party) {
        String aor = party.aor();
        int colon = aor.indexOf(':');
        String rest = colon >= 0 ? aor.substring(colon + 1) : aor;
        int end = rest.length();
        for (char c : new char[] {'@', ';', '?'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return rest.substring(0, end);
    }
}
