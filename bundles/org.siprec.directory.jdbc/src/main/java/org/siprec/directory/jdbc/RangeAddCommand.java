package org.siprec.directory.jdbc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code siprec:range-add}: Adds internal number ranges to a company: from..to or prefix*, E.164, national or extensions */
@Service
@Command(scope = "siprec", name = "range-add", description = "Adds internal number ranges to a company: from..to or prefix*, E.164, national or extensions")
public class RangeAddCommand extends DirectoryCommand {
    @Argument(index = 0, name = "company", required = true, description = "company id")
    String company;
    @Argument(index = 1, name = "ranges", required = true, multiValued = true, description = "e.g. +33140001000..+33140001999, 1000..1999, +3314000*")
    java.util.List<String> ranges;

    @Override
    void run(JdbcDirectory d) {
        org.siprec.api.directory.Company c = Commands.company(d, company);
        String cc = c.countryCode();
        java.util.List<org.siprec.api.directory.NumberRange> all = new java.util.ArrayList<>(c.internalRanges());
        for (String r : ranges) {
            all.add(Commands.parse("range", r, t -> Fields.range(t, cc)).get());
        }
        c = d.putCompany(c.withInternalRanges(all));
        System.out.println("Internal ranges of " + company + ": " + c.internalRanges());
    }
}
