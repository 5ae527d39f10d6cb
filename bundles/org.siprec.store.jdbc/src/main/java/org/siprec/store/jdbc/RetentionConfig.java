package org.siprec.store.jdbc;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Retention of recordings (etc/org.siprec.store.retention.cfg); see docs/storage.md. */
@ObjectClassDefinition(id = RetentionConfig.PID, name = "siprec recording retention",
        description = "How long recordings are kept, per company; recordings on legal hold are never deleted")
public @interface RetentionConfig {
    String PID = "org.siprec.store.retention";

    @AttributeDefinition(name = "Default retention (days)",
            description = "Recordings that ended more than this many days ago are deleted (files and rows); 0 keeps them forever")
    int retention_days() default 0;

    @AttributeDefinition(name = "Retention per company",
            description = "company=days pairs, comma-separated (e.g. acme=365,beta=30); 0 keeps that company's recordings forever")
    String retention_company() default "";

    @AttributeDefinition(name = "Check interval (s)", description = "How often expired recordings are looked for (60-86400)")
    int check_interval_s() default 3600;
}
