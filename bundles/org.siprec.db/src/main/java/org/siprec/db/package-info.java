/**
 * The platform's one database: a pooled {@link javax.sql.DataSource} (embedded H2 by default, PostgreSQL by
 * configuration) and the schema migrator with which each bundle that keeps data in it (subscriber directory, audit
 * trail, recording catalogue) creates and evolves its own schema from versioned SQL scripts. See
 * {@code docs/database.md}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.siprec.db;
