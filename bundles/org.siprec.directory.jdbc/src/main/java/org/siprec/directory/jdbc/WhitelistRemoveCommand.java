package org.siprec.directory.jdbc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.siprec.api.directory.DirectoryException;
import org.siprec.api.directory.WhitelistScope;

/** {@code siprec:whitelist-remove}: Removes numbers from the operator whitelist, or a company's (--company) or a user's (--user) */
@Service
@Command(scope = "siprec", name = "whitelist-remove", description = "Removes numbers from the operator whitelist, or a company's (--company) or a user's (--user)")
public class WhitelistRemoveCommand extends DirectoryCommand {
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

    @Argument(index = 0, name = "numbers", required = true, multiValued = true, description = "numbers, any form")
    java.util.List<String> numbers;

    @Override
    void run(JdbcDirectory d) {
        for (String n : numbers) {
            if (!d.removeWhitelist(scope(), owner(), n)) {
                throw new DirectoryException("number", "'" + n + "' is not on the " + scope().token() + " whitelist");
            }
            System.out.println("Removed " + n + " from the " + scope().token() + " whitelist");
        }
    }
}
