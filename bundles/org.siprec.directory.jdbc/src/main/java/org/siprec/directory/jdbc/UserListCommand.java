package org.siprec.directory.jdbc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code siprec:user-list}: Lists the users (of one company with --company) */
@Service
@Command(scope = "siprec", name = "user-list", description = "Lists the users (of one company with --company)")
public class UserListCommand extends DirectoryCommand {
    @Option(name = "--company", description = "only this company's users")
    String company;

    @Override
    void run(JdbcDirectory d) {
        if (company != null) {
            Commands.company(d, company);
        }
        Commands.users(d.snapshot().subscribers.values().stream()
                .filter(u -> company == null || u.companyId().equals(company))
                .sorted(java.util.Comparator.comparing(org.siprec.api.directory.Subscriber::id)).toList())
                .print(System.out);
    }
}
