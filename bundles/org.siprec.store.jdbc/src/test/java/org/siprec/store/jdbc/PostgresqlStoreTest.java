package org.siprec.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.osgi.service.jdbc.DataSourceFactory;
import org.postgresql.osgi.PGDataSourceFactory;
import org.siprec.db.SiprecDatabase;
import org.siprec.testsupport.PostgresCluster;

/**
 * The same catalogue tests on a real PostgreSQL server: a throwaway cluster under target/ ({@link PostgresCluster};
 * Debian package {@code postgresql}, the test fails naming it when it is missing), one database per test.
 */
class PostgresqlStoreTest extends AbstractStoreTest {
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
    SiprecDatabase open(Map<String, Object> values) throws Exception {
        return TestDatabase.open(values, Map.of(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS, "org.postgresql.Driver"),
                FACTORY, BUILD);
    }
}
