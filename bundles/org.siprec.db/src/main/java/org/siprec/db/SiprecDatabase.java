package org.siprec.db;

import javax.sql.DataSource;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's database, registered as an OSGi service by {@code org.siprec.db} once its connection pool is up
 * (configuration {@code org.siprec.db}: embedded H2 under Karaf's {@code data/db/} by default, PostgreSQL by
 * configuration). While the database is not reachable or its configuration is wrong the service is not
 * registered, so a component that references it is simply not active.
 * <p>
 * A bundle that keeps data here owns one schema, which it creates and evolves at activation with
 * {@link #migrate(String, ClassLoader)}, and then works with the {@link #dataSource()} pool, naming its tables
 * qualified by its schema ({@code directory.subscriber}). Scripts and queries are written in the SQL that both
 * H2 (run in PostgreSQL mode) and PostgreSQL accept: see {@code docs/database.md}.
 */
@ProviderType
public interface SiprecDatabase {

    /**
     * The connection pool. Connections come back to the pool on {@link java.sql.Connection#close()}: use
     * try-with-resources. {@code getConnection()} waits at most the configured {@code connect.timeout.ms} for a
     * free connection, then throws {@link java.sql.SQLTransientConnectionException}.
     */
    DataSource dataSource();

    /** The database product and version as the driver reports it, e.g. {@code H2 2.3.232 (2024-08-11)}. */
    String product();

    /**
     * Brings {@code schema} up to date: creates the schema if needed, then applies in order, each in its own
     * transaction, the versioned scripts listed in the resource {@code db/<schema>/index} of {@code scripts} (one
     * script name per line, {@code V<n>__<description>.sql}, versions 1, 2, 3... without gaps; blank lines and
     * lines starting with {@code #} are ignored) that the database's history does not hold yet. Idempotent: a
     * second call applies nothing. Calls for the same database are serialised.
     *
     * @param schema the consumer's schema, lower case: {@code [a-z][a-z0-9_]*}, at most 63 characters
     * @param scripts where {@code db/<schema>/index} and the scripts are read: usually the consumer's own
     *        {@code getClass().getClassLoader()} (works inside and outside OSGi)
     * @return the number of scripts applied by this call
     * @throws MigrationException when the index is missing or malformed (a name that does not parse, a gap in the
     *         versions), an applied script was changed since (its SHA-256 differs from the one recorded), the
     *         database holds a version the scripts do not have, or a script fails; the message names the schema,
     *         version and script. Scripts applied before the failing one stay applied.
     */
    int migrate(String schema, ClassLoader scripts) throws MigrationException;
}
