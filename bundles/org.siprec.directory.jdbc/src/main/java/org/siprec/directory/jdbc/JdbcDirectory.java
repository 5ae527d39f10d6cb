package org.siprec.directory.jdbc;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.siprec.api.directory.Company;
import org.siprec.api.directory.DirectoryAdmin;
import org.siprec.api.directory.DirectoryData;
import org.siprec.api.directory.DirectoryException;
import org.siprec.api.directory.DirectoryFormat;
import org.siprec.api.directory.OfficeHours;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.directory.SubscriberDirectory;
import org.siprec.api.directory.WhitelistScope;
import org.siprec.db.MigrationException;
import org.siprec.db.SiprecDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default subscriber directory: kept in the platform database (schema {@code directory}), answered from an
 * immutable in-memory {@link Snapshot} that is rebuilt from the database after each change made here and swapped
 * in one volatile write; changes made by another node sharing the database are picked up by a periodic check of
 * the directory's revision ({@code refresh.interval.s}). Immediate: the schema is migrated and the snapshot loaded when
 * the database comes up, never on a first lookup from the signalling path.
 */
@Component(configurationPid = DirectoryConfig.PID, service = {SubscriberDirectory.class, DirectoryAdmin.class},
        immediate = true)
@Designate(ocd = DirectoryConfig.class)
public final class JdbcDirectory implements SubscriberDirectory, DirectoryAdmin {
    static final String SCHEMA = "directory";
    private static final Logger LOG = LoggerFactory.getLogger(JdbcDirectory.class);

    private final SiprecDatabase database;
    private final Object writeLock = new Object();
    private final ScheduledExecutorService refresher;
    private volatile Snapshot snapshot = Snapshot.EMPTY;

    @Activate
    public JdbcDirectory(@Reference SiprecDatabase database, DirectoryConfig config) throws MigrationException {
        this.database = database;
        int applied = database.migrate(SCHEMA, JdbcDirectory.class.getClassLoader());
        reload();
        Snapshot s = snapshot;
        LOG.info("Subscriber directory up on {}: {} companies, {} users, revision {}{}", database.product(),
                s.companies.size(), s.subscribers.size(), s.revision,
                applied > 0 ? " (" + applied + " schema scripts applied)" : "");
        int interval = Math.max(0, Math.min(3600, config.refresh_interval_s()));
        if (interval > 0) {
            refresher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "siprec-directory-refresh");
                t.setDaemon(true);
                return t;
            });
            refresher.scheduleWithFixedDelay(this::refreshIfChanged, interval, interval, TimeUnit.SECONDS);
        } else {
            refresher = null;
        }
    }

    @Deactivate
    void deactivate() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    // --- SubscriberDirectory: from the snapshot only ----------------------------------------------------------

    @Override
    public Optional<Subscriber> subscriber(String address) {
        return snapshot.subscriber(address, Optional.empty());
    }

    @Override
    public Optional<Subscriber> subscriber(String address, Optional<Company> context) {
        return snapshot.subscriber(address, context == null ? Optional.empty() : context);
    }

    @Override
    public Optional<Company> company(String companyId) {
        return companyId == null ? Optional.empty() : Optional.ofNullable(snapshot.companies.get(companyId));
    }

    @Override
    public boolean operatorWhitelisted(String address) {
        return normalise(address, Optional.empty()).map(snapshot.data.operatorWhitelist()::contains).orElse(false);
    }

    @Override
    public Set<String> operatorWhitelist() {
        return snapshot.data.operatorWhitelist();
    }

    @Override
    public Optional<String> normalise(String address, Optional<Company> context) {
        try {
            Address a = Address.parse(address,
                    context == null ? null : context.map(Company::countryCode).orElse(null));
            return a instanceof Address.Aor ? Optional.empty() : Optional.of(a.value());
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    @Override
    public long revision() {
        return snapshot.revision;
    }

    // --- DirectoryAdmin: one transaction each, then a new snapshot --------------------------------------------

    @Override
    public Company putCompany(Company company) {
        return write(c -> {
            Company normal = normalise(company, 0, "");
            Store.writeCompany(c, normal);
            return normal;
        });
    }

    @Override
    public boolean removeCompany(String companyId, boolean cascade) {
        return write(c -> {
            int users = Store.userCount(c, companyId);
            if (users > 0 && !cascade) {
                throw new DirectoryException("company", "company " + companyId + " still has " + users
                        + " users: remove them first, or remove the company with its users (--cascade)");
            }
            return Store.deleteCompany(c, companyId);
        });
    }

    @Override
    public Subscriber putSubscriber(Subscriber subscriber) {
        return write(c -> putUser(c, subscriber, 0, ""));
    }

    @Override
    public boolean removeSubscriber(String subscriberId) {
        return write(c -> Store.deleteUser(c, subscriberId));
    }

    @Override
    public String addAddress(String subscriberId, String address) {
        return write(c -> {
            String company = Store.companyOf(c, subscriberId);
            if (company == null) {
                throw new DirectoryException("user", "unknown user '" + subscriberId + "'");
            }
            Address a = parse(address, Store.countryCode(c, company), 0, "number");
            if (a instanceof Address.Extension) {
                throw new DirectoryException("number", "'" + address + "' is an extension: give the user's"
                        + " full number (E.164 or national form)");
            }
            String owner = Store.owner(c, a.value());
            if (owner != null) {
                if (owner.equals(subscriberId)) {
                    return a.value();
                }
                throw new DirectoryException("number", a.value() + " already belongs to user " + owner);
            }
            Store.addAddress(c, subscriberId, a.value(), a instanceof Address.Aor ? "aor" : "number",
                    Store.nextOrdinal(c, subscriberId));
            return a.value();
        });
    }

    @Override
    public boolean removeAddress(String address) {
        return write(c -> {
            // national forms: read with each company's country code until one is owned
            Set<String> candidates = new LinkedHashSet<>();
            try {
                candidates.add(Address.parse(address, null).value());
            } catch (IllegalArgumentException national) {
                for (String cc : snapshot.countryCodes) {
                    try {
                        candidates.add(Address.parse(address, cc).value());
                    } catch (IllegalArgumentException e) {
                        // not with this one
                    }
                }
                if (candidates.isEmpty()) {
                    throw new DirectoryException("number", national.getMessage());
                }
            }
            boolean removed = false;
            for (String a : candidates) {
                removed |= Store.removeAddress(c, a);
            }
            return removed;
        });
    }

    @Override
    public String addWhitelist(WhitelistScope scope, String owner, String number) {
        return write(c -> {
            String e164 = number(c, scope, owner, number);
            Store.addWhitelist(c, scope, owner, e164);
            return e164;
        });
    }

    @Override
    public boolean removeWhitelist(WhitelistScope scope, String owner, String number) {
        return write(c -> Store.removeWhitelist(c, scope, owner, number(c, scope, owner, number)));
    }

    @Override
    public void setOfficeHours(String companyId, OfficeHours hours) {
        write(c -> {
            requireCompany(c, companyId, 0, "company");
            Store.writeOfficeHours(c, companyId, hours);
            return null;
        });
    }

    @Override
    public boolean addHoliday(String companyId, LocalDate date) {
        return write(c -> {
            requireCompany(c, companyId, 0, "company");
            return Store.addHoliday(c, companyId, date);
        });
    }

    @Override
    public boolean removeHoliday(String companyId, LocalDate date) {
        return write(c -> {
            requireCompany(c, companyId, 0, "company");
            return Store.removeHoliday(c, companyId, date);
        });
    }

    @Override
    public void importData(DirectoryData data, boolean replace) {
        List<Change> changes = new ArrayList<>();
        data.companies().forEach(company -> changes.add(Change.of(0, company)));
        data.subscribers().forEach(user -> changes.add(Change.of(0, user)));
        data.operatorWhitelist().forEach(n -> changes.add(Change.operatorWhitelist(0, n)));
        apply(changes, replace);
    }

    /**
     * Applies an import, all or nothing: companies first, then users, then operator whitelist entries, each error
     * naming the item's line (or id) and field.
     *
     * @return how many companies, users and operator whitelist entries were written
     */
    int[] apply(List<Change> changes, boolean replace) {
        return write(c -> {
            if (replace) {
                Store.deleteAll(c);
            }
            int[] counts = new int[3];
            Map<String, Integer> seenCompanies = new HashMap<>();
            for (Change change : changes) {
                if (change.item() instanceof Company company) {
                    Integer first = seenCompanies.putIfAbsent(company.id(), change.line());
                    if (first != null) {
                        throw new DirectoryException(change.line(), "id", change.where() + "company " + company.id()
                                + " is given twice" + (first > 0 ? " (first on line " + first + ")" : ""), null);
                    }
                    Store.writeCompany(c, normalise(company, change.line(), change.where()));
                    counts[0]++;
                }
            }
            Map<String, Integer> seenUsers = new HashMap<>();
            for (Change change : changes) {
                if (change.item() instanceof Subscriber user) {
                    Integer first = seenUsers.putIfAbsent(user.id(), change.line());
                    if (first != null) {
                        throw new DirectoryException(change.line(), "id", change.where() + "user " + user.id()
                                + " is given twice" + (first > 0 ? " (first on line " + first + ")" : ""), null);
                    }
                    putUser(c, user, change.line(), change.where());
                    counts[1]++;
                }
            }
            for (Change change : changes) {
                if (change.item() instanceof Change.OperatorWhitelist entry) {
                    Address a = parse(entry.number(), null, change.line(), change.where() + "number");
                    Store.addWhitelist(c, WhitelistScope.OPERATOR, null, a.value());
                    counts[2]++;
                }
            }
            return counts;
        });
    }

    @Override
    public DirectoryData exportData() {
        try (Connection c = database.dataSource().getConnection()) {
            return Store.load(c);
        } catch (SQLException e) {
            throw new DirectoryException(0, null, "database: " + e.getMessage(), e);
        }
    }

    @Override
    public DirectoryData read(Reader in, DirectoryFormat format) throws IOException {
        List<Change> changes = switch (format) {
            case CSV -> Formats.readCsv(in);
            case JSON -> Formats.readJson(in);
        };
        List<Company> companies = new ArrayList<>();
        List<Subscriber> users = new ArrayList<>();
        Set<String> operator = new LinkedHashSet<>();
        for (Change change : changes) {
            if (change.item() instanceof Company company) {
                companies.add(company);
            } else if (change.item() instanceof Subscriber user) {
                users.add(user);
            } else if (change.item() instanceof Change.OperatorWhitelist entry) {
                operator.add(entry.number());
            }
        }
        return new DirectoryData(companies, users, operator);
    }

    @Override
    public String write(DirectoryData data, DirectoryFormat format) {
        try {
            return switch (format) {
                case CSV -> Formats.writeCsv(data);
                case JSON -> Formats.writeJson(data);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
    }

    @Override
    public void reload() {
        synchronized (writeLock) {
            try (Connection c = database.dataSource().getConnection()) {
                swap(c);
            } catch (SQLException e) {
                throw new DirectoryException(0, null, "database: " + e.getMessage(), e);
            }
        }
    }

    /** The snapshot lookups answer from (tests, shell). */
    Snapshot snapshot() {
        return snapshot;
    }

    private void refreshIfChanged() {
        try {
            long stored;
            try (Connection c = database.dataSource().getConnection()) {
                stored = Store.revision(c);
            }
            if (stored != snapshot.revision) {
                reload();
                LOG.info("Subscriber directory reloaded: revision {} (changed in the database)", snapshot.revision);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Subscriber directory: cannot check the database for changes ({}); lookups go on with"
                    + " revision {}", e.getMessage(), snapshot.revision);
        }
    }

    /** Loads the whole directory in one consistent read and swaps it in. Holding {@link #writeLock}. */
    private void swap(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        int isolation = c.getTransactionIsolation();
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            long revision = Store.revision(c);
            DirectoryData data = Store.load(c);
            c.commit();
            snapshot = new Snapshot(data, revision);
        } finally {
            c.rollback();
            c.setTransactionIsolation(isolation);
            c.setAutoCommit(autoCommit);
        }
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction that also increments the revision; commits and swaps in a new snapshot,
     * or rolls back everything and rethrows.
     */
    private <T> T write(Work<T> work) {
        synchronized (writeLock) {
            try (Connection c = database.dataSource().getConnection()) {
                c.setAutoCommit(false);
                T result;
                try {
                    Store.bump(c);
                    result = work.run(c);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
                try {
                    swap(c);
                } catch (SQLException e) {
                    // committed: the next revision check or reload brings it in
                    LOG.warn("Subscriber directory: change committed but the snapshot could not be reloaded ({});"
                            + " lookups answer from revision {} until the next refresh or siprec:directory-reload",
                            e.getMessage(), snapshot.revision);
                }
                return result;
            } catch (SQLException e) {
                throw new DirectoryException(0, null, "database: " + e.getMessage(), e);
            }
        }
    }

    private static void requireCompany(Connection c, String companyId, int line, String field)
            throws SQLException {
        if (companyId == null || !Store.companyExists(c, companyId)) {
            throw new DirectoryException(line, field, "unknown company '" + companyId + "'", null);
        }
    }

    private Subscriber putUser(Connection c, Subscriber user, int line, String where) throws SQLException {
        String cc = Store.countryCode(c, user.companyId());
        if (cc == null) {
            throw new DirectoryException(line, where + "company", "unknown company '" + user.companyId() + "'",
                    null);
        }
        List<String> numbers = new ArrayList<>();
        List<String> aors = new ArrayList<>();
        List<String> given = new ArrayList<>(user.numbers());
        given.addAll(user.aors());
        for (String address : given) {
            Address a = parse(address, cc, line, where + "numbers");
            if (a instanceof Address.Extension) {
                throw new DirectoryException(line, where + "numbers", "'" + address + "' is an extension: give"
                        + " the user's full number (E.164 or national form)", null);
            }
            List<String> list = a instanceof Address.Aor ? aors : numbers;
            if (!list.contains(a.value())) {
                list.add(a.value());
            }
            String owner = Store.owner(c, a.value());
            if (owner != null && !owner.equals(user.id())) {
                throw new DirectoryException(line, where + "numbers", a.value() + " already belongs to user "
                        + owner, null);
            }
        }
        Set<String> whitelist = new TreeSet<>();
        for (String n : user.whitelist()) {
            whitelist.add(e164(n, cc, line, where + "whitelist"));
        }
        Subscriber normal = new Subscriber(user.id(), user.companyId(), user.displayName(), numbers, aors,
                user.profile(), whitelist, user.language(), user.featureCodes());
        Store.writeUser(c, normal);
        return normal;
    }

    private static Company normalise(Company company, int line, String where) {
        Set<String> whitelist = new TreeSet<>();
        for (String n : company.whitelist()) {
            whitelist.add(e164(n, company.countryCode(), line, where + "whitelist"));
        }
        return company.withWhitelist(whitelist, company.whitelistMode());
    }

    private String number(Connection c, WhitelistScope scope, String owner, String number) throws SQLException {
        String cc = switch (scope) {
            case OPERATOR -> null;
            case COMPANY -> {
                requireCompany(c, owner, 0, "company");
                yield Store.countryCode(c, owner);
            }
            case USER -> {
                String company = Store.companyOf(c, owner);
                if (company == null) {
                    throw new DirectoryException("user", "unknown user '" + owner + "'");
                }
                yield Store.countryCode(c, company);
            }
        };
        return e164(number, cc, 0, "number");
    }

    private static String e164(String text, String cc, int line, String field) {
        Address a = parse(text, cc, line, field);
        if (!(a instanceof Address.Number)) {
            throw new DirectoryException(line, field, "'" + text + "' is not a telephone number in E.164 or a"
                    + " national form", null);
        }
        return a.value();
    }

    private static Address parse(String text, String cc, int line, String field) {
        try {
            return Address.parse(text, cc);
        } catch (IllegalArgumentException e) {
            throw new DirectoryException(line, field, e.getMessage(), null);
        }
    }
}
