package org.siprec.directory.jdbc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code siprec:company-remove}: Removes a company (with --cascade also its users) */
@Service
@Command(scope = "siprec", name = "company-remove", description = "Removes a company (with --cascade also its users)")
public class CompanyRemoveCommand extends DirectoryCommand {
    @Argument(index = 0, name = "id", required = true, description = "company id")
    String id;
    @Option(name = "--cascade", description = "remove its users too")
    boolean cascade;

    @Override
    void run(JdbcDirectory d) {
        if (!d.removeCompany(id, cascade)) {
            throw new org.siprec.api.directory.DirectoryException("company", "unknown company '" + id + "'");
        }
        System.out.println("Removed company " + id);
    }
}
