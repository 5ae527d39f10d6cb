package org.siprec.directory.jdbc;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.service.jdbc.DataSourceFactory;
import org.siprec.db.SiprecDatabase;
import org.siprec.testsupport.Configs;

/**
 * The real database layer of {@code org.siprec.db} (its HikariCP pool over the driver's OSGi DataSourceFactory and
 * its migrator), opened outside OSGi the way its component opens it. {@code org.siprec.db} offers no test fixture
 * yet, so its package-private {@code DatabaseComponent.open} is called by reflection.
 */
final class TestDatabase {
    private TestDatabase() {
    }

    /** Opens the database of configuration {@code values} ({@code org.siprec.db} keys); close it with {@link #close}. */
    static SiprecDatabase open(Map<String, Object> values, Map<String, Object> driverProperties,
            DataSourceFactory factory, Path karafData) throws Exception {
        Class<?> component = Class.forName("org.siprec.db.internal.DatabaseComponent");
        Class<?> configType = Class.forName("org.siprec.db.internal.DatabaseConfig");
        Method open = component.getDeclaredMethod("open", configType, String.class, Map.class,
                DataSourceFactory.class);
        open.setAccessible(true);
        Object config = Configs.of(configType, values);
        SiprecDatabase db = (SiprecDatabase) open.invoke(null, config, karafData.toString(), driverProperties,
                factory);
        if (db == null) {
            throw new IllegalStateException("the database did not open: " + values + " (see the log)");
        }
        return db;
    }

    static void close(SiprecDatabase db) throws Exception {
        if (db instanceof AutoCloseable c) {
            c.close();
        }
    }
}
