package org.siprec.directory.jdbc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code siprec:holiday-remove}: Removes holidays (YYYY-MM-DD) from a company */
@Service
@Command(scope = "siprec", name = "holiday-remove", description = "Removes holidays (YYYY-MM-DD) from a company")
public class HolidayRemoveCommand extends DirectoryCommand {
    @Argument(index = 0, name = "company", required = true, description = "company id")
    String company;
    @Argument(index = 1, name = "dates", required = true, multiValued = true, description = "dates, YYYY-MM-DD")
    java.util.List<String> dates;

    @Override
    void run(JdbcDirectory d) {
        for (String date : dates) {
            if (!d.removeHoliday(company, Commands.parse("date", date, Fields::date).get())) {
                throw new org.siprec.api.directory.DirectoryException("date", date + " is not a holiday of " + company);
            }
        }
        System.out.println("Holidays of " + company + ": " + d.company(company).get().holidays());
    }
}
