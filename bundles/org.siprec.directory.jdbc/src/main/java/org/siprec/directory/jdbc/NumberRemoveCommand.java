package org.siprec.directory.jdbc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code siprec:number-remove}: Takes numbers (any form) or SIP AORs from whoever owns them */
@Service
@Command(scope = "siprec", name = "number-remove", description = "Takes numbers (any form) or SIP AORs from whoever owns them")
public class NumberRemoveCommand extends DirectoryCommand {
    @Argument(index = 0, name = "numbers", required = true, multiValued = true, description = "numbers or AORs")
    java.util.List<String> numbers;

    @Override
    void run(JdbcDirectory d) {
        for (String n : numbers) {
            if (!d.removeAddress(n)) {
                throw new org.siprec.api.directory.DirectoryException("number", "nobody owns '" + n + "'");
            }
            System.out.println("Removed " + n);
        }
    }
}
