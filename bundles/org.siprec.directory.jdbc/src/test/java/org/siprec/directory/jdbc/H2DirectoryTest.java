package org.siprec.directory.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.h2.Driver;
import org.h2.util.OsgiDataSourceFactory;
import org.osgi.service.jdbc.DataSourceFactory;
import org.siprec.db.SiprecDatabase;

/** The directory on the embedded database: an H2 file under target/ in PostgreSQL mode, as the platform runs it. */
class H2DirectoryTest extends AbstractDirectoryTest {
    private static final DataSourceFactory FACTORY = new OsgiDataSourceFactory(Driver.load());

    @Override
    Map<String, Object> newDatabase(String name) throws Exception {
        Path file = folder("h2").resolve(name).toAbsolutePath();
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
