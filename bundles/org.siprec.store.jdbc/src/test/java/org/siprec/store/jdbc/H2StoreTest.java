package org.siprec.store.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.h2.Driver;
import org.h2.util.OsgiDataSourceFactory;
import org.osgi.service.jdbc.DataSourceFactory;
import org.siprec.db.SiprecDatabase;

/** The catalogue on the embedded database: an H2 file under target/ in PostgreSQL mode, as the platform runs it. */
class H2StoreTest extends AbstractStoreTest {
    private static final DataSourceFactory FACTORY = new OsgiDataSourceFactory(Driver.load());

    @Override
    Map<String, Object> newDatabase(String name) throws Exception {
        Path file = BUILD.resolve("h2").resolve(name).toAbsolutePath();
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(Path.of(file + ".mv.db"));
        Files.deleteIfExists(Path.of(file + ".trace.db"));
        return Map.of("url", "jdbc:h2:file:" + file, "user", "siprec", "password", "h2-pw");
    }

    @Override
    SiprecDatabase open(Map<String, Object> values) throws Exception {
        return TestDatabase.open(values, Map.of(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS, "org.h2.Driver"), FACTORY,
                BUILD);
    }
}
