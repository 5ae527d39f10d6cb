package org.siprec.db.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.siprec.db.MigrationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned SQL scripts of a consumer's schema and records them in {@code siprec_db.schema_history}
 * (schema, version, description, script, SHA-256 checksum, applied_at). Works on any {@link DataSource}; the
 * database must be H2 in PostgreSQL mode or PostgreSQL.
 */
final class Migrator {
    static final String HISTORY_SCHEMA = "siprec_db";
    static final String HISTORY_TABLE = HISTORY_SCHEMA + ".schema_history";
    static final Pattern SCHEMA_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    static final Pattern SCRIPT_NAME = Pattern.compile("V([1-9][0-9]{0,8})__([A-Za-z0-9_]+)\\.sql");
    private static final Set<String> RESERVED_SCHEMAS =
            Set.of(HISTORY_SCHEMA, "public", "information_schema", "pg_catalog", "pg_toast");
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);

    private final DataSource dataSource;
    private final Object lock = new Object();

    /** One script of the index, read and hashed. */
    record Script(int version, String description, String file, String sql, String checksum) {
    }

    Migrator(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the history table if it is not there yet. */
    void prepare() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + HISTORY_SCHEMA);
            s.execute("CREATE TABLE IF NOT EXISTS " + HISTORY_TABLE + " ("
                    + "schema_name VARCHAR(63) NOT NULL, "
                    + "version INTEGER NOT NULL, "
                    + "description VARCHAR(200) NOT NULL, "
                    + "script VARCHAR(255) NOT NULL, "
                    + "checksum CHAR(64) NOT NULL, "
                    + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "PRIMARY KEY (schema_name, version))");
        }
    }

    int migrate(String schema, ClassLoader loader) throws MigrationException {
        if (schema == null || !SCHEMA_NAME.matcher(schema).matches() || RESERVED_SCHEMAS.contains(schema)
                || schema.startsWith("pg_")) {
            throw new MigrationException(String.valueOf(schema), 0, "schema name '" + schema + "' is not usable:"
                    + " lower case [a-z][a-z0-9_]*, at most 63 characters, not one of " + RESERVED_SCHEMAS
                    + " or pg_*", null);
        }
        if (loader == null) {
            throw new MigrationException(schema, 0, "schema " + schema + ": no class loader given for its scripts",
                    null);
        }
        List<Script> scripts = read(schema, loader);
        synchronized (lock) {
            Map<Integer, String[]> applied = applied(schema);
            for (Map.Entry<Integer, String[]> row : applied.entrySet()) {
                int version = row.getKey();
                String[] recorded = row.getValue(); // script, checksum, applied_at
                if (version > scripts.size()) {
                    throw new MigrationException(schema, version, "schema " + schema + " is at version " + version
                            + " in the database (script " + recorded[0] + ", applied " + recorded[2] + ") but db/"
                            + schema + "/index lists only " + scripts.size() + " version(s): the database was"
                            + " migrated by a newer version of its bundle; downgrading is not supported", null);
                }
                Script script = scripts.get(version - 1);
                if (!script.checksum().equalsIgnoreCase(recorded[1].trim())) {
                    throw new MigrationException(schema, version, "schema " + schema + " version " + version
                            + ": script db/" + schema + "/" + script.file() + " changed after it was applied on "
                            + recorded[2] + " (as " + recorded[0] + "; SHA-256 recorded " + recorded[1].trim()
                            + ", now " + script.checksum() + "). Never edit an applied script: restore it and add"
                            + " the change as version " + (scripts.size() + 1), null);
                }
            }
            int done = 0;
            for (Script script : scripts) {
                if (!applied.containsKey(script.version())) {
                    apply(schema, script);
                    done++;
                }
            }
            return done;
        }
    }

    /** The scripts listed in {@code db/<schema>/index}, checked: names parse, versions are 1, 2, 3... */
    static List<Script> read(String schema, ClassLoader loader) throws MigrationException {
        String folder = "db/" + schema + "/";
        String index = resource(schema, loader, folder + "index", 0);
        List<Script> scripts = new ArrayList<>();
        int lineNumber = 0;
        for (String line : index.split("\r?\n")) {
            lineNumber++;
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Matcher m = SCRIPT_NAME.matcher(name);
            if (!m.matches()) {
                throw new MigrationException(schema, 0, "schema " + schema + ": " + folder + "index line "
                        + lineNumber + ": '" + name + "' is not a script name V<version>__<description>.sql"
                        + " (version 1, 2, 3...; description of letters, digits and _)", null);
            }
            int version = Integer.parseInt(m.group(1));
            int expected = scripts.size() + 1;
            if (version != expected) {
                throw new MigrationException(schema, version, "schema " + schema + ": " + folder + "index line "
                        + lineNumber + ": " + name + " has version " + version + " where version " + expected
                        + " is expected: versions must be listed in order 1, 2, 3... without gaps or repeats",
                        null);
            }
            String sql = resource(schema, loader, folder + name, version);
            scripts.add(new Script(version, m.group(2).replace('_', ' '), name, sql, sha256(sql)));
        }
        if (scripts.isEmpty()) {
            throw new MigrationException(schema, 0, "schema " + schema + ": " + folder + "index lists no script",
                    null);
        }
        return scripts;
    }

    private Map<Integer, String[]> applied(String schema) throws MigrationException {
        Map<Integer, String[]> applied = new TreeMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT version, script, checksum, applied_at FROM "
                        + HISTORY_TABLE + " WHERE schema_name = ? ORDER BY version")) {
            s.setString(1, schema);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    applied.put(r.getInt(1), new String[] {r.getString(2), r.getString(3), r.getString(4)});
                }
            }
        } catch (SQLException e) {
            throw new MigrationException(schema, 0, "schema " + schema + ": cannot read " + HISTORY_TABLE + ": "
                    + e.getMessage(), e);
        }
        return applied;
    }

    private void apply(String schema, Script script) throws MigrationException {
        String where = "schema " + schema + " version " + script.version() + " (db/" + schema + "/" + script.file()
                + ")";
        long start = System.nanoTime();
        List<String> statements = SqlStatements.split(script.sql());
        try (Connection c = dataSource.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            }
            c.setAutoCommit(false);
            try {
                // unqualified names land in the consumer's schema, never in another one
                c.setSchema(schema);
                int n = 0;
                for (String sql : statements) {
                    n++;
                    try (Statement s = c.createStatement()) {
                        s.execute(sql);
                    } catch (SQLException e) {
                        throw new SQLException("statement " + n + " of " + statements.size() + " failed: "
                                + e.getMessage() + "\n    " + abbreviate(sql), e.getSQLState(), e);
                    }
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO " + HISTORY_TABLE
                        + " (schema_name, version, description, script, checksum, applied_at)"
                        + " VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP)")) {
                    s.setString(1, schema);
                    s.setInt(2, script.version());
                    s.setString(3, script.description());
                    s.setString(4, script.file());
                    s.setString(5, script.checksum());
                    s.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new MigrationException(schema, script.version(), where + " failed and was rolled back: "
                    + e.getMessage(), e);
        }
        LOG.info("Database schema {} migrated to version {} ({}, {} statement(s), {} ms)", schema, script.version(),
                script.file(), statements.size(), (System.nanoTime() - start) / 1_000_000);
    }

    private static String resource(String schema, ClassLoader loader, String name, int version)
            throws MigrationException {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new MigrationException(schema, version, "schema " + schema + ": resource " + name
                        + " not found by the class loader given (" + loader + ")", null);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MigrationException(schema, version, "schema " + schema + ": cannot read " + name + ": " + e,
                    e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String sql) {
        String one = sql.replaceAll("\\s+", " ");
        return one.length() <= 200 ? one : one.substring(0, 200) + "...";
    }
}
