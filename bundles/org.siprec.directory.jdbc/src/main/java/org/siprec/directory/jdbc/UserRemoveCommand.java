package org.siprec.directory.jdbc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code siprec:user-remove}: Removes a user with its numbers and whitelist */
@Service
@Command(scope = "siprec", name = "user-remove", description = "Removes a user with its numbers and whitelist")
public class UserRemoveCommand extends DirectoryCommand {
    @Argument(index = 0, name = "id", required = true, description = "user id")
    String id;

    @Override
    void run(JdbcDirectory d) {
        if (!d.removeSubscriber(id)) {
            throw new org.siprec.api.directory.DirectoryException("user", "unknown user '" + id + "'");
        }
        System.out.println("Removed user " + id);
    }
}
