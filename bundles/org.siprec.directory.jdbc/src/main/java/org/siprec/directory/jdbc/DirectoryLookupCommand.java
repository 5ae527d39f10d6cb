package org.siprec.directory.jdbc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code siprec:directory-lookup}: Shows how an address is read and whose it is, as the policies see it */
@Service
@Command(scope = "siprec", name = "directory-lookup", description = "Shows how an address is read and whose it is, as the policies see it")
public class DirectoryLookupCommand extends DirectoryCommand {
    @Argument(index = 0, name = "address", required = true, description = "a number (any form) or SIP AOR")
    String address;
    @Option(name = "--company", description = "read national forms with this company's country code")
    String company;

    @Override
    void run(JdbcDirectory d) {
        java.util.Optional<org.siprec.api.directory.Company> context = company == null ? java.util.Optional.empty()
                : java.util.Optional.of(Commands.company(d, company));
        String cc = context.map(org.siprec.api.directory.Company::countryCode).orElse(null);
        String read;
        try {
            Address a = Address.parse(address, cc);
            read = a.value() + " (" + a.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + ")";
        } catch (IllegalArgumentException e) {
            read = "not read: " + e.getMessage();
        }
        System.out.println("Address:  " + read);
        System.out.println("User:     " + d.subscriber(address, context).map(u -> u.id() + " (company " + u.companyId()
                + ", profile " + u.profile().token() + ")").orElse("none"));
        System.out.println("Operator whitelist: " + (d.operatorWhitelisted(address) ? "yes" : "no"));
        System.out.println("Revision: " + d.revision());
    }
}
