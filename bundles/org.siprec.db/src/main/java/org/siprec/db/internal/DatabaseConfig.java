package org.siprec.db.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration {@code org.siprec.db} ({@code etc/org.siprec.db.cfg}); see docs/database.md. */
@ObjectClassDefinition(id = DatabaseConfig.PID, name = "siprec database",
        description = "The platform's one database: embedded H2 file under Karaf's data/db/ by default, PostgreSQL"
                + " by configuration (url, user, password, dataSourceFactory.target)")
public @interface DatabaseConfig {
    /** The configuration PID. */
    String PID = "org.siprec.db";

    /** The DataSourceFactory of the H2 driver (the default). */
    String H2_DRIVER_TARGET = "(osgi.jdbc.driver.class=org.h2.Driver)";

    @AttributeDefinition(name = "JDBC URL", required = false,
            description = "jdbc:h2:... or jdbc:postgresql://host:port/database. Empty: the embedded H2 file"
                    + " ${karaf.data}/db/siprec in PostgreSQL mode. H2 URLs get MODE=PostgreSQL,"
                    + " DATABASE_TO_LOWER=TRUE and DEFAULT_NULL_ORDERING=HIGH added when they lack them.")
    String url() default "";

    @AttributeDefinition(name = "user", required = false, description = "Database user")
    String user() default "siprec";

    @AttributeDefinition(name = "password", type = AttributeType.PASSWORD, required = false,
            description = "Database password (never logged)")
    String password() default "";

    @AttributeDefinition(name = "pool size", description = "Connections in the pool (1-100)")
    int pool_size() default 8;

    @AttributeDefinition(name = "connect timeout (ms)",
            description = "Longest wait for a connection, from the pool or from the server (250-60000 ms)")
    int connect_timeout_ms() default 2000;

    @AttributeDefinition(name = "JDBC driver (DataSourceFactory filter)",
            description = "Which driver's org.osgi.service.jdbc.DataSourceFactory service to use: "
                    + H2_DRIVER_TARGET + " or (osgi.jdbc.driver.class=org.postgresql.Driver)"
                    + " (feature siprec-db-postgresql)")
    String dataSourceFactory_target() default H2_DRIVER_TARGET;
}
