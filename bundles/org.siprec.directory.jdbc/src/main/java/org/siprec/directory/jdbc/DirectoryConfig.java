package org.siprec.directory.jdbc;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration {@code org.siprec.directory} ({@code etc/org.siprec.directory.cfg}); see docs/directory.md. */
@ObjectClassDefinition(id = DirectoryConfig.PID, name = "siprec subscriber directory",
        description = "The subscriber directory kept in the platform database (org.siprec.db)")
public @interface DirectoryConfig {
    String PID = "org.siprec.directory";

    @AttributeDefinition(name = "refresh interval (s)", description = "How often the directory's revision in the"
            + " database is checked, so that changes made by another node sharing the database (PostgreSQL) reach"
            + " this node's in-memory snapshot; changes made through this node apply at once. 0: never (0-3600)")
    int refresh_interval_s() default 5;
}
