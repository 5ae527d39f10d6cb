package org.siprec.db.internal;

import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.siprec.db.SiprecDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the platform's database for configuration {@code org.siprec.db} and registers it as the
 * {@link SiprecDatabase} service, but only once it is up: with a wrong configuration or an unreachable server it
 * logs one ERROR line naming the configuration key and registers nothing, and a corrected configuration (which
 * re-activates the component) brings it up without a restart. The JDBC driver is the
 * {@link DataSourceFactory} service chosen by {@code dataSourceFactory.target} (H2 by default).
 */
@Component(configurationPid = DatabaseConfig.PID, service = {}, immediate = true)
@Designate(ocd = DatabaseConfig.class)
public final class DatabaseComponent {
    static final String DRIVER_CLASS = DataSourceFactory.OSGI_JDBC_DRIVER_CLASS;
    /** Service property of {@link SiprecDatabase}: the product, e.g. {@code H2 2.3.232 (2024-08-11)}. */
    static final String PRODUCT_PROPERTY = "db.product";
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseComponent.class);

    private final PooledDatabase database;
    private final ServiceRegistration<SiprecDatabase> registration;

    @Activate
    public DatabaseComponent(DatabaseConfig config, BundleContext context,
            @Reference(name = "dataSourceFactory", service = DataSourceFactory.class,
                    target = DatabaseConfig.H2_DRIVER_TARGET) Map.Entry<Map<String, Object>, DataSourceFactory> driver) {
        this.database = open(config, System.getProperty("karaf.data", "data"), driver.getKey(), driver.getValue());
        if (database == null) {
            this.registration = null;
            return;
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(PRODUCT_PROPERTY, database.product());
        ServiceRegistration<SiprecDatabase> r;
        try {
            r = context.registerService(SiprecDatabase.class, database, properties);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        this.registration = r;
    }

    /** The opened database, or {@code null} after logging one ERROR line on why it cannot be opened. */
    static PooledDatabase open(DatabaseConfig config, String karafData, Map<String, Object> driverProperties,
            DataSourceFactory factory) {
        DatabaseSettings settings;
        try {
            settings = DatabaseSettings.of(config, karafData);
        } catch (DatabaseSettings.InvalidSetting e) {
            LOG.error("Database not started: configuration {} key {}; the SiprecDatabase service stays"
                    + " unregistered until etc/{}.cfg is corrected", DatabaseConfig.PID, e.getMessage(),
                    DatabaseConfig.PID);
            return null;
        }
        Object driverClass = driverProperties.get(DRIVER_CLASS);
        if (!settings.driverClass().equals(driverClass)) {
            LOG.error("Database not started: configuration {} key url {} needs the JDBC driver {} but key"
                    + " dataSourceFactory.target selects {}: set dataSourceFactory.target=({}={}){}; the"
                    + " SiprecDatabase service stays unregistered until etc/{}.cfg is corrected", DatabaseConfig.PID,
                    settings.safeUrl(), settings.driverClass(), driverClass, DRIVER_CLASS, settings.driverClass(),
                    settings.driverClass().equals(DatabaseSettings.POSTGRESQL_DRIVER)
                            ? " (driver from feature siprec-db-postgresql)" : "",
                    DatabaseConfig.PID);
            return null;
        }
        PooledDatabase database;
        try {
            database = PooledDatabase.open(factory, settings);
        } catch (Exception e) {
            LOG.error("Database not started: cannot connect with configuration {} keys url {} and user {} (password"
                    + " {}) within connect.timeout.ms {}: {}; the SiprecDatabase service stays unregistered until"
                    + " the database is reachable and etc/{}.cfg is saved again", DatabaseConfig.PID,
                    settings.safeUrl(), settings.user(), settings.password().isEmpty() ? "empty" : "set",
                    settings.connectTimeoutMs(), rootMessage(e), DatabaseConfig.PID);
            return null;
        }
        LOG.info("Database up: {} at {} (user {}), pool of {} connections, connect timeout {} ms",
                database.product(), settings.safeUrl(), settings.user(), settings.poolSize(),
                settings.connectTimeoutMs());
        return database;
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping: the framework unregistered it
            }
        }
        if (database != null) {
            database.close();
        }
    }

    /** Whether the database is open and registered (for tests). */
    boolean isUp() {
        return registration != null;
    }

    private static String rootMessage(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (b.indexOf(m) < 0) {
                if (b.length() > 0) {
                    b.append(" / ");
                }
                b.append(m);
            }
        }
        return DatabaseSettings.redact(b.toString());
    }
}
