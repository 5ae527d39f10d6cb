package org.siprec.directory.jdbc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.siprec.api.directory.Company;
import org.siprec.api.directory.DirectoryException;
import org.siprec.api.directory.OfficeHoursMode;
import org.siprec.api.directory.WhitelistMode;

/** {@code siprec:company-add}: Adds a company, or changes the given settings of an existing one */
@Service
@Command(scope = "siprec", name = "company-add", description = "Adds a company, or changes the given settings of an existing one")
public class CompanyAddCommand extends DirectoryCommand {
    @Argument(index = 0, name = "id", required = true, description = "company id")
    String id;
    @Option(name = "--name", description = "display name")
    String name;
    @Option(name = "--zone", description = "time zone, e.g. Europe/Paris (required for a new company)")
    String zone;
    @Option(name = "--country", description = "country code national numbers are read with, e.g. 33 (required for a new company)")
    String country;
    @Option(name = "--language", description = "announcement language, e.g. fr")
    String language;
    @Option(name = "--feature-codes", description = "DTMF feature codes: on, off, start|stop|pause|resume=<code> or =off,"
            + " comma-separated (e.g. \"start=*71,stop=*72\"); \"\" or default: nothing set (the configured defaults)")
    String featureCodes;
    @Option(name = "--whitelist-mode", description = "never-record-listed (default) or record-only-listed")
    String whitelistMode;
    @Option(name = "--record-internal", description = "internal calls: true, false or default (the internal policy's setting)")
    String recordInternal;
    @Option(name = "--hours-mode", description = "office hours: inside, outside or default (the office-hours policy's setting)")
    String hoursMode;

    @Override
    void run(JdbcDirectory d) {
        Optional<Company> existing = d.company(id);
        if (existing.isEmpty() && (zone == null || country == null)) {
            throw new DirectoryException(zone == null ? "zone" : "country", "a new company needs --zone and --country");
        }
        Company c = existing.orElseGet(() -> Company.of(id, "", ZoneOffset.UTC, country));
        ZoneId z = Commands.parse("zone", zone, Fields::zone).orElse(c.zone());
        String cc = country != null ? country : c.countryCode();
        try {
            c = new Company(id, name != null ? name : c.name(), z, cc, c.officeHours(), c.holidays(),
                    c.internalRanges(), c.whitelist(), c.whitelistMode(), c.recordInternal(), c.officeHoursMode(),
                    c.language(), c.featureCodes());
        } catch (IllegalArgumentException e) {
            throw new DirectoryException(country != null ? "country" : "id", e.getMessage());
        }
        if (language != null) {
            c = c.withLanguage(Fields.optional(language));
        }
        if (featureCodes != null) {
            c = c.withFeatureCodes(Commands.parse("feature-codes", featureCodes, FeatureCodeText::parse).get());
        }
        if (whitelistMode != null) {
            c = c.withWhitelist(c.whitelist(), Commands.parse("whitelist-mode", whitelistMode, WhitelistMode::parse).get());
        }
        Optional<Boolean> internal = recordInternal == null ? c.recordInternal()
                : Commands.parse("record-internal", recordInternal, Fields::optionalBoolean).get();
        Optional<OfficeHoursMode> mode = hoursMode == null ? c.officeHoursMode()
                : hoursMode.equalsIgnoreCase("default") ? Optional.empty()
                : Commands.parse("hours-mode", hoursMode, OfficeHoursMode::parse);
        c = d.putCompany(c.withPolicies(internal, mode));
        System.out.println((existing.isPresent() ? "Updated" : "Added") + " company " + c.id());
    }
}
