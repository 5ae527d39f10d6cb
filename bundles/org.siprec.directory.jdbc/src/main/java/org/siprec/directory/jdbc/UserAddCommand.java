package org.siprec.directory.jdbc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import java.util.ArrayList;
import java.util.List;
import org.siprec.api.directory.DirectoryException;
import org.siprec.api.directory.RecordingProfile;
import org.siprec.api.directory.Subscriber;

/** {@code siprec:user-add}: Adds a user, or changes the given settings of an existing one (numbers are added) */
@Service
@Command(scope = "siprec", name = "user-add", description = "Adds a user, or changes the given settings of an existing one (numbers are added)")
public class UserAddCommand extends DirectoryCommand {
    @Argument(index = 0, name = "id", required = true, description = "user id")
    String id;
    @Argument(index = 1, name = "numbers", multiValued = true, description = "numbers (any form) and SIP AORs to give the user")
    List<String> numbers;
    @Option(name = "--company", description = "company id (required for a new user)")
    String company;
    @Option(name = "--name", description = "display name")
    String name;
    @Option(name = "--profile", description = "never, originating, terminating or both (default both)")
    String profile;
    @Option(name = "--language", description = "announcement language, overriding the company's")
    String language;

    @Option(name = "--feature-codes", description = "DTMF feature codes over the company's: on, off,"
            + " start|stop|pause|resume=<code> or =off, comma-separated; \"\" or default: nothing set (the company's)")
    String featureCodes;

    @Override
    void run(JdbcDirectory d) {
        Subscriber existing = d.snapshot().subscribers.get(id);
        if (existing == null && company == null) {
            throw new DirectoryException("company", "a new user needs --company");
        }
        RecordingProfile p = Commands.parse("profile", profile, RecordingProfile::parse)
                .orElse(existing == null ? RecordingProfile.BOTH : existing.profile());
        Subscriber u;
        try {
            u = existing == null ? Subscriber.of(id, company, "", p)
                    : new Subscriber(id, company != null ? company : existing.companyId(), existing.displayName(),
                            existing.numbers(), existing.aors(), p, existing.whitelist(), existing.language(),
                            existing.featureCodes());
        } catch (IllegalArgumentException e) {
            throw new DirectoryException(existing == null ? "id" : "company", e.getMessage());
        }
        if (name != null) {
            u = new Subscriber(u.id(), u.companyId(), name, u.numbers(), u.aors(), u.profile(), u.whitelist(), u.language(),
                    u.featureCodes());
        }
        if (language != null) {
            u = u.withLanguage(Fields.optional(language));
        }
        if (featureCodes != null) {
            u = u.withFeatureCodes(Commands.parse("feature-codes", featureCodes, FeatureCodeText::parse).get());
        }
        if (numbers != null) {
            List<String> all = new ArrayList<>(u.numbers());
            all.addAll(numbers);
            u = u.withNumbers(all);
        }
        u = d.putSubscriber(u);
        System.out.println((existing == null ? "Added" : "Updated") + " user " + u.id() + ": " + Commands.addresses(u));
    }
}
