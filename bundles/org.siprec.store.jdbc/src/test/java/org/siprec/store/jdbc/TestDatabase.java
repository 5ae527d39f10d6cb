package org.siprec.store.jdbc;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.service.jdbc.DataSourceFactory;
import org.siprec.db.SiprecDatabase;
import org.siprec.testsupport.Configs;

/**
 * The real database layer of {@code org.siprec.db} (its HikariCP pool and migrator), opened outside OSGi the way its
 * component opens it: {@code org.siprec.db} publishes no test fixture, so its package-private
 * {@code DatabaseComponent.open} is called by reflection (as the directory's tests do).
 */
final class TestDatabase {
    private TestDatabase() {
    }

    static SiprecDatabase open(Map<String, Object> values, Map<String, Object> driverProperties,
            DataSourceFactory factory, Path karafData) throws Exception {
        Class<?> component = Class.forName("org.siprec.db.internal.DatabaseComponent");
        Class<?> configType = Class.forName("org.siprec.db.internal.DatabaseConfig");
        Method open = component.getDeclaredMethod("open", configType, String.class, Map.class, DataSourceFactory.class);
        open.setAccessible(true);
        SiprecDatabase db = (SiprecDatabase) open.invoke(null, Configs.of(configType, values), karafData.toString(),
                driverProperties, factory);
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
