package org.siprec.directory.jdbc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code siprec:company-list}: Lists the companies */
@Service
@Command(scope = "siprec", name = "company-list", description = "Lists the companies")
public class CompanyListCommand extends DirectoryCommand {
    @Override
    void run(JdbcDirectory d) {
        Snapshot s = d.snapshot();
        Commands.companies(s.companies.values().stream().sorted(java.util.Comparator.comparing(
                org.siprec.api.directory.Company::id)).toList(), s).print(System.out);
    }
}
