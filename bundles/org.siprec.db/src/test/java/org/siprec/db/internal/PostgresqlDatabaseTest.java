package org.siprec.db.internal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.service.jdbc.DataSourceFactory;
import org.postgresql.osgi.PGDataSourceFactory;
import org.siprec.testsupport.Configs;

/**
 * The database contract on a real PostgreSQL server: a throwaway cluster under target/ (initdb + pg_ctl of the
 * Debian package {@code postgresql}; the test fails, naming it, when it is not installed), one database per test,
 * through the PostgreSQL driver's own OSGi DataSourceFactory.
 */
class PostgresqlDatabaseTest extends AbstractDatabaseTest {
    private static final DataSourceFactory FACTORY = new PGDataSourceFactory();
    private static PostgresCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = PostgresCluster.start(BUILD.resolve("postgresql"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    DataSourceFactory factory() {
        return FACTORY;
    }

    @Override
    Map<String, Object> driverProperties() {
        return Map.of(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS, "org.postgresql.Driver");
    }

    @Override
    Map<String, Object> newDatabase(String name) throws Exception {
        try (Connection c = DriverManager.getConnection(cluster.url("postgres"), PostgresCluster.USER,
                PostgresCluster.PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        return Map.of("url", cluster.url(name), "user", PostgresCluster.USER, "password", PostgresCluster.PASSWORD,
                "dataSourceFactory.target", "(osgi.jdbc.driver.class=org.postgresql.Driver)");
    }

    @Override
    String productName() {
        return "PostgreSQL";
    }

    @Test
    void anUnreachableServerFailsWithinTheConnectTimeout() throws Exception {
        Map<String, Object> values = new HashMap<>(Map.of("url", "jdbc:postgresql://127.0.0.1:1/siprec",
                "user", "siprec", "password", "x", "connect.timeout.ms", 1000));
        String log;
        long start = System.nanoTime();
        try (LogCapture capture = new LogCapture()) {
            assertNull(DatabaseComponent.open(Configs.of(DatabaseConfig.class, values), BUILD.toString(),
                    driverProperties(), factory()));
            log = capture.text();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 5000, ms + " ms");
        assertTrue(log.contains("ERROR") && log.contains("keys url jdbc:postgresql://127.0.0.1:1/siprec"), log);
        assertTrue(log.contains("Connection") && log.contains("refused"), log);
    }
}
