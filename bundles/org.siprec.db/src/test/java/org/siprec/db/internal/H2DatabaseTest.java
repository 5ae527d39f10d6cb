package org.siprec.db.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.h2.Driver;
import org.h2.util.OsgiDataSourceFactory;
import org.junit.jupiter.api.Test;
import org.osgi.service.jdbc.DataSourceFactory;

/** The database contract on an embedded H2 file database under target/ (H2's own OSGi DataSourceFactory). */
class H2DatabaseTest extends AbstractDatabaseTest {
    private static final DataSourceFactory FACTORY = new OsgiDataSourceFactory(Driver.load());
    private Path file;

    @Override
    DataSourceFactory factory() {
        return FACTORY;
    }

    @Override
    Map<String, Object> driverProperties() {
        return Map.of(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS, "org.h2.Driver");
    }

    @Override
    Map<String, Object> newDatabase(String name) throws Exception {
        Path dir = Files.createDirectories(BUILD.resolve("h2"));
        file = dir.resolve(name).toAbsolutePath();
        Files.deleteIfExists(Path.of(file + ".mv.db"));
        Files.deleteIfExists(Path.of(file + ".trace.db"));
        // as an operator would write it: the PostgreSQL-mode settings are added by the component
        return Map.of("url", "jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH", "user", "siprec", "password", "h2-s3cret-Pw");
    }

    @Override
    String productName() {
        return "H2";
    }

    @Test
    void theDatabaseIsAFileWhereTheUrlSays() throws Exception {
        open();
        assertTrue(Files.isRegularFile(Path.of(file + ".mv.db")), file + ".mv.db");
    }
}
