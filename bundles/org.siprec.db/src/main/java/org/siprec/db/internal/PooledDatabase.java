package org.siprec.db.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.osgi.service.jdbc.DataSourceFactory;
import org.siprec.db.MigrationException;
import org.siprec.db.SiprecDatabase;

/**
 * The database of one configuration: a HikariCP pool over the driver's own {@link DataSource}, made by its OSGi
 * {@link DataSourceFactory}, the product it connects to, and the migrator. Opening it connects once (so that a
 * wrong URL, credentials or an unreachable server show at once) and creates the migration history table.
 */
final class PooledDatabase implements SiprecDatabase, AutoCloseable {
    static final String POOL_NAME = "siprec-db";

    private final HikariDataSource pool;
    private final String product;
    private final Migrator migrator;

    private PooledDatabase(HikariDataSource pool, String product) {
        this.pool = pool;
        this.product = product;
        this.migrator = new Migrator(pool);
    }

    /**
     * Opens the pool.
     *
     * @throws SQLException (or HikariCP's {@code PoolInitializationException}, a RuntimeException) when the database
     *         cannot be reached or refuses the login
     */
    static PooledDatabase open(DataSourceFactory factory, DatabaseSettings settings) throws SQLException {
        Properties props = new Properties();
        props.setProperty(DataSourceFactory.JDBC_URL, settings.url());
        if (!settings.user().isEmpty()) {
            props.setProperty(DataSourceFactory.JDBC_USER, settings.user());
        }
        if (!settings.password().isEmpty()) {
            props.setProperty(DataSourceFactory.JDBC_PASSWORD, settings.password());
        }
        DataSource driver = factory.createDataSource(props);

        HikariConfig config = new HikariConfig();
        config.setPoolName(POOL_NAME);
        config.setDataSource(driver);
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(settings.poolSize());
        // waiting for a pooled connection, and (as the driver's login timeout, rounded up to seconds) for a new one
        config.setConnectionTimeout(settings.connectTimeoutMs());
        config.setValidationTimeout(Math.max(DatabaseSettings.MIN_TIMEOUT_MS, settings.connectTimeoutMs() / 2));
        // one connection attempt at start: fail now, with the driver's message, rather than hand out a dead pool
        config.setInitializationFailTimeout(1);
        config.setRegisterMbeans(false);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            String product;
            try (Connection c = pool.getConnection()) {
                DatabaseMetaData md = c.getMetaData();
                product = md.getDatabaseProductName() + " " + md.getDatabaseProductVersion();
            }
            PooledDatabase database = new PooledDatabase(pool, product);
            database.migrator.prepare();
            return database;
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    @Override
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public String product() {
        return product;
    }

    @Override
    public int migrate(String schema, ClassLoader scripts) throws MigrationException {
        return migrator.migrate(schema, scripts);
    }

    @Override
    public void close() {
        pool.close();
    }
}
