package org.siprec.directory.jdbc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code siprec:range-remove}: Removes internal number ranges from a company */
@Service
@Command(scope = "siprec", name = "range-remove", description = "Removes internal number ranges from a company")
public class RangeRemoveCommand extends DirectoryCommand {
    @Argument(index = 0, name = "company", required = true, description = "company id")
    String company;
    @Argument(index = 1, name = "ranges", required = true, multiValued = true, description = "ranges as listed by company-show")
    java.util.List<String> ranges;

    @Override
    void run(JdbcDirectory d) {
        org.siprec.api.directory.Company c = Commands.company(d, company);
        String cc = c.countryCode();
        java.util.List<org.siprec.api.directory.NumberRange> all = new java.util.ArrayList<>(c.internalRanges());
        for (String r : ranges) {
            org.siprec.api.directory.NumberRange range = Commands.parse("range", r, t -> Fields.range(t, cc)).get();
            if (!all.remove(range)) {
                throw new org.siprec.api.directory.DirectoryException("range", range + " is not a range of " + company);
            }
        }
        c = d.putCompany(c.withInternalRanges(all));
        System.out.println("Internal ranges of " + company + ": " + c.internalRanges());
    }
}
