package org.siprec.directory.jdbc;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.karaf.shell.support.table.ShellTable;
import org.siprec.api.directory.Company;
import org.siprec.api.directory.DirectoryException;
import org.siprec.api.directory.NumberRange;
import org.siprec.api.directory.OfficeHoursMode;
import org.siprec.api.directory.Subscriber;

/** Output of the {@code siprec:*} directory commands, kept apart from them so that it can be unit tested. */
final class Commands {
    private Commands() {
    }

    static ShellTable companies(Collection<Company> companies, Snapshot s) {
        ShellTable t = new ShellTable().emptyTableText("No companies");
        for (String c : List.of("Id", "Name", "Zone", "CC", "Users", "Whitelist mode", "Internal", "Hours mode")) {
            t.column(c);
        }
        for (Company c : companies) {
            long users = s.subscribers.values().stream().filter(u -> u.companyId().equals(c.id())).count();
            t.addRow().addContent(c.id(), c.name(), c.zone().getId(), c.countryCode(), users,
                    c.whitelistMode().token(), c.recordInternal().map(b -> b ? "record" : "skip").orElse("default"),
                    c.officeHoursMode().map(OfficeHoursMode::token).orElse("default"));
        }
        return t;
    }

    static ShellTable company(Company c, Snapshot s) {
        ShellTable t = new ShellTable();
        t.column("Property");
        t.column("Value");
        t.addRow().addContent("id", c.id());
        t.addRow().addContent("name", c.name());
        t.addRow().addContent("zone", c.zone().getId());
        t.addRow().addContent("country code", c.countryCode());
        t.addRow().addContent("language", c.language().orElse("-"));
        t.addRow().addContent("feature codes", FeatureCodeText.show(c.featureCodes(), "the configured defaults"));
        t.addRow().addContent("office hours", orDash(Fields.hoursText(c.officeHours())));
        t.addRow().addContent("office hours mode", c.officeHoursMode().map(OfficeHoursMode::token)
                .orElse("default (policy configuration)"));
        t.addRow().addContent("holidays", orDash(String.join(" ", c.holidays().stream().map(LocalDate::toString)
                .toList())));
        t.addRow().addContent("internal ranges", orDash(String.join(" ", c.internalRanges().stream()
                .map(NumberRange::toString).toList())));
        t.addRow().addContent("internal calls", c.recordInternal().map(b -> b ? "record" : "skip")
                .orElse("default (policy configuration)"));
        t.addRow().addContent("whitelist mode", c.whitelistMode().token());
        t.addRow().addContent("whitelist", orDash(String.join(" ", c.whitelist())));
        t.addRow().addContent("users", s.subscribers.values().stream().filter(u -> u.companyId().equals(c.id()))
                .count());
        return t;
    }

    static ShellTable users(Collection<Subscriber> users) {
        ShellTable t = new ShellTable().emptyTableText("No users");
        for (String c : List.of("Id", "Company", "Name", "Profile", "Numbers / AORs", "Whitelist")) {
            t.column(c);
        }
        for (Subscriber u : users) {
            t.addRow().addContent(u.id(), u.companyId(), u.displayName(), u.profile().token(), addresses(u),
                    u.whitelist().size());
        }
        return t;
    }

    static ShellTable user(Subscriber u) {
        ShellTable t = new ShellTable();
        t.column("Property");
        t.column("Value");
        t.addRow().addContent("id", u.id());
        t.addRow().addContent("company", u.companyId());
        t.addRow().addContent("name", u.displayName());
        t.addRow().addContent("profile", u.profile().token());
        t.addRow().addContent("numbers", orDash(String.join(" ", u.numbers())));
        t.addRow().addContent("aors", orDash(String.join(" ", u.aors())));
        t.addRow().addContent("whitelist", orDash(String.join(" ", u.whitelist())));
        t.addRow().addContent("language", u.language().orElse("-"));
        t.addRow().addContent("feature codes", FeatureCodeText.show(u.featureCodes(), "the company's"));
        return t;
    }

    static ShellTable whitelist(String scope, Collection<String> numbers) {
        ShellTable t = new ShellTable().emptyTableText("The " + scope + " whitelist is empty");
        t.column("Number (" + scope + ")");
        numbers.forEach(n -> t.addRow().addContent(n));
        return t;
    }

    static Company company(JdbcDirectory directory, String id) {
        return directory.company(id).orElseThrow(() -> new DirectoryException("company", "unknown company '"
                + id + "'"));
    }

    static Subscriber user(JdbcDirectory directory, String idOrAddress) {
        Subscriber u = directory.snapshot().subscribers.get(idOrAddress);
        if (u != null) {
            return u;
        }
        return directory.subscriber(idOrAddress).orElseThrow(() -> new DirectoryException("user",
                "no user with id or address '" + idOrAddress + "'"));
    }

    static String addresses(Subscriber u) {
        List<String> all = new java.util.ArrayList<>(u.numbers());
        all.addAll(u.aors());
        return orDash(String.join(" ", all));
    }

    static <T> Optional<T> parse(String field, String value, java.util.function.Function<String, T> parser) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(value));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new DirectoryException(field, e.getMessage());
        }
    }

    static String render(ShellTable table) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            table.print(out, StandardCharsets.UTF_8, true);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
