package org.siprec.directory.jdbc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code siprec:directory-reload}: Reloads the directory's in-memory snapshot from the database */
@Service
@Command(scope = "siprec", name = "directory-reload", description = "Reloads the directory's in-memory snapshot from the database")
public class DirectoryReloadCommand extends DirectoryCommand {
    @Override
    void run(JdbcDirectory d) {
        d.reload();
        Snapshot s = d.snapshot();
        System.out.println("Directory reloaded: " + s.companies.size() + " companies, " + s.subscribers.size()
                + " users, revision " + s.revision);
    }
}
