package org.siprec.db.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.osgi.service.jdbc.DataSourceFactory;
import org.siprec.db.MigrationException;
import org.siprec.testsupport.Configs;

/**
 * The database layer's contract, run against each supported database (H2 in PostgreSQL mode, a real PostgreSQL):
 * the pool through the driver's OSGi {@link DataSourceFactory}, and schema migrations from versioned scripts.
 * Each test gets a fresh, empty database ({@link #newDatabase(String)}) and its own script folders.
 */
abstract class AbstractDatabaseTest {
    static final Path BUILD = Path.of(System.getProperty("siprec.build.dir", "target"));

    private final List<PooledDatabase> opened = new ArrayList<>();
    private Path scriptsRoot;
    private String testName;
    private Map<String, Object> database;

    /** The driver's DataSourceFactory, as its bundle registers it in OSGi. */
    abstract DataSourceFactory factory();

    /** The service properties the driver's bundle registers its factory with. */
    abstract Map<String, Object> driverProperties();

    /** Configuration values (url, user, password) of a fresh, empty database. */
    abstract Map<String, Object> newDatabase(String name) throws Exception;

    /** The product name the driver reports. */
    abstract String productName();

    @BeforeEach
    void freshDatabase(TestInfo info) throws Exception {
        testName = info.getTestMethod().orElseThrow().getName().toLowerCase();
        scriptsRoot = Files.createDirectories(BUILD.resolve("db-scripts").resolve(getClass().getSimpleName())
                .resolve(testName));
        database = newDatabase("t_" + testName.replaceAll("[^a-z0-9]", "_"));
    }

    @AfterEach
    void closePools() {
        opened.forEach(PooledDatabase::close);
    }

    // --- migrations -------------------------------------------------------------------------------------------

    @Test
    void migrationsAreAppliedInOrderAndRecorded() throws Exception {
        Scripts alpha = scripts("alpha")
                .add("V1__create_item.sql", "CREATE TABLE item (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL);")
                .add("V2__add_note.sql", "-- a comment; with a semicolon\nALTER TABLE alpha.item ADD COLUMN note"
                        + " VARCHAR(100);\n/* block; comment */")
                .add("V3__seed.sql", "INSERT INTO alpha.item (id, name, note) VALUES (1, 'one', 'it''s; fine');\n"
                        + "INSERT INTO alpha.item (id, name) VALUES (2, 'two');");
        PooledDatabase db = open();
        assertEquals(3, db.migrate("alpha", alpha.loader()));

        assertEquals(List.of("1 'one' it's; fine", "2 'two' null"),
                rows(db, "SELECT id, name, note FROM alpha.item ORDER BY id", r -> r.getInt(1) + " '"
                        + r.getString(2) + "' " + r.getString(3)));
        List<String> history = rows(db, "SELECT schema_name, version, description, script, checksum, applied_at"
                + " FROM siprec_db.schema_history ORDER BY version", r -> {
                    assertNotNull(r.getTimestamp(6));
                    return r.getString(1) + " " + r.getInt(2) + " " + r.getString(3) + " " + r.getString(4) + " "
                            + r.getString(5).trim();
                });
        assertEquals(List.of("alpha 1 create item V1__create_item.sql " + alpha.sha256("V1__create_item.sql"),
                "alpha 2 add note V2__add_note.sql " + alpha.sha256("V2__add_note.sql"),
                "alpha 3 seed V3__seed.sql " + alpha.sha256("V3__seed.sql")), history);
    }

    @Test
    void aSecondRunAndARestartApplyNothingNewScriptsAreApplied() throws Exception {
        Scripts alpha = scripts("alpha").add("V1__create.sql", "CREATE TABLE alpha.item (id INTEGER PRIMARY KEY);")
                .add("V2__seed.sql", "INSERT INTO alpha.item (id) VALUES (1);");
        PooledDatabase db = open();
        assertEquals(2, db.migrate("alpha", alpha.loader()));
        assertEquals(0, db.migrate("alpha", alpha.loader()));
        db.close();

        PooledDatabase restarted = open();
        assertEquals(0, restarted.migrate("alpha", alpha.loader()));
        alpha.add("V3__more.sql", "INSERT INTO alpha.item (id) VALUES (2);");
        assertEquals(1, restarted.migrate("alpha", alpha.loader()));
        assertEquals(List.of("1", "2"), rows(restarted, "SELECT id FROM alpha.item ORDER BY id", r -> r.getString(1)));
        assertEquals(List.of("3"), rows(restarted, "SELECT COUNT(*) FROM siprec_db.schema_history", r -> r.getString(1)));
    }

    @Test
    void aChangedAppliedScriptIsRefusedNamingSchemaVersionAndFile() throws Exception {
        Scripts alpha = scripts("alpha").add("V1__create.sql", "CREATE TABLE alpha.item (id INTEGER PRIMARY KEY);")
                .add("V2__seed.sql", "INSERT INTO alpha.item (id) VALUES (1);");
        PooledDatabase db = open();
        db.migrate("alpha", alpha.loader());
        alpha.write("V2__seed.sql", "INSERT INTO alpha.item (id) VALUES (42);");
        alpha.add("V3__more.sql", "INSERT INTO alpha.item (id) VALUES (2);");

        MigrationException e = assertThrows(MigrationException.class, () -> db.migrate("alpha", alpha.loader()));
        assertTrue(e.getMessage().contains("schema alpha version 2: script db/alpha/V2__seed.sql changed after it"
                + " was applied"), e.getMessage());
        assertTrue(e.getMessage().contains(alpha.sha256("V2__seed.sql")), e.getMessage());
        assertEquals("alpha", e.schema());
        assertEquals(2, e.version());
        // nothing applied after the refusal
        assertEquals(List.of("1"), rows(db, "SELECT id FROM alpha.item", r -> r.getString(1)));
    }

    @Test
    void aGapInTheVersionsIsRefused() throws Exception {
        Scripts alpha = scripts("alpha").add("V1__create.sql", "CREATE TABLE alpha.item (id INTEGER PRIMARY KEY);")
                .add("V3__seed.sql", "INSERT INTO alpha.item (id) VALUES (1);");
        PooledDatabase db = open();
        MigrationException e = assertThrows(MigrationException.class, () -> db.migrate("alpha", alpha.loader()));
        assertTrue(e.getMessage().contains("schema alpha: db/alpha/index line 4: V3__seed.sql has version 3 where"
                + " version 2 is expected"), e.getMessage());
        // refused before anything was applied
        assertEquals(List.of(), rows(db, "SELECT version FROM siprec_db.schema_history", r -> r.getString(1)));
    }

    @Test
    void anUnparseableNameAMissingScriptOrIndexAndABadSchemaNameAreRefused() throws Exception {
        PooledDatabase db = open();
        Scripts bad = scripts("alpha").add("V1__create.sql", "CREATE TABLE alpha.item (id INTEGER);")
                .add("V2-seed.sql", "INSERT INTO alpha.item (id) VALUES (1);");
        MigrationException e = assertThrows(MigrationException.class, () -> db.migrate("alpha", bad.loader()));
        assertTrue(e.getMessage().contains("db/alpha/index line 4: 'V2-seed.sql' is not a script name"),
                e.getMessage());

        Scripts missing = scripts("beta").add("V1__create.sql", "CREATE TABLE beta.item (id INTEGER);");
        missing.index("V1__create.sql\nV2__absent.sql\n");
        e = assertThrows(MigrationException.class, () -> db.migrate("beta", missing.loader()));
        assertTrue(e.getMessage().contains("resource db/beta/V2__absent.sql not found"), e.getMessage());

        e = assertThrows(MigrationException.class, () -> db.migrate("gamma", missing.loader()));
        assertTrue(e.getMessage().contains("resource db/gamma/index not found"), e.getMessage());

        e = assertThrows(MigrationException.class, () -> db.migrate("Bad-Name", missing.loader()));
        assertTrue(e.getMessage().contains("schema name 'Bad-Name' is not usable"), e.getMessage());
        e = assertThrows(MigrationException.class, () -> db.migrate("siprec_db", missing.loader()));
        assertTrue(e.getMessage().contains("schema name 'siprec_db' is not usable"), e.getMessage());
    }

    @Test
    void aFailingScriptIsRolledBackAndReportedAndAFixedOneApplies() throws Exception {
        Scripts alpha = scripts("alpha").add("V1__create.sql", "CREATE TABLE alpha.item (id INTEGER PRIMARY KEY);")
                .add("V2__seed.sql", "INSERT INTO alpha.item (id) VALUES (1);\nINSERT INTO alpha.no_such_table (id)"
                        + " VALUES (2);");
        PooledDatabase db = open();
        MigrationException e = assertThrows(MigrationException.class, () -> db.migrate("alpha", alpha.loader()));
        assertTrue(e.getMessage().startsWith("schema alpha version 2 (db/alpha/V2__seed.sql) failed and was rolled"
                + " back: statement 2 of 2 failed"), e.getMessage());
        assertEquals(List.of(), rows(db, "SELECT id FROM alpha.item", r -> r.getString(1)));
        assertEquals(List.of("1"), rows(db, "SELECT version FROM siprec_db.schema_history", r -> r.getString(1)));

        alpha.write("V2__seed.sql", "INSERT INTO alpha.item (id) VALUES (1);");
        assertEquals(1, db.migrate("alpha", alpha.loader()));
        assertEquals(List.of("1"), rows(db, "SELECT id FROM alpha.item", r -> r.getString(1)));
    }

    @Test
    void twoSchemasLiveSideBySide() throws Exception {
        // the same unqualified table name in both: each lands in its own schema
        Scripts alpha = scripts("alpha").add("V1__create.sql", "CREATE TABLE item (name VARCHAR(20));\n"
                + "INSERT INTO item (name) VALUES ('from alpha');");
        Scripts beta = scripts("beta").add("V1__create.sql", "CREATE TABLE item (name VARCHAR(20));\n"
                + "INSERT INTO item (name) VALUES ('from beta');")
                .add("V2__more.sql", "INSERT INTO beta.item (name) VALUES ('beta again');");
        PooledDatabase db = open();
        assertEquals(1, db.migrate("alpha", alpha.loader()));
        assertEquals(2, db.migrate("beta", beta.loader()));
        assertEquals(0, db.migrate("alpha", alpha.loader()));

        assertEquals(List.of("from alpha"), rows(db, "SELECT name FROM alpha.item", r -> r.getString(1)));
        assertEquals(List.of("beta again", "from beta"),
                rows(db, "SELECT name FROM beta.item ORDER BY name", r -> r.getString(1)));
        assertEquals(List.of("alpha 1", "beta 1", "beta 2"), rows(db, "SELECT schema_name, version FROM"
                + " siprec_db.schema_history ORDER BY schema_name, version", r -> r.getString(1) + " " + r.getInt(2)));
        // a pooled connection's schema was reset after the migration: unqualified names do not see alpha's table
        try (Connection c = db.dataSource().getConnection()) {
            assertFalse("alpha".equalsIgnoreCase(c.getSchema()), c.getSchema());
        }
    }

    @Test
    void theSqlSubsetOfDocsDatabaseMdRunsAsDocumented() throws Exception {
        // the constructs docs/database.md allows, in a script and in queries; both databases must give the same
        Scripts subset = scripts("subset")
                .add("V1__types.sql", "CREATE TABLE subset.company (\n"
                        + "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
                        + "  name VARCHAR(100) NOT NULL,\n"
                        + "  code CHAR(4),\n"
                        + "  active BOOLEAN DEFAULT TRUE NOT NULL,\n"
                        + "  quota NUMERIC(10,2),\n"
                        + "  seats SMALLINT CHECK (seats >= 0),\n"
                        + "  notes TEXT,\n"
                        + "  founded DATE,\n"
                        + "  created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL);\n"
                        + "CREATE TABLE IF NOT EXISTS subset.person (\n"
                        + "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
                        + "  company_id BIGINT NOT NULL REFERENCES subset.company (id),\n"
                        + "  e164 VARCHAR(16) NOT NULL,\n"
                        + "  language VARCHAR(8));\n"
                        + "CREATE UNIQUE INDEX person_e164 ON subset.person (e164);\n"
                        + "CREATE INDEX IF NOT EXISTS person_company ON subset.person (company_id);")
                .add("V2__add_column.sql", "ALTER TABLE subset.person ADD COLUMN IF NOT EXISTS last_seen TIMESTAMP;")
                .add("V3__seed.sql", "INSERT INTO subset.company (name, code, quota, seats, founded) VALUES"
                        + " ('Acme', 'ACME', 12.50, 3, DATE '2020-01-31');\n"
                        + "INSERT INTO subset.person (company_id, e164) VALUES (1, '+4930111'), (1, '+4930222');\n"
                        + "INSERT INTO subset.person (company_id, e164, language) VALUES (1, '+4930111', 'de')"
                        + " ON CONFLICT DO NOTHING;");
        PooledDatabase db = open();
        assertEquals(3, db.migrate("subset", subset.loader()));
        assertEquals(List.of("+4930111 null", "+4930222 null"), rows(db, "SELECT e164, language FROM subset.person"
                + " ORDER BY language, e164", r -> r.getString(1) + " " + r.getString(2)));
        try (Connection c = db.dataSource().getConnection()) {
            try (var s = c.prepareStatement("INSERT INTO subset.person (company_id, e164, language) VALUES (?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                s.setLong(1, 1);
                s.setString(2, "+4930333");
                s.setString(3, "en");
                assertEquals(1, s.executeUpdate());
                try (ResultSet keys = s.getGeneratedKeys()) {
                    assertTrue(keys.next());
                    assertEquals(4, keys.getLong(1)); // the insert that did nothing used up 3, on both
                }
            }
        }
        // NULLs sort last ascending and first descending on both
        assertEquals(List.of("en", "null", "null"), rows(db, "SELECT language FROM subset.person ORDER BY language",
                r -> String.valueOf(r.getString(1))));
        assertEquals(List.of("null", "null", "en"), rows(db, "SELECT language FROM subset.person ORDER BY language"
                + " DESC", r -> String.valueOf(r.getString(1))));
        assertEquals(List.of("Acme 1 true 12.50 2 2020-01-31 true"), rows(db, "SELECT c.name, c.id, c.active, c.quota,"
                + " COUNT(p.id) FILTER (WHERE p.language IS NULL), c.founded, c.created_at <= CURRENT_TIMESTAMP"
                + " FROM subset.company c JOIN subset.person p ON p.company_id = c.id"
                + " GROUP BY c.name, c.id, c.active, c.quota, c.founded, c.created_at",
                r -> r.getString(1) + " " + r.getLong(2) + " " + r.getBoolean(3) + " " + r.getBigDecimal(4) + " "
                        + r.getInt(5) + " " + r.getDate(6) + " " + r.getBoolean(7)));
        assertEquals(List.of("+4930222"), rows(db, "SELECT e164 FROM subset.person ORDER BY e164 LIMIT 1 OFFSET 1",
                r -> r.getString(1)));
        assertEquals(List.of("+4930111"), rows(db, "SELECT e164 FROM subset.person ORDER BY e164"
                + " FETCH FIRST 1 ROWS ONLY", r -> r.getString(1)));
        assertEquals(List.of("none"), rows(db, "SELECT COALESCE(MAX(language), 'none') FROM subset.person"
                + " WHERE e164 LIKE '+4930_2%'", r -> r.getString(1)));
        assertEquals(List.of("1"), rows(db, "SELECT COUNT(*) FROM subset.person WHERE last_seen IS NULL"
                + " AND language = 'en'", r -> r.getString(1)));
    }

    // --- pool, product, log -----------------------------------------------------------------------------------

    @Test
    void thePoolHandsOutAtMostPoolSizeConnectionsAndTimesOutQuickly() throws Exception {
        Map<String, Object> values = new HashMap<>(database);
        values.put("pool.size", 3);
        values.put("connect.timeout.ms", 500);
        PooledDatabase db = open(values);
        assertTrue(db.product().startsWith(productName() + " "), db.product());
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(db.dataSource().getConnection());
                try (Statement s = held.get(i).createStatement(); ResultSet r = s.executeQuery("SELECT 1")) {
                    assertTrue(r.next());
                }
            }
            long start = System.nanoTime();
            assertThrows(SQLTransientConnectionException.class, () -> db.dataSource().getConnection().close());
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMs >= 400 && waitedMs < 2000, "waited " + waitedMs + " ms");
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        try (Connection c = db.dataSource().getConnection()) {
            assertTrue(c.isValid(1));
        }
    }

    @Test
    void theStartLineNamesProductUrlAndPoolButNeverThePassword() throws Exception {
        String password = (String) database.get("password");
        assertTrue(password != null && !password.isEmpty(), "the test databases have a password");
        String log;
        try (LogCapture capture = new LogCapture()) {
            open();
            log = capture.text();
        }
        String line = log.lines().filter(l -> l.contains("Database up:")).findFirst().orElseThrow(() ->
                new AssertionError("no start line in:\n" + log));
        assertTrue(line.contains(" INFO "), line);
        assertTrue(line.contains(productName() + " "), line);
        assertTrue(line.contains((String) database.get("url")), line);
        assertTrue(line.contains("pool of 8 connections"), line);
        assertFalse(log.contains(password), log);
    }

    @Test
    void aWrongPasswordIsAnErrorLineWithoutThePasswordAndNoDatabase() throws Exception {
        open().close(); // the database exists (H2 creates a new one for whoever connects first)
        Map<String, Object> values = new HashMap<>(database);
        values.put("password", "wrong-" + database.get("password"));
        String log;
        try (LogCapture capture = new LogCapture()) {
            assertNull(DatabaseComponent.open(Configs.of(DatabaseConfig.class, values), BUILD.toString(),
                    driverProperties(), factory()));
            log = capture.text();
        }
        assertTrue(log.contains("ERROR") && log.contains("Database not started: cannot connect with configuration"
                + " org.siprec.db keys url " + database.get("url")), log);
        assertFalse(log.contains((String) values.get("password")), log);
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    PooledDatabase open() {
        return open(database);
    }

    PooledDatabase open(Map<String, Object> values) {
        PooledDatabase db = DatabaseComponent.open(Configs.of(DatabaseConfig.class, values), BUILD.toString(),
                driverProperties(), factory());
        assertNotNull(db, "database did not open with " + values.get("url") + " (see the ERROR line above)");
        opened.add(db);
        return db;
    }

    interface Row<T> {
        T map(ResultSet r) throws SQLException;
    }

    static <T> List<T> rows(PooledDatabase db, String sql, Row<T> row) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                rows.add(row.map(r));
            }
        }
        return rows;
    }

    Scripts scripts(String schema) throws IOException {
        return new Scripts(scriptsRoot.resolve(schema + "-" + System.nanoTime()), schema);
    }

    /** Script folders {@code <root>/db/<schema>/} written by a test, read through a class loader like a bundle's. */
    static final class Scripts {
        private final Path root;
        private final Path folder;
        private final List<String> names = new ArrayList<>();

        Scripts(Path root, String schema) throws IOException {
            this.root = root;
            this.folder = Files.createDirectories(root.resolve("db").resolve(schema));
        }

        Scripts add(String name, String sql) throws IOException {
            write(name, sql);
            names.add(name);
            return index("# test scripts\n\n" + String.join("\n", names) + "\n");
        }

        Scripts write(String name, String sql) throws IOException {
            Files.writeString(folder.resolve(name), sql, StandardCharsets.UTF_8);
            return this;
        }

        Scripts index(String text) throws IOException {
            Files.writeString(folder.resolve("index"), text, StandardCharsets.UTF_8);
            return this;
        }

        String sha256(String name) throws IOException {
            return Migrator.sha256(Files.readString(folder.resolve(name)));
        }

        /** A fresh class loader each time: a changed file is read anew. */
        ClassLoader loader() throws IOException {
            return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
        }
    }
}
