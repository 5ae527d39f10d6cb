package org.siprec.directory.jdbc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code siprec:company-show}: Shows a company's settings, hours, holidays, ranges and whitelist */
@Service
@Command(scope = "siprec", name = "company-show", description = "Shows a company's settings, hours, holidays, ranges and whitelist")
public class CompanyShowCommand extends DirectoryCommand {
    @Argument(index = 0, name = "id", required = true, description = "company id")
    String id;

    @Override
    void run(JdbcDirectory d) {
        Commands.company(Commands.company(d, id), d.snapshot()).print(System.out);
    }
}
