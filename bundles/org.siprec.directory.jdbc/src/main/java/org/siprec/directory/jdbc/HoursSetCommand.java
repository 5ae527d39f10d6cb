package org.siprec.directory.jdbc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code siprec:hours-set}: Sets a company's weekly office hours, e.g. 'mon-fri 09:00-12:00,14:00-18:00; sat 09:00-12:00' (nothing: no office hours) */
@Service
@Command(scope = "siprec", name = "hours-set", description = "Sets a company's weekly office hours, e.g. 'mon-fri 09:00-12:00,14:00-18:00; sat 09:00-12:00' (nothing: no office hours)")
public class HoursSetCommand extends DirectoryCommand {
    @Argument(index = 0, name = "company", required = true, description = "company id")
    String company;
    @Argument(index = 1, name = "hours", multiValued = true, description = "days and intervals; entries separated by ;")
    java.util.List<String> hours;

    @Override
    void run(JdbcDirectory d) {
        Commands.company(d, company);
        String text = hours == null ? "" : String.join(" ", hours);
        d.setOfficeHours(company, Commands.parse("hours", text, Fields::hours).get());
        System.out.println("Office hours of " + company + ": " + Fields.hoursText(d.company(company).get().officeHours()));
    }
}
