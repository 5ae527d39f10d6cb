package org.siprec.directory.jdbc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code siprec:holiday-add}: Adds holidays (YYYY-MM-DD) to a company */
@Service
@Command(scope = "siprec", name = "holiday-add", description = "Adds holidays (YYYY-MM-DD) to a company")
public class HolidayAddCommand extends DirectoryCommand {
    @Argument(index = 0, name = "company", required = true, description = "company id")
    String company;
    @Argument(index = 1, name = "dates", required = true, multiValued = true, description = "dates, YYYY-MM-DD")
    java.util.List<String> dates;

    @Override
    void run(JdbcDirectory d) {
        for (String date : dates) {
            d.addHoliday(company, Commands.parse("date", date, Fields::date).get());
        }
        System.out.println("Holidays of " + company + ": " + d.company(company).get().holidays());
    }
}
