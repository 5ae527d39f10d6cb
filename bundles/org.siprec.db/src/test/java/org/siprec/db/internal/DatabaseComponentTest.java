package org.siprec.db.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import org.h2.Driver;
import org.h2.util.OsgiDataSourceFactory;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.jdbc.DataSourceFactory;
import org.siprec.db.SiprecDatabase;
import org.siprec.testsupport.Configs;

/**
 * The DS component: registers {@link SiprecDatabase} only once the database is open, logs one ERROR line naming
 * the key otherwise, and closes the pool on deactivation. The default database is the H2 file under karaf.data.
 */
class DatabaseComponentTest {
    private static final Map<String, Object> H2 = Map.of(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS, "org.h2.Driver");
    private static final DataSourceFactory H2_FACTORY = new OsgiDataSourceFactory(Driver.load());

    /** A BundleContext that records registrations (all this component uses of it). */
    static final class Registrations {
        final List<Object[]> registered = new ArrayList<>();
        final List<Object> unregistered = new ArrayList<>();

        BundleContext context() {
            return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                        if (!method.getName().equals("registerService")) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        Object service = args[1];
                        registered.add(new Object[] {args[0], service, args[2]});
                        return Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                    if (m.getName().equals("unregister")) {
                                        unregistered.add(service);
                                        return null;
                                    }
                                    throw new UnsupportedOperationException(m.getName());
                                });
                    });
        }
    }

    @Test
    void theDefaultDatabaseIsAnH2FileUnderKarafDataRegisteredWithItsProduct() throws Exception {
        Path karafData = Files.createDirectories(AbstractDatabaseTest.BUILD.resolve("karaf-data-" + System.nanoTime()));
        String previous = System.getProperty("karaf.data");
        System.setProperty("karaf.data", karafData.toString());
        Registrations r = new Registrations();
        DatabaseComponent component;
        try (LogCapture log = new LogCapture()) {
            component = new DatabaseComponent(Configs.of(DatabaseConfig.class, Map.of()), r.context(),
                    Map.entry(H2, H2_FACTORY));
            assertTrue(log.text().contains("INFO org.siprec.db.internal.DatabaseComponent - Database up: H2 2.3.232"
                    + " (2024-08-11) at jdbc:h2:file:" + karafData.toAbsolutePath() + "/db/siprec;MODE=PostgreSQL;"
                    + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH (user siprec), pool of 8 connections,"
                    + " connect timeout 2000 ms"), log.text());
        } finally {
            if (previous == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", previous);
            }
        }
        assertTrue(component.isUp());
        assertTrue(Files.isRegularFile(karafData.resolve("db/siprec.mv.db")));
        assertEquals(1, r.registered.size());
        assertEquals(SiprecDatabase.class, r.registered.get(0)[0]);
        SiprecDatabase db = (SiprecDatabase) r.registered.get(0)[1];
        assertEquals("H2 2.3.232 (2024-08-11)", ((Dictionary<?, ?>) r.registered.get(0)[2]).get("db.product"));
        try (Connection c = db.dataSource().getConnection()) {
            assertTrue(c.isValid(1));
        }

        component.deactivate();
        assertEquals(List.of(db), r.unregistered);
        assertThrows(SQLException.class, () -> db.dataSource().getConnection(), "the pool is closed");
    }

    @Test
    void aBadConfigurationRegistersNothingAndLogsOneErrorNamingTheKey() {
        assertNotStarted(Map.of("url", "jdbc:mysql://db/siprec"), H2,
                "configuration org.siprec.db key url: unsupported database jdbc:mysql:");
        assertNotStarted(Map.of("pool.size", 500), H2, "key pool.size: 500 is not between 1 and 100");
        assertNotStarted(Map.of("url", "jdbc:postgresql://127.0.0.1:1/siprec", "password", "do-not-show"), H2,
                "key url jdbc:postgresql://127.0.0.1:1/siprec needs the JDBC driver org.postgresql.Driver but key"
                        + " dataSourceFactory.target selects org.h2.Driver: set"
                        + " dataSourceFactory.target=(osgi.jdbc.driver.class=org.postgresql.Driver) (driver from"
                        + " feature siprec-db-postgresql)");
    }

    private static void assertNotStarted(Map<String, Object> config, Map<String, Object> driver, String expected) {
        Registrations r = new Registrations();
        try (LogCapture log = new LogCapture()) {
            DatabaseComponent component = new DatabaseComponent(Configs.of(DatabaseConfig.class, config),
                    r.context(), Map.entry(driver, H2_FACTORY));
            assertFalse(component.isUp());
            List<String> errors = log.text().lines().filter(l -> l.contains("ERROR")).toList();
            assertEquals(1, errors.size(), log.text());
            assertTrue(errors.get(0).contains(expected), errors.get(0));
            assertFalse(log.text().contains("do-not-show"), log.text());
            component.deactivate();
        }
        assertTrue(r.registered.isEmpty());
    }
}
