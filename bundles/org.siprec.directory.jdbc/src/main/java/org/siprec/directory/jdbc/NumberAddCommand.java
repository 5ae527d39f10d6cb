package org.siprec.directory.jdbc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code siprec:number-add}: Gives numbers (any form) or SIP AORs to a user */
@Service
@Command(scope = "siprec", name = "number-add", description = "Gives numbers (any form) or SIP AORs to a user")
public class NumberAddCommand extends DirectoryCommand {
    @Argument(index = 0, name = "user", required = true, description = "user id")
    String user;
    @Argument(index = 1, name = "numbers", required = true, multiValued = true, description = "numbers or AORs")
    java.util.List<String> numbers;

    @Override
    void run(JdbcDirectory d) {
        for (String n : numbers) {
            System.out.println("Added " + d.addAddress(user, n) + " to user " + user);
        }
    }
}
