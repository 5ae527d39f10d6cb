package org.siprec.itests.karaf;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.siprec.db.SiprecDatabase;
import org.siprec.testsupport.PostgresCluster;
import org.siprec.testsupport.exam.KarafExamOptions;

/**
 * The database layer in the distribution: the boot feature {@code siprec-db} brings the {@link SiprecDatabase}
 * service up on the embedded H2 file under {@code data/db/}, a bundle migrates its schema with scripts from its own
 * class loader, a bad configuration takes the service down with an ERROR line naming the key (and no password),
 * the corrected configuration brings it back without a restart, the PostgreSQL driver installs offline and
 * registers its DataSourceFactory, and configuration alone moves the platform to a real PostgreSQL server (a
 * throwaway cluster) and back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DatabaseKarafTest {
    static final String PID = "org.siprec.db";
    static final Duration STARTUP = Duration.ofSeconds(60);
    static final Duration CHANGE = Duration.ofSeconds(20);

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return KarafExamOptions.siprecDistribution();
    }

    @Test
    public void theDatabaseIsUpOnAnH2FileUnderDataAndMigratesABundlesSchema() throws Exception {
        SiprecDatabase db = database();
        assertTrue(db.product(), db.product().startsWith("H2 2."));
        Path file = Path.of(System.getProperty("karaf.data"), "db", "siprec.mv.db");
        assertTrue(file + " exists", Files.isRegularFile(file));

        int applied = db.migrate("itest_probe", getClass().getClassLoader());
        assertTrue("applied " + applied, applied == 2 || applied == 0); // 0 if the container was reused
        assertEquals(0, db.migrate("itest_probe", getClass().getClassLoader()));
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT name FROM itest_probe.probe WHERE id = 1")) {
            assertTrue(r.next());
            assertEquals("from the probe bundle", r.getString(1));
        }
    }

    @Test
    public void aBadConfigurationTakesTheServiceDownAndTheCorrectedOneBringsItBack() throws Exception {
        database();
        org.osgi.service.cm.Configuration config = service(ConfigurationAdmin.class).getConfiguration(PID, null);
        Dictionary<String, Object> original = config.getProperties();
        assertNotNull("no configuration " + PID + " (etc/" + PID + ".cfg)", original);
        Dictionary<String, Object> bad = copy(original);
        bad.put("url", "jdbc:mysql://127.0.0.1/siprec");
        bad.put("password", "itest-secret-pw");
        config.update(bad);
        try {
            await("SiprecDatabase unregistered").atMost(CHANGE)
                    .until(() -> context.getServiceReference(SiprecDatabase.class) == null);
            Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
            await("ERROR line in " + log).atMost(CHANGE).until(() -> errorLines(log).stream()
                    .anyMatch(l -> l.contains("key url: unsupported database jdbc:mysql:")));
            assertFalse("password in the log", Files.readString(log).contains("itest-secret-pw"));
        } finally {
            config.update(original);
        }
        SiprecDatabase db = database();
        try (Connection c = db.dataSource().getConnection()) {
            assertTrue(c.isValid(1));
        }
    }

    @Test
    public void thePostgresqlDriverInstallsOfflineAndRegistersItsDataSourceFactory() throws Exception {
        FeaturesService features = service(FeaturesService.class);
        features.installFeature("siprec-db-postgresql");
        await("PostgreSQL DataSourceFactory").atMost(CHANGE).until(() -> context.getServiceReferences(
                "org.osgi.service.jdbc.DataSourceFactory", "(osgi.jdbc.driver.class=org.postgresql.Driver)") != null);
        // the H2 database is untouched by the driver's arrival
        assertTrue(database().product().startsWith("H2 "));
    }

    @Test
    public void theDistributionSwitchesToARealPostgresqlByConfigurationAlone() throws Exception {
        database();
        // a throwaway PostgreSQL server (initdb + pg_ctl of the Debian package postgresql; fails naming it if absent)
        try (PostgresCluster postgres = PostgresCluster.start(Path.of(System.getProperty("karaf.base"), "postgresql"))) {
            service(FeaturesService.class).installFeature("siprec-db-postgresql");
            org.osgi.service.cm.Configuration config = service(ConfigurationAdmin.class).getConfiguration(PID, null);
            Dictionary<String, Object> original = config.getProperties();
            Dictionary<String, Object> pg = copy(original);
            pg.put("url", postgres.url("postgres"));
            pg.put("user", PostgresCluster.USER);
            pg.put("password", PostgresCluster.PASSWORD);
            pg.put("dataSourceFactory.target", "(osgi.jdbc.driver.class=org.postgresql.Driver)");
            config.update(pg);
            try {
                ServiceReference<?>[] refs = await("SiprecDatabase on PostgreSQL").atMost(CHANGE).until(
                        () -> context.getServiceReferences(SiprecDatabase.class.getName(), "(db.product=PostgreSQL*)"),
                        r -> r != null);
                SiprecDatabase db = (SiprecDatabase) context.getService(refs[0]);
                assertTrue(db.product(), db.product().startsWith("PostgreSQL "));
                assertEquals(2, db.migrate("itest_probe", getClass().getClassLoader()));
                assertEquals(0, db.migrate("itest_probe", getClass().getClassLoader()));
                try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("SELECT name FROM itest_probe.probe WHERE id = 1")) {
                    assertTrue(r.next());
                    assertEquals("from the probe bundle", r.getString(1));
                }
                String log = Files.readString(Path.of(System.getProperty("karaf.data"), "log", "karaf.log"));
                assertTrue(log, log.contains("Database up: PostgreSQL "));
                assertFalse("password in the log", log.contains(PostgresCluster.PASSWORD));
            } finally {
                config.update(original);
            }
            await("SiprecDatabase back on H2").atMost(CHANGE).until(() -> context.getServiceReferences(
                    SiprecDatabase.class.getName(), "(db.product=H2*)") != null);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private SiprecDatabase database() {
        return service(SiprecDatabase.class);
    }

    private static List<String> errorLines(Path log) throws Exception {
        return Files.readAllLines(log).stream().filter(l -> l.contains("ERROR")).collect(Collectors.toList());
    }

    private <S> S service(Class<S> type) {
        return InContainer.service(context, type);
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> source) {
        Hashtable<String, Object> copy = new Hashtable<>();
        for (var keys = source.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            copy.put(key, source.get(key));
        }
        return copy;
    }
}
