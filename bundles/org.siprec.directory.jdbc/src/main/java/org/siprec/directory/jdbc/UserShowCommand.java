package org.siprec.directory.jdbc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code siprec:user-show}: Shows a user, found by id or by any of its numbers or AORs (any form) */
@Service
@Command(scope = "siprec", name = "user-show", description = "Shows a user, found by id or by any of its numbers or AORs (any form)")
public class UserShowCommand extends DirectoryCommand {
    @Argument(index = 0, name = "user", required = true, description = "user id, number or AOR")
    String user;

    @Override
    void run(JdbcDirectory d) {
        Commands.user(Commands.user(d, user)).print(System.out);
    }
}
