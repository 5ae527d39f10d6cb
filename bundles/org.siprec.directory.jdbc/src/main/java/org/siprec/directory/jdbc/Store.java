package org.siprec.directory.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.siprec.api.directory.Company;
import org.siprec.api.directory.FeatureCodes;
import org.siprec.api.directory.DirectoryData;
import org.siprec.api.directory.NumberRange;
import org.siprec.api.directory.OfficeHours;
import org.siprec.api.directory.OfficeHoursMode;
import org.siprec.api.directory.RecordingProfile;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.directory.WhitelistMode;
import org.siprec.api.directory.WhitelistScope;

/**
 * The directory's tables (schema {@code directory}, {@code db/directory/V*.sql}): reads the whole directory and
 * writes one company or user at a time, on a connection whose transaction the caller owns. Values are written
 * already validated and normalised.
 */
final class Store {
    private static final String OPERATOR_OWNER = "";

    private Store() {
    }

    /** Increments the directory's revision (locking its row until the transaction ends). @return the new one */
    static long bump(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE directory.revision SET revision = revision + 1 WHERE id = 1")) {
            s.executeUpdate();
        }
        return revision(c);
    }

    static long revision(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT revision FROM directory.revision WHERE id = 1");
                ResultSet r = s.executeQuery()) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    /** The whole directory, ordered by id. */
    static DirectoryData load(Connection c) throws SQLException {
        Map<String, Map<DayOfWeek, List<OfficeHours.Interval>>> hours = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT company_id, day_of_week, start_minute, end_minute"
                + " FROM directory.office_hours ORDER BY company_id, day_of_week, start_minute");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                hours.computeIfAbsent(r.getString(1), k -> new EnumMap<>(DayOfWeek.class))
                        .computeIfAbsent(DayOfWeek.of(r.getInt(2)), k -> new ArrayList<>())
                        .add(new OfficeHours.Interval(time(r.getInt(3)), time(r.getInt(4))));
            }
        }
        Map<String, Set<LocalDate>> holidays = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT company_id, holiday FROM directory.holidays");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                holidays.computeIfAbsent(r.getString(1), k -> new TreeSet<>()).add(r.getObject(2, LocalDate.class));
            }
        }
        Map<String, List<NumberRange>> ranges = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT company_id, range_from, range_to"
                + " FROM directory.internal_ranges ORDER BY company_id, range_from, range_to");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                ranges.computeIfAbsent(r.getString(1), k -> new ArrayList<>())
                        .add(new NumberRange(r.getString(2), r.getString(3)));
            }
        }
        Map<String, Set<String>> companyWhitelist = new HashMap<>();
        Map<String, Set<String>> userWhitelist = new HashMap<>();
        Set<String> operatorWhitelist = new TreeSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT scope, owner_id, e164 FROM directory.whitelist");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                switch (WhitelistScope.parse(r.getString(1))) {
                    case OPERATOR -> operatorWhitelist.add(r.getString(3));
                    case COMPANY -> companyWhitelist.computeIfAbsent(r.getString(2), k -> new TreeSet<>())
                            .add(r.getString(3));
                    case USER -> userWhitelist.computeIfAbsent(r.getString(2), k -> new TreeSet<>())
                            .add(r.getString(3));
                }
            }
        }
        List<Company> companies = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, name, time_zone, country_code, whitelist_mode,"
                + " record_internal, office_hours_mode, language, feature_codes FROM directory.companies ORDER BY id");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                String id = r.getString(1);
                boolean internal = r.getBoolean(6);
                Optional<Boolean> recordInternal = r.wasNull() ? Optional.empty() : Optional.of(internal);
                String mode = r.getString(7);
                companies.add(new Company(id, r.getString(2), ZoneId.of(r.getString(3)), r.getString(4),
                        new OfficeHours(hours.getOrDefault(id, Map.of())), holidays.getOrDefault(id, Set.of()),
                        ranges.getOrDefault(id, List.of()), companyWhitelist.getOrDefault(id, Set.of()),
                        WhitelistMode.parse(r.getString(5)), recordInternal,
                        mode == null ? Optional.empty() : Optional.of(OfficeHoursMode.parse(mode)),
                        Optional.ofNullable(r.getString(8)), featureCodes(r.getString(9), "company " + id)));
            }
        }
        Map<String, List<String>> numbers = new HashMap<>();
        Map<String, List<String>> aors = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT user_id, address, kind FROM directory.numbers ORDER BY user_id, ordinal");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                ("aor".equals(r.getString(3)) ? aors : numbers).computeIfAbsent(r.getString(1),
                        k -> new ArrayList<>()).add(r.getString(2));
            }
        }
        List<Subscriber> users = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id, company_id, display_name, profile, language, feature_codes FROM directory.users ORDER BY id");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                String id = r.getString(1);
                users.add(new Subscriber(id, r.getString(2), r.getString(3), numbers.getOrDefault(id, List.of()),
                        aors.getOrDefault(id, List.of()), RecordingProfile.parse(r.getString(4)),
                        userWhitelist.getOrDefault(id, Set.of()), Optional.ofNullable(r.getString(5)),
                        featureCodes(r.getString(6), "user " + id)));
            }
        }
        return new DirectoryData(companies, users, operatorWhitelist);
    }

    /**
     * A stored feature_codes value; one that cannot be read (changed in the table by other means) is logged and
     * read as nothing set, so that one bad row does not keep the whole directory from loading.
     */
    private static FeatureCodes featureCodes(String text, String owner) {
        try {
            return FeatureCodes.parse(text);
        } catch (IllegalArgumentException e) {
            org.slf4j.LoggerFactory.getLogger(Store.class).error(
                    "Directory: feature_codes of {} cannot be read ({}); nothing set is assumed", owner, e.getMessage());
            return FeatureCodes.INHERIT;
        }
    }

    static boolean companyExists(Connection c, String id) throws SQLException {
        return exists(c, "SELECT 1 FROM directory.companies WHERE id = ?", id);
    }

    static boolean userExists(Connection c, String id) throws SQLException {
        return exists(c, "SELECT 1 FROM directory.users WHERE id = ?", id);
    }

    /** The company of a user, or {@code null}. */
    static String companyOf(Connection c, String userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT company_id FROM directory.users WHERE id = ?")) {
            s.setString(1, userId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    /** The country code of a company, or {@code null}. */
    static String countryCode(Connection c, String companyId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT country_code FROM directory.companies WHERE id = ?")) {
            s.setString(1, companyId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    /** The user owning an address, or {@code null}. */
    static String owner(Connection c, String address) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT user_id FROM directory.numbers WHERE address = ?")) {
            s.setString(1, address);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    static int userCount(Connection c, String companyId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM directory.users WHERE company_id = ?")) {
            s.setString(1, companyId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /** Inserts or replaces a company with its hours, holidays, ranges and whitelist (not its users). */
    static void writeCompany(Connection c, Company company) throws SQLException {
        String id = company.id();
        boolean exists = companyExists(c, id);
        try (PreparedStatement s = c.prepareStatement(exists
                ? "UPDATE directory.companies SET name = ?, time_zone = ?, country_code = ?, whitelist_mode = ?,"
                        + " record_internal = ?, office_hours_mode = ?, language = ?, feature_codes = ? WHERE id = ?"
                : "INSERT INTO directory.companies (name, time_zone, country_code, whitelist_mode,"
                        + " record_internal, office_hours_mode, language, feature_codes, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, company.name());
            s.setString(2, company.zone().getId());
            s.setString(3, company.countryCode());
            s.setString(4, company.whitelistMode().token());
            if (company.recordInternal().isPresent()) {
                s.setBoolean(5, company.recordInternal().get());
            } else {
                s.setNull(5, Types.BOOLEAN);
            }
            s.setString(6, company.officeHoursMode().map(OfficeHoursMode::token).orElse(null));
            s.setString(7, company.language().orElse(null));
            s.setString(8, company.featureCodes().inherits() ? null : company.featureCodes().toString());
            s.setString(9, id);
            s.executeUpdate();
        }
        for (String table : List.of("office_hours", "holidays", "internal_ranges")) {
            update(c, "DELETE FROM directory." + table + " WHERE company_id = ?", id);
        }
        update(c, "DELETE FROM directory.whitelist WHERE scope = 'company' AND owner_id = ?", id);
        writeOfficeHours(c, id, company.officeHours());
        for (LocalDate day : company.holidays()) {
            addHoliday(c, id, day);
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO directory.internal_ranges (company_id, range_from, range_to) VALUES (?, ?, ?)")) {
            for (NumberRange range : new LinkedHashSet<>(company.internalRanges())) {
                s.setString(1, id);
                s.setString(2, range.from());
                s.setString(3, range.to());
                s.executeUpdate();
            }
        }
        for (String n : company.whitelist()) {
            addWhitelist(c, WhitelistScope.COMPANY, id, n);
        }
    }

    static void writeOfficeHours(Connection c, String companyId, OfficeHours hours) throws SQLException {
        update(c, "DELETE FROM directory.office_hours WHERE company_id = ?", companyId);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO directory.office_hours (company_id, day_of_week,"
                + " start_minute, end_minute) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<DayOfWeek, List<OfficeHours.Interval>> day : hours.week().entrySet()) {
                for (OfficeHours.Interval i : day.getValue()) {
                    s.setString(1, companyId);
                    s.setInt(2, day.getKey().getValue());
                    s.setInt(3, i.from().toSecondOfDay() / 60);
                    s.setInt(4, i.to().equals(LocalTime.MIDNIGHT) ? 1440 : i.to().toSecondOfDay() / 60);
                    s.executeUpdate();
                }
            }
        }
    }

    /** Removes a company, its hours, holidays, ranges and whitelist, and its users with theirs. */
    static boolean deleteCompany(Connection c, String id) throws SQLException {
        List<String> users = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM directory.users WHERE company_id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    users.add(r.getString(1));
                }
            }
        }
        for (String user : users) {
            deleteUser(c, user);
        }
        update(c, "DELETE FROM directory.whitelist WHERE scope = 'company' AND owner_id = ?", id);
        return update(c, "DELETE FROM directory.companies WHERE id = ?", id) > 0;
    }

    /** Inserts or replaces a user with its numbers, AORs and whitelist. */
    static void writeUser(Connection c, Subscriber user) throws SQLException {
        boolean exists = userExists(c, user.id());
        try (PreparedStatement s = c.prepareStatement(exists
                ? "UPDATE directory.users SET company_id = ?, display_name = ?, profile = ?, language = ?, feature_codes = ?"
                        + " WHERE id = ?"
                : "INSERT INTO directory.users (company_id, display_name, profile, language, feature_codes, id)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, user.companyId());
            s.setString(2, user.displayName());
            s.setString(3, user.profile().token());
            s.setString(4, user.language().orElse(null));
            s.setString(5, user.featureCodes().inherits() ? null : user.featureCodes().toString());
            s.setString(6, user.id());
            s.executeUpdate();
        }
        update(c, "DELETE FROM directory.numbers WHERE user_id = ?", user.id());
        update(c, "DELETE FROM directory.whitelist WHERE scope = 'user' AND owner_id = ?", user.id());
        int ordinal = 0;
        for (String n : user.numbers()) {
            addAddress(c, user.id(), n, "number", ordinal++);
        }
        for (String a : user.aors()) {
            addAddress(c, user.id(), a, "aor", ordinal++);
        }
        for (String n : user.whitelist()) {
            addWhitelist(c, WhitelistScope.USER, user.id(), n);
        }
    }

    static boolean deleteUser(Connection c, String id) throws SQLException {
        update(c, "DELETE FROM directory.whitelist WHERE scope = 'user' AND owner_id = ?", id);
        update(c, "DELETE FROM directory.numbers WHERE user_id = ?", id);
        return update(c, "DELETE FROM directory.users WHERE id = ?", id) > 0;
    }

    static void addAddress(Connection c, String userId, String address, String kind, int ordinal)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO directory.numbers (address, user_id, kind, ordinal) VALUES (?, ?, ?, ?)")) {
            s.setString(1, address);
            s.setString(2, userId);
            s.setString(3, kind);
            s.setInt(4, ordinal);
            s.executeUpdate();
        }
    }

    static int nextOrdinal(Connection c, String userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT COALESCE(MAX(ordinal), -1) + 1 FROM directory.numbers WHERE user_id = ?")) {
            s.setString(1, userId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    static boolean removeAddress(Connection c, String address) throws SQLException {
        return update(c, "DELETE FROM directory.numbers WHERE address = ?", address) > 0;
    }

    static boolean addWhitelist(Connection c, WhitelistScope scope, String owner, String e164) throws SQLException {
        String o = scope == WhitelistScope.OPERATOR ? OPERATOR_OWNER : owner;
        if (exists(c, "SELECT 1 FROM directory.whitelist WHERE scope = ? AND owner_id = ? AND e164 = ?",
                scope.token(), o, e164)) {
            return false;
        }
        return update(c, "INSERT INTO directory.whitelist (scope, owner_id, e164) VALUES (?, ?, ?)",
                scope.token(), o, e164) > 0;
    }

    static boolean removeWhitelist(Connection c, WhitelistScope scope, String owner, String e164)
            throws SQLException {
        return update(c, "DELETE FROM directory.whitelist WHERE scope = ? AND owner_id = ? AND e164 = ?",
                scope.token(), scope == WhitelistScope.OPERATOR ? OPERATOR_OWNER : owner, e164) > 0;
    }

    static boolean addHoliday(Connection c, String companyId, LocalDate day) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT 1 FROM directory.holidays WHERE company_id = ? AND holiday = ?")) {
            q.setString(1, companyId);
            q.setObject(2, day);
            try (ResultSet r = q.executeQuery()) {
                if (r.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO directory.holidays (company_id, holiday) VALUES (?, ?)")) {
            s.setString(1, companyId);
            s.setObject(2, day);
            return s.executeUpdate() > 0;
        }
    }

    static boolean removeHoliday(Connection c, String companyId, LocalDate day) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "DELETE FROM directory.holidays WHERE company_id = ? AND holiday = ?")) {
            s.setString(1, companyId);
            s.setObject(2, day);
            return s.executeUpdate() > 0;
        }
    }

    /** Empties every table but the revision (an import that replaces the directory). */
    static void deleteAll(Connection c) throws SQLException {
        for (String table : List.of("whitelist", "numbers", "users", "office_hours", "holidays", "internal_ranges",
                "companies")) {
            update(c, "DELETE FROM directory." + table);
        }
    }

    private static LocalTime time(int minute) {
        return minute >= 1440 ? LocalTime.MIDNIGHT : LocalTime.of(minute / 60, minute % 60);
    }

    private static boolean exists(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setString(i + 1, args[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    private static int update(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setString(i + 1, args[i]);
            }
            return s.executeUpdate();
        }
    }
}
