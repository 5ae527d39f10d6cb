package org.siprec.directory.jdbc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.siprec.api.directory.DirectoryException;
import org.siprec.api.directory.WhitelistScope;

/** {@code siprec:whitelist-list}: Lists the operator whitelist, or a company's (--company) or a user's (--user) */
@Service
@Command(scope = "siprec", name = "whitelist-list", description = "Lists the operator whitelist, or a company's (--company) or a user's (--user)")
public class WhitelistListCommand extends DirectoryCommand {
    @Option(name = "--company", description = "the company's whitelist")
    String company;
    @Option(name = "--user", description = "the user's whitelist")
    String user;

    WhitelistScope scope() {
        if (company != null && user != null) {
            throw new DirectoryException("scope", "give --company or --user, not both");
        }
        return company != null ? WhitelistScope.COMPANY : user != null ? WhitelistScope.USER : WhitelistScope.OPERATOR;
    }

    String owner() {
        return company != null ? company : user;
    }

    @Override
    void run(JdbcDirectory d) {
        java.util.Set<String> numbers = switch (scope()) {
            case OPERATOR -> d.operatorWhitelist();
            case COMPANY -> Commands.company(d, company).whitelist();
            case USER -> Commands.user(d, user).whitelist();
        };
        Commands.whitelist(scope().token(), numbers).print(System.out);
    }
}
